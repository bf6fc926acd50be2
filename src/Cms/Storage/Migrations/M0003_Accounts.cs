using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000003_Accounts")]
public sealed class M0003_Accounts : SqlScriptMigration
{
    protected override string Script => "0003_accounts";
}
