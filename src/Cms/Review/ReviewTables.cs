using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Review;

/// <summary>The review desk's tables on the one <see cref="CmsDbContext"/> and their mapping (applied with every feature's).</summary>
public static class ReviewTables
{
    extension(CmsDbContext db)
    {
        public DbSet<ReviewNote> ReviewNotes => db.Set<ReviewNote>();

        public DbSet<WorkflowMail> WorkflowMail => db.Set<WorkflowMail>();

        public DbSet<ReviewMailOptOut> ReviewMailOptOuts => db.Set<ReviewMailOptOut>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<ReviewNote>, IEntityTypeConfiguration<WorkflowMail>, IEntityTypeConfiguration<ReviewMailOptOut>
    {
        public void Configure(EntityTypeBuilder<ReviewNote> note)
        {
            note.ToTable("review_notes");
            note.Property(n => n.Locale).HasMaxLength(8);
            note.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
            note.Property(n => n.Text).HasMaxLength(ReviewNote.MaxLength);
            note.Property(n => n.Author).HasMaxLength(254);
            note.Property(n => n.AuthorName).HasMaxLength(120);
            note.HasIndex(n => new { n.ItemId, n.Locale });
            note.HasOne<ContentItem>().WithMany().HasForeignKey(n => n.ItemId).OnDelete(DeleteBehavior.Cascade);
        }

        public void Configure(EntityTypeBuilder<WorkflowMail> mail)
        {
            mail.ToTable("workflow_mail");
            mail.Property(m => m.To).HasMaxLength(254);
            mail.Property(m => m.Language).HasMaxLength(8);
            mail.Property(m => m.Subject).HasMaxLength(300);
            mail.Property(m => m.Body).HasMaxLength(4000);
            mail.HasIndex(m => m.SentAt);
            mail.HasOne<Accounts.User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        }

        public void Configure(EntityTypeBuilder<ReviewMailOptOut> optOut)
        {
            optOut.ToTable("review_mail_opt_outs");
            optOut.HasKey(o => o.UserId);
            optOut.Property(o => o.UserId).ValueGeneratedNever();
            optOut.HasOne<Accounts.User>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
