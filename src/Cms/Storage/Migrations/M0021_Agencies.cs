using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000021_Agencies")]
public sealed class M0021_Agencies : SqlScriptMigration
{
    protected override string Script => "0021_agencies";
}
