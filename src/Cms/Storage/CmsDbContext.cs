using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PromoSite.Cms.Storage;

public sealed class CmsDbContext(DbContextOptions<CmsDbContext> options) : DbContext(options)
{
    public DbSet<ContentItem> Items => Set<ContentItem>();

    public DbSet<ContentLocalization> Localizations => Set<ContentLocalization>();

    public DbSet<Revision> Revisions => Set<Revision>();

    public DbSet<SlugRedirect> SlugRedirects => Set<SlugRedirect>();

    public DbSet<ChangeCounter> ChangeCounters => Set<ChangeCounter>();

    public DbSet<Accounts.User> Users => Set<Accounts.User>();

    public DbSet<Accounts.AuditEntry> AuditLog => Set<Accounts.AuditEntry>();

    public DbSet<Accounts.UserSession> UserSessions => Set<Accounts.UserSession>();

    public DbSet<Accounts.RecoveryCode> RecoveryCodes => Set<Accounts.RecoveryCode>();

    public DbSet<Accounts.ApiToken> ApiTokens => Set<Accounts.ApiToken>();

    public DbSet<Sharing.ShortLink> ShortLinks => Set<Sharing.ShortLink>();

    public DbSet<Analytics.AnalyticsHit> AnalyticsHits => Set<Analytics.AnalyticsHit>();

    public DbSet<Analytics.AnalyticsSalt> AnalyticsSalts => Set<Analytics.AnalyticsSalt>();

    public DbSet<Translation.TranslationAssignment> TranslationAssignments => Set<Translation.TranslationAssignment>();

    public DbSet<Enquiries.Enquiry> Enquiries => Set<Enquiries.Enquiry>();

    public DbSet<Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Webhooks.WebhookSubscription>();

    public DbSet<Webhooks.WebhookEvent> WebhookEvents => Set<Webhooks.WebhookEvent>();

    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();

    public DbSet<Webhooks.WebhookAttempt> WebhookAttempts => Set<Webhooks.WebhookAttempt>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is UTC. SQLite keeps no kind and PostgreSQL's timestamptz insists on UTC,
        // so one converter makes both providers agree.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<LocalizationStatus>().HaveConversion<StatusConverter>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ContentItem>(item =>
        {
            item.ToTable("content_items");
            item.Property(i => i.Type).HasMaxLength(40);
            item.Property(i => i.Key).HasMaxLength(120);
            item.Property(i => i.Version).IsConcurrencyToken();
            item.HasIndex(i => new { i.Type, i.Key }).IsUnique();
            item.HasMany(i => i.Localizations).WithOne(l => l.Item).HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ContentLocalization>(loc =>
        {
            loc.ToTable("content_localizations");
            loc.Property(l => l.Type).HasMaxLength(40);
            loc.Property(l => l.Locale).HasMaxLength(8);
            loc.Property(l => l.Slug).HasMaxLength(80);
            loc.Property(l => l.SlugScope).HasMaxLength(120);
            loc.Property(l => l.SeoTitle).HasMaxLength(120);
            loc.Property(l => l.SeoDescription).HasMaxLength(300);
            loc.Property(l => l.ContentHash).HasMaxLength(64);
            loc.Property(l => l.SourceHash).HasMaxLength(64);
            loc.Property(l => l.Version).IsConcurrencyToken();
            loc.HasIndex(l => new { l.ItemId, l.Locale }).IsUnique();
            loc.HasIndex(l => new { l.Type, l.Locale, l.SlugScope, l.Slug }).IsUnique();
            loc.HasIndex(l => l.PublishedRevisionId);
        });

        modelBuilder.Entity<Revision>(rev =>
        {
            rev.ToTable("revisions");
            rev.Property(r => r.Locale).HasMaxLength(8);
            rev.Property(r => r.Slug).HasMaxLength(80);
            rev.Property(r => r.SeoTitle).HasMaxLength(120);
            rev.Property(r => r.SeoDescription).HasMaxLength(300);
            rev.Property(r => r.SourceHash).HasMaxLength(64);
            rev.Property(r => r.Author).HasMaxLength(120);
            rev.Property(r => r.Note).HasMaxLength(500);
            rev.HasIndex(r => new { r.ItemId, r.Number }).IsUnique();
            rev.HasOne<ContentItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<SlugRedirect>(redirect =>
        {
            redirect.ToTable("slug_redirects");
            redirect.Property(r => r.Type).HasMaxLength(40);
            redirect.Property(r => r.Locale).HasMaxLength(8);
            redirect.Property(r => r.SlugScope).HasMaxLength(120);
            redirect.Property(r => r.Slug).HasMaxLength(80);
            redirect.HasIndex(r => new { r.Type, r.Locale, r.SlugScope, r.Slug }).IsUnique();
            redirect.HasOne<ContentItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Accounts.User>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.Email).HasMaxLength(254);
            user.Property(u => u.DisplayName).HasMaxLength(120);
            user.Property(u => u.PasswordHash).HasMaxLength(200);
            user.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
            user.Property(u => u.Locales).HasMaxLength(40);
            user.Property(u => u.TotpSecret).HasMaxLength(400);
            user.Property(u => u.SecurityStamp).HasMaxLength(64);
            user.Property(u => u.TimeZone).HasMaxLength(64);
            user.Property(u => u.AdminLanguage).HasMaxLength(8);
            user.HasIndex(u => u.Email).IsUnique();
            user.Ignore(u => u.LocaleList);
        });

        modelBuilder.Entity<Accounts.AuditEntry>(entry =>
        {
            entry.ToTable("audit_log");
            entry.Property(e => e.Actor).HasMaxLength(254);
            entry.Property(e => e.Action).HasMaxLength(40);
            entry.Property(e => e.Target).HasMaxLength(200);
            entry.Property(e => e.Detail).HasMaxLength(1000);
            entry.Property(e => e.Address).HasMaxLength(64);
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.Action, e.At });
        });

        modelBuilder.Entity<Accounts.UserSession>(session =>
        {
            session.ToTable("user_sessions");
            session.Property(s => s.TokenHash).HasMaxLength(64);
            session.Property(s => s.UserAgent).HasMaxLength(300);
            session.Property(s => s.Address).HasMaxLength(64);
            session.Property(s => s.RevokedReason).HasMaxLength(40);
            session.HasIndex(s => s.TokenHash).IsUnique();
            session.HasIndex(s => s.UserId);
            session.HasOne<Accounts.User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Accounts.RecoveryCode>(code =>
        {
            code.ToTable("recovery_codes");
            code.Property(c => c.CodeHash).HasMaxLength(64);
            code.HasIndex(c => c.UserId);
            code.HasOne<Accounts.User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Accounts.ApiToken>(token =>
        {
            token.ToTable("api_tokens");
            token.Property(t => t.Name).HasMaxLength(Accounts.ApiTokenService.MaxNameLength);
            token.Property(t => t.PublicId).HasMaxLength(Accounts.ApiTokenText.PublicIdLength);
            token.Property(t => t.SecretHash).HasMaxLength(64);
            token.Property(t => t.Scopes).HasMaxLength(200);
            token.Property(t => t.RevokedBy).HasMaxLength(254);
            token.HasIndex(t => t.PublicId).IsUnique();
            token.HasIndex(t => t.UserId);
            token.HasOne<Accounts.User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
            token.Ignore(t => t.ScopeList);
        });

        modelBuilder.Entity<Sharing.ShortLink>(link =>
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
        });

        modelBuilder.Entity<Analytics.AnalyticsHit>(hit =>
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
        });

        modelBuilder.Entity<Analytics.AnalyticsSalt>(salt =>
        {
            salt.ToTable("analytics_salts");
            salt.HasKey(s => s.Day);
            salt.Property(s => s.Salt).HasMaxLength(32);
        });

        modelBuilder.Entity<Translation.TranslationAssignment>(assignment =>
        {
            assignment.ToTable("translation_assignments");
            assignment.Property(a => a.Locale).HasMaxLength(8);
            assignment.Property(a => a.Note).HasMaxLength(500);
            assignment.Property(a => a.AssignedBy).HasMaxLength(254);
            assignment.HasIndex(a => new { a.ItemId, a.Locale }).IsUnique();
            assignment.HasIndex(a => a.AssigneeId);
            assignment.HasOne<ContentItem>().WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
            assignment.HasOne<Accounts.User>().WithMany().HasForeignKey(a => a.AssigneeId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Enquiries.Enquiry>(enquiry =>
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
            enquiry.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
            enquiry.Ignore(e => e.Reference);
            enquiry.HasIndex(e => new { e.Status, e.ReceivedAt });
            // No foreign key: an enquiry outlives a purged item.
        });

        modelBuilder.Entity<Webhooks.WebhookSubscription>(subscription =>
        {
            subscription.ToTable("webhook_subscriptions");
            subscription.Property(s => s.Url).HasMaxLength(500);
            subscription.Property(s => s.Description).HasMaxLength(200);
            subscription.Property(s => s.Events).HasMaxLength(100);
            subscription.Property(s => s.Locales).HasMaxLength(40);
            subscription.Property(s => s.ProtectedSecret).HasMaxLength(1000);
            subscription.Property(s => s.CreatedBy).HasMaxLength(254);
        });

        modelBuilder.Entity<Webhooks.WebhookEvent>(e =>
        {
            e.ToTable("webhook_events");
            e.Property(x => x.Event).HasMaxLength(20);
            e.Property(x => x.Type).HasMaxLength(40);
            e.Property(x => x.Key).HasMaxLength(120);
            e.Property(x => x.Locale).HasMaxLength(8);
            e.HasIndex(x => x.Dispatched);
        });

        modelBuilder.Entity<Webhooks.WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.Property(d => d.Event).HasMaxLength(20);
            delivery.Property(d => d.Locale).HasMaxLength(8);
            delivery.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
            delivery.HasIndex(d => new { d.State, d.NextAttemptAt });
            delivery.HasIndex(d => d.SubscriptionId);
            delivery.HasMany(d => d.Log).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasOne<Webhooks.WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Webhooks.WebhookAttempt>(attempt =>
        {
            attempt.ToTable("webhook_attempts");
            attempt.Property(a => a.Error).HasMaxLength(500);
            attempt.Property(a => a.Response).HasMaxLength(500);
        });

        modelBuilder.Entity<ChangeCounter>(counter =>
        {
            counter.ToTable("change_counter");
            counter.Property(c => c.Id).ValueGeneratedNever();
        });
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class StatusConverter() : ValueConverter<LocalizationStatus, string>(
        v => LocalizationStatuses.ToWire(v),
        v => LocalizationStatuses.Parse(v));
}

public static class LocalizationStatuses
{
    public static string ToWire(LocalizationStatus status) => status switch
    {
        LocalizationStatus.Draft => "draft",
        LocalizationStatus.InReview => "in-review",
        LocalizationStatus.Published => "published",
        LocalizationStatus.Unpublished => "unpublished",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static LocalizationStatus Parse(string value) =>
        TryParse(value, out var status) ? status : throw new FormatException($"'{value}' is not a status.");

    public static bool TryParse(string? value, out LocalizationStatus status)
    {
        switch (value)
        {
            case "draft": status = LocalizationStatus.Draft; return true;
            case "in-review": status = LocalizationStatus.InReview; return true;
            case "published": status = LocalizationStatus.Published; return true;
            case "unpublished": status = LocalizationStatus.Unpublished; return true;
            default: status = default; return false;
        }
    }
}
