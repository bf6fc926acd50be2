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
            item.Property(i => i.PlannedLocales).HasMaxLength(40);
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

        // Each feature maps its own tables beside its entities (Accounts/AccountTables.cs, ...), so that
        // Storage names no feature and every feature can depend on Storage.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CmsDbContext).Assembly);

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
