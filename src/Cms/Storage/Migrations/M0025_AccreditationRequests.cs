using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000025_AccreditationRequests")]
public sealed class M0025_AccreditationRequests : SqlScriptMigration
{
    protected override string Script => "0025_accreditation_requests";
}
