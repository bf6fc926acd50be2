using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261206000039_Reports")]
public sealed class M0039_Reports : SqlScriptMigration
{
    protected override string Script => "0039_reports";
}
