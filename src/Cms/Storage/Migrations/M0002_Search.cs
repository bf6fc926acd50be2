using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

/// <summary>The full-text search index (not part of the EF model: it is written and read with SQL).</summary>
[DbContext(typeof(CmsDbContext))]
[Migration("20261122000002_Search")]
public sealed class M0002_Search : SqlScriptMigration
{
    protected override string Script => "0002_search";
}
