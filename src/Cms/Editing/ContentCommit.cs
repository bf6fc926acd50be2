using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Editing;

/// <summary>
/// How every content write ends, written once: the item's search entry and the change counter
/// (which other nodes poll) move in the write's own transaction, so they commit or roll back with
/// it, and in-process readers are told only after the commit. One instance per scope, shared by
/// <see cref="ContentEditor"/> and the writers that run many saves as one (the importer, an XLIFF
/// file): a save inside their transaction leaves the commit and the notice to them.
/// </summary>
public sealed class ContentCommit(CmsDbContext db, Search.SearchIndex search, ContentChangeNotifier notifier)
{
    // A save closed inside an enclosing transaction: the notice waits for that transaction's commit.
    private bool _uncommitted;

    // Change feed entries of the write under way: appended at its end, under the counter's lock (Changes.ChangeFeed).
    private readonly List<Changes.ContentChange> _changes = [];

    /// <summary>Adds a change feed entry to the write under way; it is appended when the write closes (<see cref="CommitAsync"/>).</summary>
    public void RecordChange(Changes.ContentChange change) => _changes.Add(change);

    /// <summary>Forgets the entries of a write that did not happen (a conflict, a rollback).</summary>
    public void DiscardChanges() => _changes.Clear();

    /// <summary>The save's own transaction, or null when one is already open (the enclosing writer commits).</summary>
    public async Task<IDbContextTransaction?> BeginAsync(CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return null;
        }

        _changes.Clear(); // a write of its own: nothing of an earlier, failed one may ride along
        return await db.Database.BeginTransactionAsync(ct);
    }

    /// <summary>
    /// Closes a write to one item, after its rows (and any audit line) are saved in
    /// <paramref name="transaction"/>: reindexes the item, bumps the change counter, then commits
    /// and notifies when <paramref name="transaction"/> is the write's own (null: an enclosing one).
    /// </summary>
    public async Task CommitAsync(IDbContextTransaction? transaction, long itemId, CancellationToken ct)
    {
        await search.ReindexItemAsync(db, itemId, ct);
        // Bumps the change counter, then appends the feed entries while its row lock is held, so
        // their ids follow commit order (see Changes.ChangeFeed for why that matters).
        var changes = _changes.ToList();
        _changes.Clear();
        await Changes.ChangeFeed.AppendAsync(db, changes, ct);
        if (transaction is null)
        {
            _uncommitted = true;
            return;
        }

        await transaction.CommitAsync(ct);
        notifier.NotifyChanged();
    }

    /// <summary>
    /// Runs many saves all or nothing, in one transaction under the provider's execution strategy:
    /// when <paramref name="saves"/> returns false everything is rolled back and the tracked changes
    /// forgotten; otherwise it commits and, if any save changed something, notifies once.
    /// </summary>
    /// <returns>Whether it committed.</returns>
    public async Task<bool> AllOrNothingAsync(Func<Task<bool>> saves, CancellationToken ct)
    {
        var committed = false;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            _uncommitted = false;
            _changes.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            committed = await saves();
            if (!committed)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return;
            }

            await transaction.CommitAsync(ct);
        });

        if (committed && _uncommitted)
        {
            notifier.NotifyChanged();
        }

        _uncommitted = false;
        return committed;
    }
}
