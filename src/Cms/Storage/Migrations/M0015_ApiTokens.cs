using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

/// <summary>Personal access tokens for the management API (hash of the secret only).</summary>
[DbContext(typeof(CmsDbContext))]
[Migration("20261122000015_ApiTokens")]
public sealed class M0015_ApiTokens : SqlScriptMigration
{
    protected override string Script => "0015_api_tokens";
}
