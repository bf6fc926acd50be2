using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PromoSite.Cms.Storage.Migrations;

[DbContext(typeof(CmsDbContext))]
[Migration("20261122000010_TranslationAssignments")]
public sealed class M0010_TranslationAssignments : SqlScriptMigration
{
    protected override string Script => "0010_translation_assignments";
}
