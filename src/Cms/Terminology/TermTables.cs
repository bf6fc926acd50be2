using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Terminology;

/// <summary>The termbase (migration 0034).</summary>
public static class TermTables
{
    public const int FormLength = 200;
    public const int VariantsLength = 1000;
    public const int DomainLength = 40;
    public const int NoteLength = 1000;

    extension(CmsDbContext db)
    {
        public DbSet<Term> Terms => db.Set<Term>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<Term>
    {
        public void Configure(EntityTypeBuilder<Term> term)
        {
            term.ToTable("terms");
            term.Property(t => t.Vi).HasMaxLength(FormLength);
            term.Property(t => t.En).HasMaxLength(FormLength);
            term.Property(t => t.Ko).HasMaxLength(FormLength);
            term.Property(t => t.Ja).HasMaxLength(FormLength);
            term.Property(t => t.Zh).HasMaxLength(FormLength);
            term.Property(t => t.ForbiddenVi).HasMaxLength(VariantsLength);
            term.Property(t => t.ForbiddenEn).HasMaxLength(VariantsLength);
            term.Property(t => t.ForbiddenKo).HasMaxLength(VariantsLength);
            term.Property(t => t.ForbiddenJa).HasMaxLength(VariantsLength);
            term.Property(t => t.ForbiddenZh).HasMaxLength(VariantsLength);
            term.Property(t => t.Domain).HasMaxLength(DomainLength);
            term.Property(t => t.Note).HasMaxLength(NoteLength);
            // One entry per Vietnamese term: a CSV import updates it by that form.
            term.HasIndex(t => t.Vi).IsUnique();
        }
    }
}
