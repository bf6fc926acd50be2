using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000005_ShortLinks")]
public sealed class M0005_ShortLinks : SqlScriptMigration
{
    protected override string Script => "0005_short_links";
}
