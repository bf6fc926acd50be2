using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000013_Enquiries")]
public sealed class M0013_Enquiries : SqlScriptMigration
{
    protected override string Script => "0013_enquiries";
}
