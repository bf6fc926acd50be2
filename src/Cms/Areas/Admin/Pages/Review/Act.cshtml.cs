using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Review;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Areas.Admin.Pages.Review;

/// <summary>
/// The review actions on one language version, posted from the item page, the translation editor
/// and the review queue: approve (publish as submitted), send back with a note, comment, and the
/// fast lane. Each handler declares its policy and asks the resource handler about the language;
/// a refused input (an empty note, one too long) comes back here with the text kept.
/// </summary>
public sealed class ActModel(CmsDbContext db, ContentTypeRegistry types, ReviewDesk desk, FastLaneService lane) : AdminPage
{
    public string Type { get; private set; } = "";

    public long Id { get; private set; }

    public string Locale { get; private set; } = Locales.Source;

    public string Title { get; private set; } = "";

    /// <summary>The admin key of what went wrong.</summary>
    public string? Problem { get; private set; }

    /// <summary>Which form comes back: "sendBack" or "comment".</summary>
    public string Form { get; private set; } = "comment";

    public string Text { get; private set; } = "";

    public int Version { get; private set; }

    public string Back { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string type, long id, string locale) =>
        await LoadAsync(type, id, locale, null) ?? LocalRedirect(ItemPath);

    [HandlerPolicy(Policies.ReviewQueue)]
    public async Task<IActionResult> OnPostApproveAsync(string type, long id, string locale, int version, string? back, CancellationToken ct)
    {
        if (await LoadAsync(type, id, locale, back) is { } missing)
        {
            return missing;
        }

        if (!await MayAsync(new LanguageVersion(type, locale) { ItemId = id }, ContentOperations.Publish))
        {
            return Forbid();
        }

        var outcome = await desk.ApproveAsync(id, locale, version, User.Identity!.Name!, Address, ct);
        return outcome.Succeeded ? LocalRedirect(Done("approved")) : Refuse(outcome.Problem, "approve", "", version);
    }

    [HandlerPolicy(Policies.ReviewQueue)]
    public async Task<IActionResult> OnPostSendBackAsync(string type, long id, string locale, int version, string? note, string? back, CancellationToken ct)
    {
        if (await LoadAsync(type, id, locale, back) is { } missing)
        {
            return missing;
        }

        if (!await MayAsync(new LanguageVersion(type, locale) { ItemId = id }, ContentOperations.Publish))
        {
            return Forbid();
        }

        var outcome = await desk.SendBackAsync(id, locale, version, note, User.Identity!.Name!, Address, ct);
        return outcome.Succeeded ? LocalRedirect(Done("sentBack")) : Refuse(outcome.Problem, "sendBack", note, version);
    }

    [HandlerPolicy(Policies.CommentOnContent)]
    public async Task<IActionResult> OnPostCommentAsync(string type, long id, string locale, string? text, string? back, CancellationToken ct)
    {
        if (await LoadAsync(type, id, locale, back) is { } missing)
        {
            return missing;
        }

        if (!await MayAsync(new LanguageVersion(type, locale) { ItemId = id }, ContentOperations.Comment))
        {
            return Forbid();
        }

        var problem = await desk.CommentAsync(id, locale, text, User.Identity!.Name!, ct);
        return problem == ReviewProblem.None ? LocalRedirect(Done("commented") + "#thread") : Refuse(problem, "comment", text, 0);
    }

    [HandlerPolicy(Policies.AssignTranslations)]
    public async Task<IActionResult> OnPostFastLaneAsync(string type, long id, int version, string? back, CancellationToken ct)
    {
        if (await LoadAsync(type, id, Locales.Source, back) is { } missing)
        {
            return missing;
        }

        if (!await MayAsync(new LanguageVersion(type, Locales.Source) { ItemId = id }, ContentOperations.Publish))
        {
            return Forbid();
        }

        var chosen = new Dictionary<string, long>();
        foreach (var l in Locales.All.Where(l => l != Locales.Source))
        {
            if (long.TryParse(Request.Form["assignee." + l], NumberStyles.None, CultureInfo.InvariantCulture, out var person))
            {
                chosen[l] = person;
            }
        }

        var outcome = await lane.StartAsync(id, version, chosen, User.Identity!.Name!, Address, ct);
        return outcome.Succeeded ? LocalRedirect(Done("fastLane")) : Refuse(outcome.Problem, "fastLane", "", version);
    }

    private string ItemPath => $"/admin/content/{Type}/{Id}/{Locale}";

    private string? Address => HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>Back where the action was taken (the queue, the editor) or to the item, saying what was done.</summary>
    private string Done(string what)
    {
        var target = Back.Length > 0 ? Back : ItemPath;
        return target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "reviewed=" + what;
    }

    private IActionResult Refuse(ReviewProblem problem, string form, string? text, int version)
    {
        Problem = "admin.review.problem." + problem switch
        {
            ReviewProblem.NoteRequired => "textRequired",
            ReviewProblem.NoteTooLong => "textTooLong",
            ReviewProblem.NotInReview => "notInReview",
            ReviewProblem.Conflict => "conflict",
            ReviewProblem.NotFound => "notFound",
            _ => "invalid",
        };
        Form = form;
        Text = text ?? "";
        Version = version;
        Response.StatusCode = problem == ReviewProblem.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string type, long id, string locale, string? back)
    {
        if (types.Find(type) is null || !Locales.IsSupported(locale))
        {
            return NotFound();
        }

        var source = await db.Localizations.AsNoTracking().Where(l => l.ItemId == id && l.Type == type && l.Locale == Locales.Source).Select(l => l.FieldsJson).FirstOrDefaultAsync();
        if (source is null)
        {
            return NotFound();
        }

        Type = type;
        Id = id;
        Locale = locale;
        Title = ContentJson.Parse(source)["title"]?.GetValue<string>() ?? "";
        // Only a path of this admin, never another site: the form says where it came from.
        Back = back is { Length: > 1 } && back.StartsWith("/admin/", StringComparison.Ordinal) && !back.Contains("//", StringComparison.Ordinal) && !back.Contains('\\', StringComparison.Ordinal) ? back : "";
        return null;
    }
}
