using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Content;
using PromoSite.Cms.Enquiries;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Review;

/// <summary>
/// Writes the workflow's notice e-mails into <see cref="WorkflowMail"/>, each in its recipient's
/// admin language, in the caller's transaction; the web host's mail worker sends them with the
/// enquiry mail settings. Nothing is written while mail is not configured (Enquiries:SmtpHost or
/// PickupFolder), nor for people who opted out or are disabled: the queue and the item page still
/// tell them.
/// </summary>
public sealed class ReviewNotices(CmsDbContext db, IServiceProvider services, IOptions<EnquiryOptions> mail, IOptions<CmsOptions> cms, TimeProvider clock)
{
    // Resolved only when mail is on: the command-line tools and the test harness run the editor
    // (and so these notices) without the admin's localization, and send no mail.
    private IStringLocalizer<AdminText>? _strings;

    public bool Enabled => mail.Value.MailConfigured && Strings is not null;

    private IStringLocalizer<AdminText>? Strings => _strings ??= services.GetService<IStringLocalizer<AdminText>>();

    /// <summary>Reviewers of the language (or, when it has none, the editors): something awaits them.</summary>
    public async Task SubmittedAsync(ContentItem item, string locale, string author, CancellationToken ct)
    {
        if (!Enabled)
        {
            return;
        }

        var staff = await db.Users.AsNoTracking().Where(u => !u.Disabled && (u.Role == Role.Reviewer || u.Role == Role.Editor)).ToListAsync(ct);
        var reviewers = staff.Where(u => u.Role == Role.Reviewer && u.LocaleList.Contains(locale)).ToList();
        var recipients = reviewers.Count > 0 ? reviewers : [.. staff.Where(u => u.Role == Role.Editor)];
        await QueueAsync(recipients.Where(u => u.Email != author), item, locale, "submitted", author, (_, _) => "", ct);
    }

    /// <summary>The translator of a language (its assignee, else who submitted it) learns it was sent back or published.</summary>
    public async Task ToTranslatorAsync(ContentItem item, string locale, string what, string actor, string? note, CancellationToken ct)
    {
        if (!Enabled)
        {
            return;
        }

        var translator = await ReviewDesk.TranslatorOfAsync(db, item.Id, locale, ct);
        if (translator is not null && translator.Email != actor)
        {
            await QueueAsync([translator], item, locale, what, actor, (_, _) => note ?? "", ct);
        }
    }

    /// <summary>Fast-lane work given to a translator, due at <paramref name="due"/>.</summary>
    public async Task UrgentAsync(User assignee, ContentItem item, string locale, DateTime due, string actor, CancellationToken ct)
    {
        if (Enabled)
        {
            // The due time in the translator's own zone and language, with the zone named.
            await QueueAsync([assignee], item, locale, "urgent", actor,
                (user, culture) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(due, DateTimeKind.Utc), FormFields.Zone(user.TimeZone)).ToString("g", culture) + " (" + user.TimeZone + ")", ct);
        }
    }

    private async Task QueueAsync(IEnumerable<User> recipients, ContentItem item, string locale, string what, string actor, Func<User, CultureInfo, string> extra, CancellationToken ct)
    {
        var list = recipients.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var ids = list.Select(u => u.Id).ToList();
        var optedOut = await db.ReviewMailOptOuts.AsNoTracking().Where(o => ids.Contains(o.UserId)).Select(o => o.UserId).ToListAsync(ct);
        var title = Title(item);
        var link = $"{cms.Value.PublicBaseUrl.TrimEnd('/')}/admin/content/{item.Type}/{item.Id}/{locale}";
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var user in list.Where(u => !u.Disabled && !optedOut.Contains(u.Id)))
            {
                var language = AdminCulture.IsSupported(user.AdminLanguage) ? user.AdminLanguage : AdminCulture.Default;
                var culture = AdminCulture.CultureOf(language);
                CultureInfo.CurrentUICulture = culture;
                db.WorkflowMail.Add(new WorkflowMail
                {
                    UserId = user.Id,
                    To = user.Email,
                    Language = language,
                    Subject = Clip(Strings![$"admin.review.mail.{what}.subject", title, locale].Value, 300),
                    Body = Clip(Strings![$"admin.review.mail.{what}.body", title, locale, actor, extra(user, culture), link].Value, 4000),
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                });
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    internal static string Title(ContentItem item) =>
        ContentJson.Parse(item.Localizations.FirstOrDefault(l => l.Locale == Locales.Source)?.FieldsJson)["title"]?.GetValue<string>() ?? item.Key;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
