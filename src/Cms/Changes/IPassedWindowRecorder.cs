namespace PromoSite.Cms.Changes;

/// <summary>
/// Records the visibility changes of publish and take-down times that have passed. The webhook
/// dispatcher calls it in its round (so one node does it, under its lease); it is implemented where
/// saves are recorded (Editing/ChangeFeedRecorder), and declared here so that the webhooks need not
/// depend on the editing folder, which depends on them.
/// </summary>
public interface IPassedWindowRecorder
{
    /// <summary>Records the windows passed by <paramref name="now"/> (UTC); returns how many changes it appended.</summary>
    Task<int> RecordPassedWindowsAsync(DateTime now, CancellationToken ct);
}
