using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000029_PressMail")]
public sealed class M0029_PressMail : SqlScriptMigration
{
    protected override string Script => "0029_press_mail";
}
