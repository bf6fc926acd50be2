using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Analytics;

/// <summary>
/// The tables of page views and the daily salts: their sets on the one <see cref="CmsDbContext"/> and their
/// mapping (applied by CmsDbContext.OnModelCreating with every feature's). Kept beside the
/// entities so that Storage names no feature and every feature can depend on Storage.
/// </summary>
public static class AnalyticsTables
{
    extension(CmsDbContext db)
    {
        public DbSet<AnalyticsHit> AnalyticsHits => db.Set<AnalyticsHit>();

        public DbSet<AnalyticsSalt> AnalyticsSalts => db.Set<AnalyticsSalt>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<AnalyticsHit>, IEntityTypeConfiguration<AnalyticsSalt>
    {
        public void Configure(EntityTypeBuilder<AnalyticsHit> hit)
        {
            hit.ToTable("analytics_hits");
            hit.Property(h => h.Kind).HasMaxLength(8);
            hit.Property(h => h.Locale).HasMaxLength(8);
            hit.Property(h => h.Section).HasMaxLength(20);
            hit.Property(h => h.Path).HasMaxLength(300);
            hit.Property(h => h.Referrer).HasMaxLength(200);
            hit.Property(h => h.Campaign).HasMaxLength(200);
            hit.Property(h => h.Channel).HasMaxLength(16);
            hit.Property(h => h.ShortCode).HasMaxLength(12);
            hit.HasIndex(h => new { h.Day, h.Kind });
            // No foreign key to content: counts outlive a purged item.
        }

        public void Configure(EntityTypeBuilder<AnalyticsSalt> salt)
        {
            salt.ToTable("analytics_salts");
            salt.HasKey(s => s.Day);
            salt.Property(s => s.Salt).HasMaxLength(32);
        }
    }
}
