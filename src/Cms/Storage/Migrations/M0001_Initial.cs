using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000001_Initial")]
public sealed class M0001_Initial : SqlScriptMigration
{
    protected override string Script => "0001_initial";
}
