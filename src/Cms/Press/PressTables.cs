using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Press;

/// <summary>The press room's tables on the one <see cref="CmsDbContext"/>, and their mapping.</summary>
public static class PressTables
{
    extension(CmsDbContext db)
    {
        public DbSet<AccreditationRequest> AccreditationRequests => db.Set<AccreditationRequest>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<AccreditationRequest>
    {
        public void Configure(EntityTypeBuilder<AccreditationRequest> request)
        {
            request.ToTable("accreditation_requests");
            request.Property(r => r.Locale).HasMaxLength(8);
            request.Property(r => r.EventTitle).HasMaxLength(200);
            request.Property(r => r.Name).HasMaxLength(120);
            request.Property(r => r.MediaOutlet).HasMaxLength(200);
            request.Property(r => r.Role).HasMaxLength(120);
            request.Property(r => r.Email).HasMaxLength(254);
            request.Property(r => r.Phone).HasMaxLength(40);
            request.Property(r => r.Country).HasMaxLength(80);
            request.Property(r => r.PressCard).HasMaxLength(60);
            request.Property(r => r.Message).HasMaxLength(2000);
            request.Property(r => r.Note).HasMaxLength(2000);
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            request.Ignore(r => r.Reference);
            request.HasIndex(r => new { r.Status, r.ReceivedAt });
            // No foreign key to the event: a request outlives a purged event.
        }
    }
}
