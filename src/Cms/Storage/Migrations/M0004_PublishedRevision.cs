using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000004_PublishedRevision")]
public sealed class M0004_PublishedRevision : SqlScriptMigration
{
    protected override string Script => "0004_published_revision";
}
