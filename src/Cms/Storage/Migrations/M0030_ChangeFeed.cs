using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000030_ChangeFeed")]
public sealed class M0030_ChangeFeed : SqlScriptMigration
{
    protected override string Script => "0030_change_feed";
}
