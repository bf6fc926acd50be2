using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Translation;

/// <summary>
/// The tables of translation assignments: their sets on the one <see cref="CmsDbContext"/> and their
/// mapping (applied by CmsDbContext.OnModelCreating with every feature's). Kept beside the
/// entities so that Storage names no feature and every feature can depend on Storage.
/// </summary>
public static class TranslationTables
{
    extension(CmsDbContext db)
    {
        public DbSet<TranslationAssignment> TranslationAssignments => db.Set<TranslationAssignment>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<TranslationAssignment>
    {
        public void Configure(EntityTypeBuilder<TranslationAssignment> assignment)
        {
            assignment.ToTable("translation_assignments");
            assignment.Property(a => a.Locale).HasMaxLength(8);
            assignment.Property(a => a.Note).HasMaxLength(500);
            assignment.Property(a => a.AssignedBy).HasMaxLength(254);
            assignment.HasIndex(a => new { a.ItemId, a.Locale }).IsUnique();
            assignment.HasIndex(a => a.AssigneeId);
            assignment.HasOne<ContentItem>().WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
            assignment.HasOne<Accounts.User>().WithMany().HasForeignKey(a => a.AssigneeId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
