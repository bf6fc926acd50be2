using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000014_Sessions")]
public sealed class M0014_Sessions : SqlScriptMigration
{
    protected override string Script => "0014_sessions";
}
