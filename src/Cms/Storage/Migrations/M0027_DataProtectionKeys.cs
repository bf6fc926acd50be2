using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000027_DataProtectionKeys")]
public sealed class M0027_DataProtectionKeys : SqlScriptMigration
{
    protected override string Script => "0027_data_protection_keys";
}
