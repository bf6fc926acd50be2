using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000034_Termbase")]
public sealed class M0034_Termbase : SqlScriptMigration
{
    protected override string Script => "0034_termbase";
}
