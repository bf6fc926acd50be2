using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000020_UserAdminLanguage")]
public sealed class M0020_UserAdminLanguage : SqlScriptMigration
{
    protected override string Script => "0020_user_admin_language";
}
