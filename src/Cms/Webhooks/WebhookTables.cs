using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Webhooks;

/// <summary>
/// The tables of webhook subscriptions, events, deliveries and attempts: their sets on the one <see cref="CmsDbContext"/> and their
/// mapping (applied by CmsDbContext.OnModelCreating with every feature's). Kept beside the
/// entities so that Storage names no feature and every feature can depend on Storage.
/// </summary>
public static class WebhookTables
{
    extension(CmsDbContext db)
    {
        public DbSet<WebhookSubscription> WebhookSubscriptions => db.Set<WebhookSubscription>();

        public DbSet<WebhookEvent> WebhookEvents => db.Set<WebhookEvent>();

        public DbSet<WebhookDelivery> WebhookDeliveries => db.Set<WebhookDelivery>();

        public DbSet<WebhookAttempt> WebhookAttempts => db.Set<WebhookAttempt>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<WebhookSubscription>, IEntityTypeConfiguration<WebhookEvent>, IEntityTypeConfiguration<WebhookDelivery>, IEntityTypeConfiguration<WebhookAttempt>
    {
        public void Configure(EntityTypeBuilder<WebhookSubscription> subscription)
        {
            subscription.ToTable("webhook_subscriptions");
            subscription.Property(s => s.Url).HasMaxLength(500);
            subscription.Property(s => s.Description).HasMaxLength(200);
            subscription.Property(s => s.Events).HasMaxLength(100);
            subscription.Property(s => s.Locales).HasMaxLength(40);
            subscription.Property(s => s.ProtectedSecret).HasMaxLength(1000);
            subscription.Property(s => s.CreatedBy).HasMaxLength(254);
        }

        public void Configure(EntityTypeBuilder<WebhookEvent> e)
        {
            e.ToTable("webhook_events");
            e.Property(x => x.Event).HasMaxLength(20);
            e.Property(x => x.Type).HasMaxLength(40);
            e.Property(x => x.Key).HasMaxLength(120);
            e.Property(x => x.Locale).HasMaxLength(8);
            e.HasIndex(x => x.Dispatched);
        }

        public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
        {
            delivery.ToTable("webhook_deliveries");
            delivery.Property(d => d.Event).HasMaxLength(20);
            delivery.Property(d => d.Locale).HasMaxLength(8);
            delivery.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
            delivery.HasIndex(d => new { d.State, d.NextAttemptAt });
            delivery.HasIndex(d => d.SubscriptionId);
            delivery.HasMany(d => d.Log).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        }

        public void Configure(EntityTypeBuilder<WebhookAttempt> attempt)
        {
            attempt.ToTable("webhook_attempts");
            attempt.Property(a => a.Error).HasMaxLength(500);
            attempt.Property(a => a.Response).HasMaxLength(500);
        }
    }
}
