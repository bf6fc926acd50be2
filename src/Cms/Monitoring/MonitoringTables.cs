using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Monitoring;

/// <summary>The monitoring tables on the one <see cref="CmsDbContext"/>, and their mapping.</summary>
public static class MonitoringTables
{
    extension(CmsDbContext db)
    {
        public DbSet<MonitorSource> MonitorSources => db.Set<MonitorSource>();

        public DbSet<KeywordRule> KeywordRules => db.Set<KeywordRule>();

        public DbSet<Mention> Mentions => db.Set<Mention>();

        public DbSet<MonitoringDigest> MonitoringDigests => db.Set<MonitoringDigest>();
    }

    internal sealed class DigestMapping : IEntityTypeConfiguration<MonitoringDigest>
    {
        public void Configure(EntityTypeBuilder<MonitoringDigest> digest)
        {
            digest.ToTable("monitoring_digests");
            digest.Property(d => d.Day).HasMaxLength(10);
            digest.Property(d => d.Recipients).HasMaxLength(2000);
            digest.HasIndex(d => d.Day).IsUnique();
        }
    }

    internal sealed class SourceMapping : IEntityTypeConfiguration<MonitorSource>
    {
        public void Configure(EntityTypeBuilder<MonitorSource> source)
        {
            source.ToTable("monitor_sources");
            source.Property(s => s.Name).HasMaxLength(120);
            source.Property(s => s.Url).HasMaxLength(2000);
            source.Property(s => s.Locale).HasMaxLength(8);
            source.Property(s => s.ETag).HasMaxLength(200);
            source.Property(s => s.LastModified).HasMaxLength(100);
            source.Property(s => s.LastError).HasMaxLength(500);
        }
    }

    internal sealed class RuleMapping : IEntityTypeConfiguration<KeywordRule>
    {
        public void Configure(EntityTypeBuilder<KeywordRule> rule)
        {
            rule.ToTable("keyword_rules");
            rule.Property(r => r.Locale).HasMaxLength(8);
            rule.Property(r => r.Phrase).HasMaxLength(120);
        }
    }

    internal sealed class MentionMapping : IEntityTypeConfiguration<Mention>
    {
        public void Configure(EntityTypeBuilder<Mention> mention)
        {
            mention.ToTable("mentions");
            mention.Property(m => m.Fingerprint).HasMaxLength(64);
            mention.Property(m => m.Locale).HasMaxLength(8);
            mention.Property(m => m.Title).HasMaxLength(500);
            mention.Property(m => m.Snippet).HasMaxLength(1000);
            mention.Property(m => m.Link).HasMaxLength(2000);
            mention.Property(m => m.MatchedRules).HasMaxLength(2000);
            mention.Property(m => m.Triage).HasConversion<string>().HasMaxLength(16);
            mention.Property(m => m.AssignedTo).HasMaxLength(254);
            mention.Property(m => m.AnsweredBy).HasMaxLength(120);
            mention.HasIndex(m => m.Fingerprint).IsUnique();
            mention.HasIndex(m => new { m.Triage, m.FoundAt });
            mention.HasOne<MonitorSource>().WithMany().HasForeignKey(m => m.SourceId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
