using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000026_Monitoring")]
public sealed class M0026_Monitoring : SqlScriptMigration
{
    protected override string Script => "0026_monitoring";
}
