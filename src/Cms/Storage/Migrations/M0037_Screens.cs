using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000037_Screens")]
public sealed class M0037_Screens : SqlScriptMigration
{
    protected override string Script => "0037_screens";
}
