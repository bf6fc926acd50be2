using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Enquiries;

/// <summary>
/// The tables of enquiries: their sets on the one <see cref="CmsDbContext"/> and their
/// mapping (applied by CmsDbContext.OnModelCreating with every feature's). Kept beside the
/// entities so that Storage names no feature and every feature can depend on Storage.
/// </summary>
public static class EnquiryTables
{
    extension(CmsDbContext db)
    {
        public DbSet<Enquiry> Enquiries => db.Set<Enquiry>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<Enquiry>
    {
        public void Configure(EntityTypeBuilder<Enquiry> enquiry)
        {
            enquiry.ToTable("enquiries");
            enquiry.Property(e => e.Locale).HasMaxLength(8);
            enquiry.Property(e => e.Name).HasMaxLength(120);
            enquiry.Property(e => e.Organisation).HasMaxLength(200);
            enquiry.Property(e => e.Email).HasMaxLength(254);
            enquiry.Property(e => e.Country).HasMaxLength(80);
            enquiry.Property(e => e.Phone).HasMaxLength(40);
            enquiry.Property(e => e.Message).HasMaxLength(4000);
            enquiry.Property(e => e.Note).HasMaxLength(2000);
            enquiry.Property(e => e.Campaign).HasMaxLength(200);
            enquiry.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
            enquiry.Ignore(e => e.Reference);
            enquiry.HasIndex(e => new { e.Status, e.ReceivedAt });
            // No foreign key: an enquiry outlives a purged item.
        }
    }
}
