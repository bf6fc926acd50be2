using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000028_JobLeases")]
public sealed class M0028_JobLeases : SqlScriptMigration
{
    protected override string Script => "0028_job_leases";
}
