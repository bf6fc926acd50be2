using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Editing;

/// <summary>
/// Told of every save of a language, inside the save's transaction (after its rows are written,
/// before the commit), whoever made it: the form, the API, an XLIFF file or the importer. What an
/// observer adds to the context commits or rolls back with the save. Lets a feature that builds on
/// editing (the review desk's notices and fast lane) follow the workflow without the editor
/// knowing it.
/// </summary>
public interface IContentSaveObserver
{
    Task SavedAsync(ContentSave save, CancellationToken ct);
}

/// <summary>One committed-to-be save: the item, the language as it now is, the state it was in before (null: new), who saved.</summary>
public sealed record ContentSave(ContentItem Item, ContentLocalization Localization, LocalizationStatus? StatusBefore, string Author, DateTime At);
