using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000008_Analytics")]
public sealed class M0008_Analytics : SqlScriptMigration
{
    protected override string Script => "0008_analytics";
}
