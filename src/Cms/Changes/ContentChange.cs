using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Changes;

/// <summary>What a change did to what the public sees (the <c>event</c> of a change feed entry).</summary>
public static class ChangeKinds
{
    /// <summary>A language became visible that was not.</summary>
    public const string Published = "published";

    /// <summary>A visible language now shows a newer revision at the same address.</summary>
    public const string Updated = "updated";

    /// <summary>A visible language now shows a newer revision at a new address; the old one redirects to it.</summary>
    public const string SlugMoved = "slugMoved";

    /// <summary>A language stopped being visible (taken down by an editor, or its unpublish time passed).</summary>
    public const string Unpublished = "unpublished";

    /// <summary>The item went to the trash: every language that was visible is gone (410).</summary>
    public const string Trashed = "trashed";

    public static readonly IReadOnlyList<string> All = [Published, Updated, SlugMoved, Unpublished, Trashed];

    /// <summary>The kinds after which the language is visible.</summary>
    public static bool LeavesVisible(string kind) => kind is Published or Updated or SlugMoved;
}

/// <summary>
/// One entry of the change feed (GET /api/v1/changes). Appended only through
/// <see cref="ChangeFeed.AppendAsync"/>, which is what makes <see cref="Id"/> follow commit order;
/// never updated; deleted only by retention, oldest first.
/// </summary>
public sealed class ContentChange
{
    /// <summary>The cursor: ids become visible to readers in increasing order (see <see cref="ChangeFeed"/>).</summary>
    public long Id { get; set; }

    public required string Kind { get; set; }

    public long ItemId { get; set; }

    public required string Type { get; set; }

    public required string Key { get; set; }

    public required string Locale { get; set; }

    /// <summary>The public path (/en/tourism/nam-cat-tien) at this change; null for a type without pages of its own.</summary>
    public string? Path { get; set; }

    /// <summary>For <see cref="ChangeKinds.SlugMoved"/>: the path before (it now redirects).</summary>
    public string? OldPath { get; set; }

    /// <summary>The number of the revision visible after the change (null when nothing is visible).</summary>
    public int? Revision { get; set; }

    /// <summary>When it took effect: the save, or the publish/unpublish time that passed.</summary>
    public DateTime OccurredAt { get; set; }
}

/// <summary>The one row that remembers how far retention has deleted: a cursor below it has lost changes (410).</summary>
public sealed class ContentChangeHorizon
{
    public const int RowId = 1;

    public int Id { get; set; }

    /// <summary>The highest id deleted by retention (0: nothing deleted yet).</summary>
    public long PrunedThrough { get; set; }
}

public static class ChangeFeedTables
{
    extension(CmsDbContext db)
    {
        public DbSet<ContentChange> ContentChanges => db.Set<ContentChange>();

        public DbSet<ContentChangeHorizon> ContentChangeHorizon => db.Set<ContentChangeHorizon>();
    }

    internal sealed class Mapping : IEntityTypeConfiguration<ContentChange>, IEntityTypeConfiguration<ContentChangeHorizon>
    {
        public void Configure(EntityTypeBuilder<ContentChange> change)
        {
            change.ToTable("content_changes");
            change.Property(c => c.Kind).HasMaxLength(20);
            change.Property(c => c.Type).HasMaxLength(40);
            change.Property(c => c.Key).HasMaxLength(120);
            change.Property(c => c.Locale).HasMaxLength(8);
            change.Property(c => c.Path).HasMaxLength(400);
            change.Property(c => c.OldPath).HasMaxLength(400);
            // Readers page by the primary key; the window recorder and the webhook cursor look up an item's language.
            change.HasIndex(c => new { c.ItemId, c.Locale });
            change.HasIndex(c => c.OccurredAt);
        }

        public void Configure(EntityTypeBuilder<ContentChangeHorizon> horizon)
        {
            horizon.ToTable("content_change_horizon");
            horizon.Property(h => h.Id).ValueGeneratedNever();
        }
    }
}
