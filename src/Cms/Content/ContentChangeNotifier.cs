namespace PromoSite.Cms.Content;

/// <summary>
/// Tells in-process readers (the delivery cache, the output cache, the derivative worker) that
/// content changed, right after a change commits. Other nodes learn of it through the change
/// counter in the database (Storage.ChangeCounters), at once on PostgreSQL (its NOTIFY reaches
/// Hosting.ContentChangeListener, which calls <see cref="NotifyChanged"/> here as a local save
/// would) and at the next poll otherwise. It lives in Content, which every writer
/// (Editing, Import, Translation, Media) and every reader (Delivery, the site's caches) already
/// uses, so none of them depends on another for it.
/// </summary>
public sealed class ContentChangeNotifier
{
    private long _localChanges;

    public event Action? Changed;

    public long LocalChanges => Interlocked.Read(ref _localChanges);

    public void NotifyChanged()
    {
        Interlocked.Increment(ref _localChanges);
        Changed?.Invoke();
    }
}
