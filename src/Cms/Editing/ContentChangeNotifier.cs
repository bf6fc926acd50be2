namespace PromoSite.Cms.Editing;

/// <summary>
/// Tells in-process readers (the delivery cache, the output cache) that content changed, right
/// after a save commits. Other nodes learn of it through the change counter in the database.
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
