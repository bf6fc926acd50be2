using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000019_EnquiryNotices")]
public sealed class M0019_EnquiryNotices : SqlScriptMigration
{
    protected override string Script => "0019_enquiry_notices";
}
