using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Sharing;

/// <summary>
/// The tables of short links: their sets on the one <see cref="CmsDbContext"/> and their
/// mapping (applied by CmsDbContext.OnModelCreating with every feature's). Kept beside the
/// entities so that Storage names no feature and every feature can depend on Storage.
/// </summary>
public static class ShortLinkTables
{
    extension(CmsDbContext db)
    {
        public DbSet<ShortLink> ShortLinks => db.Set<ShortLink>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<ShortLink>
    {
        public void Configure(EntityTypeBuilder<ShortLink> link)
        {
            link.ToTable("short_links");
            link.Property(l => l.Code).HasMaxLength(12);
            link.Property(l => l.Locale).HasMaxLength(8);
            link.Property(l => l.Campaign).HasMaxLength(200);
            link.Property(l => l.Channel).HasMaxLength(16);
            link.Property(l => l.CreatedBy).HasMaxLength(254);
            link.HasIndex(l => l.Code).IsUnique();
            link.HasIndex(l => l.ItemId);
            // The site's own links (share panel, one-pagers): one per item, language and purpose.
            link.HasIndex(l => new { l.ItemId, l.Locale, l.Campaign }).IsUnique().HasFilter("\"CreatedBy\" = 'site'").HasDatabaseName("IX_short_links_site");
            // No foreign key: a printed link outlives even a purged item, and then says so.
        }
    }
}
