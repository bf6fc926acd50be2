using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261205000023_ReviewDesk")]
public sealed class M0023_ReviewDesk : SqlScriptMigration
{
    protected override string Script => "0023_review_desk";
}
