using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000012_SiteShortLinks")]
public sealed class M0012_SiteShortLinks : SqlScriptMigration
{
    protected override string Script => "0012_site_short_links";
}
