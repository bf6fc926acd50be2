using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000022_LanguagePlans")]
public sealed class M0022_LanguagePlans : SqlScriptMigration
{
    protected override string Script => "0022_language_plans";
}
