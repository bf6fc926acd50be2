using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Content;
using PromoSite.Cms.Printing;
using PromoSite.Cms.Storage;

namespace PromoSite.Cms.Reports;

public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>Who receives the previous month's report; nobody (the default) turns the monthly mail off.</summary>
    public List<string> MonthlyRecipients { get; set; } = [];

    /// <summary>The day of the month it goes out, in the province's time (1–28, so every month has it).</summary>
    public int MonthlyDay { get; set; } = 1;

    /// <summary>The time of day it goes out, in the province's time (Asia/Ho_Chi_Minh).</summary>
    public TimeOnly MonthlyTime { get; set; } = new(7, 0);
}

/// <summary>One month's report mailed: the row that makes "once a month" hold across nodes and restarts.</summary>
public sealed class ReportMailing
{
    /// <summary>The month reported on, "yyyy-MM".</summary>
    public required string Month { get; set; }

    public DateTime SentAt { get; set; }

    public required string Recipients { get; set; }

    /// <summary>"pdf", or "csv" when Chromium was missing.</summary>
    public required string Attachment { get; set; }
}

public static class ReportsExtensions
{
    extension(CmsDbContext db)
    {
        public DbSet<ReportMailing> ReportMailings => db.Set<ReportMailing>();
    }

    /// <summary>The effectiveness report (its page is /admin/reports; the monthly mail is the public site's, which has the mailer).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section));
        services.AddScoped<EffectivenessReport>();
        services.AddScoped<ReportPrinter>();
        return services;
    }

    internal sealed class Mapping : IEntityTypeConfiguration<ReportMailing>
    {
        public void Configure(EntityTypeBuilder<ReportMailing> mailing)
        {
            mailing.ToTable("report_mailings");
            mailing.HasKey(m => m.Month);
            mailing.Property(m => m.Month).HasMaxLength(7);
            mailing.Property(m => m.Recipients).HasMaxLength(2000);
            mailing.Property(m => m.Attachment).HasMaxLength(8);
        }
    }
}

/// <summary>
/// The report as files in Vietnamese, the language of the People's Committee whatever the reader's
/// own: CSV always, PDF through <see cref="ChromiumPdf"/> (which throws <see cref="PdfUnavailableException"/>
/// when Chromium is missing; callers say so rather than fail).
/// </summary>
public sealed class ReportPrinter(EffectivenessReport reports, ChromiumPdf pdf, IStringLocalizer<AdminText> strings, TimeProvider clock)
{
    /// <summary>The CSV in the reader's language, or in Vietnamese (the monthly mail's).</summary>
    public async Task<byte[]> CsvAsync(ReportResult report, CancellationToken ct, bool vietnamese = false)
    {
        var words = new ReportWords(strings, await reports.AgenciesAsync(ct));
        return vietnamese ? InVietnamese(() => ReportDocuments.Csv(report, words)) : ReportDocuments.Csv(report, words);
    }

    public async Task<string> HtmlAsync(ReportResult report, CancellationToken ct)
    {
        var agencies = await reports.AgenciesAsync(ct);
        return InVietnamese(() => ReportDocuments.PrintHtml(report, new ReportWords(strings, agencies), AdminCharts.Words(strings), clock.GetUtcNow()));
    }

    public async Task<byte[]> PdfAsync(ReportResult report, CancellationToken ct) => await pdf.PrintAsync(await HtmlAsync(report, ct), ct);

    /// <summary>Runs <paramref name="render"/> with the Vietnamese strings and number format, then puts the reader's back.</summary>
    public static T InVietnamese<T>(Func<T> render)
    {
        var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(Locales.HtmlLang(Locales.Source));
        try
        {
            return render();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
        }
    }
}
