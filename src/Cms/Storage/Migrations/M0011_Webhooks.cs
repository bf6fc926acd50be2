using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000011_Webhooks")]
public sealed class M0011_Webhooks : SqlScriptMigration
{
    protected override string Script => "0011_webhooks";
}
