using Microsoft.EntityFrameworkCore;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Content;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Screens;

/// <summary>Who changes a screen, for the audit log: the staff member, their address, and "API" when it came through the API.</summary>
public sealed record ScreenActor(string Name, string? Address, string? Via = null);

/// <summary>
/// Registering, changing and removing screens, and their heartbeats: the rules every write passes
/// (the admin page today; an API later would call the same). Refusals are coded so the admin says
/// them in the staff member's language (admin.problem.screen* in locales/admin/problem.*.json).
/// </summary>
public sealed class ScreenService(CmsDbContext db, TimeProvider clock)
{
    public async Task<(Screen? Screen, IReadOnlyList<FieldError> Problems)> CreateAsync(ScreenInput input, ScreenActor who, CancellationToken ct = default)
    {
        var problems = await ProblemsAsync(input, ct);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var screen = new Screen { Code = await FreeCodeAsync(ct), Name = "", Locales = "", Rules = "", ChosenItems = "", CreatedAt = now };
        Apply(screen, input, now);
        db.Screens.Add(screen);
        Audit(who, AuditActions.ScreenCreate, screen, ScreenSettings.Describe(screen));
        await db.SaveChangesAsync(ct);
        return (screen, []);
    }

    public async Task<(Screen? Screen, IReadOnlyList<FieldError> Problems)> UpdateAsync(long id, ScreenInput input, ScreenActor who, CancellationToken ct = default)
    {
        var screen = await db.Screens.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (screen is null)
        {
            return (null, [FieldError.Coded("", "screenMissing", $"There is no screen {id}.", id)]);
        }

        var problems = await ProblemsAsync(input, ct);
        if (problems.Count > 0)
        {
            return (screen, problems);
        }

        var before = ScreenSettings.Describe(screen);
        Apply(screen, input, clock.GetUtcNow().UtcDateTime);
        var after = ScreenSettings.Describe(screen);
        if (before != after)
        {
            // Before and after, so the log alone says what a screen in a public place was made to show.
            Audit(who, AuditActions.ScreenUpdate, screen, $"{before} → {after}");
        }

        await db.SaveChangesAsync(ct);
        return (screen, []);
    }

    public async Task<bool> DeleteAsync(long id, ScreenActor who, CancellationToken ct = default)
    {
        var screen = await db.Screens.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (screen is null)
        {
            return false;
        }

        db.Screens.Remove(screen);
        Audit(who, AuditActions.ScreenDelete, screen, ScreenSettings.Describe(screen));
        await db.SaveChangesAsync(ct);
        return true;
    }

    // In the same SaveChanges as the change itself: no change without its line, no line without its change.
    private void Audit(ScreenActor who, string action, Screen screen, string detail) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime, Actor = who.Name, Action = action,
            Target = $"{screen.Code} ({screen.Name})", Detail = who.Via is null ? detail : $"{detail} ({who.Via})", Address = who.Address,
        });

    /// <summary>
    /// A screen says it is alive and which playlist version it shows. One UPDATE by the code's
    /// unique index, nothing read first; false when no screen has this code.
    /// </summary>
    public async Task<bool> HeartbeatAsync(string code, string? version, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Screens.Where(s => s.Code == code)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now).SetProperty(x => x.LastSeenVersion, version), ct) > 0;
    }

    /// <summary>Everything wrong with the input at once, so the form shows it all in one go.</summary>
    public async Task<List<FieldError>> ProblemsAsync(ScreenInput input, CancellationToken ct = default)
    {
        var problems = new List<FieldError>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            problems.Add(FieldError.Coded("name", "screenNameNeeded", "Give the screen a name."));
        }
        else if (name.Length > ScreenSettings.MaxNameLength || name.Any(char.IsControl))
        {
            problems.Add(FieldError.Coded("name", "screenNameTooLong", $"The name is one line of at most {ScreenSettings.MaxNameLength} characters.", ScreenSettings.MaxNameLength));
        }

        var place = input.Place?.Trim();
        if (place is { Length: > 0 } && (place.Length > ScreenSettings.MaxPlaceLength || place.Any(char.IsControl)))
        {
            problems.Add(FieldError.Coded("place", "screenPlaceTooLong", $"The place is one line of at most {ScreenSettings.MaxPlaceLength} characters.", ScreenSettings.MaxPlaceLength));
        }

        if (!Enum.TryParse<ScreenOrientation>(input.Orientation, ignoreCase: true, out _) || int.TryParse(input.Orientation, out _))
        {
            problems.Add(FieldError.Coded("orientation", "screenOrientation", "Choose landscape (16:9) or portrait (9:16)."));
        }

        if (input.Locales.Count == 0)
        {
            problems.Add(FieldError.Coded("locales", "screenNoLanguage", "Choose at least one language to show."));
        }
        else if (input.Locales.FirstOrDefault(l => !Content.Locales.IsSupported(l)) is { } unknown)
        {
            problems.Add(FieldError.Coded("locales", "notALanguage", $"'{unknown}' is not a language of the site ({string.Join(", ", Content.Locales.All)}).", unknown));
        }

        if (input.SlideSeconds is not { } seconds || seconds < ScreenSettings.MinSlideSeconds || seconds > ScreenSettings.MaxSlideSeconds)
        {
            problems.Add(FieldError.Coded("slideSeconds", "screenSlideSeconds", $"A slide shows for {ScreenSettings.MinSlideSeconds} to {ScreenSettings.MaxSlideSeconds} seconds.", ScreenSettings.MinSlideSeconds, ScreenSettings.MaxSlideSeconds));
        }

        if (input.ItemsPerRule is not { } perRule || perRule < 1 || perRule > ScreenSettings.MaxItemsPerRule)
        {
            problems.Add(FieldError.Coded("itemsPerRule", "screenItemsPerRule", $"Each rule brings 1 to {ScreenSettings.MaxItemsPerRule} items.", ScreenSettings.MaxItemsPerRule));
        }

        if (input.Rules.FirstOrDefault(r => !PlaylistRules.All.Contains(r)) is { } rule)
        {
            problems.Add(FieldError.Coded("rules", "screenUnknownRule", $"'{rule}' is not a playlist rule ({string.Join(", ", PlaylistRules.All)}).", rule));
        }

        if (input.ChosenItems.Count > ScreenSettings.MaxChosenItems)
        {
            problems.Add(FieldError.Coded("chosenItems", "screenTooManyItems", $"Choose at most {ScreenSettings.MaxChosenItems} items.", ScreenSettings.MaxChosenItems));
        }
        else if (input.ChosenItems.Count > 0)
        {
            var ids = input.ChosenItems.Distinct().ToList();
            var found = await db.Items.AsNoTracking().Where(i => ids.Contains(i.Id) && i.DeletedAt == null && PlaylistRules.PickableTypes.Contains(i.Type)).CountAsync(ct);
            if (found != ids.Count)
            {
                problems.Add(FieldError.Coded("chosenItems", "screenItemNotPickable", "A chosen item no longer exists or cannot be shown on a screen."));
            }
        }

        if (input.Rules.Count == 0 && input.ChosenItems.Count == 0)
        {
            problems.Add(FieldError.Coded("rules", "screenEmptyPlaylist", "Choose at least one rule or one item, or the screen has nothing to show."));
        }

        return problems;
    }

    private static void Apply(Screen screen, ScreenInput input, DateTime now)
    {
        screen.Name = input.Name!.Trim();
        screen.Place = string.IsNullOrWhiteSpace(input.Place) ? null : input.Place.Trim();
        screen.Orientation = Enum.Parse<ScreenOrientation>(input.Orientation!, ignoreCase: true);
        screen.Locales = string.Join(',', input.Locales.Distinct());
        screen.SlideSeconds = input.SlideSeconds!.Value;
        screen.Rules = string.Join(',', PlaylistRules.All.Where(input.Rules.Contains)); // stored in the rules' own order
        screen.ItemsPerRule = input.ItemsPerRule!.Value;
        screen.ChosenItems = string.Join(',', input.ChosenItems.Distinct());
        screen.UpdatedAt = now;
    }

    private async Task<string> FreeCodeAsync(CancellationToken ct)
    {
        // 60 random bits: a clash is all but impossible, but costs one query to rule out.
        while (true)
        {
            var code = ScreenSettings.NewCode();
            if (!await db.Screens.AnyAsync(s => s.Code == code, ct))
            {
                return code;
            }
        }
    }
}
