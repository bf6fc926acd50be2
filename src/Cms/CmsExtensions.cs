using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PromoSite.Cms.Agencies;
using PromoSite.Cms.Screens;
using PromoSite.Cms.Analytics;
using PromoSite.Cms.Api;
using PromoSite.Cms.Backup;
using PromoSite.Cms.Changes;
using PromoSite.Cms.Content;
using PromoSite.Cms.Delivery;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Editing;
using PromoSite.Cms.Import;
using PromoSite.Cms.Media;
using PromoSite.Cms.Metrics;
using PromoSite.Cms.Printing;
using PromoSite.Cms.Publications;
using PromoSite.Cms.Reports;
using PromoSite.Cms.Review;
using PromoSite.Cms.Storage;
using PromoSite.Cms.Translation;
using PromoSite.Cms.Monitoring;
using PromoSite.Cms.Webhooks;

namespace PromoSite.Cms;

public static class CmsExtensions
{
    /// <summary>Registers the CMS: content model, storage (SQLite or PostgreSQL), editing, import and delivery.</summary>
    public static IHostApplicationBuilder AddCms(this IHostApplicationBuilder builder)
    {
        var data = DataFolder.Resolve(builder.Configuration["PROMOSITE_DATA"] ?? builder.Configuration["DataPath"], builder.Environment.ContentRootPath);
        builder.Services.AddCmsCore(builder.Configuration, DatabaseSettings.From(builder.Configuration, data), data);
        builder.Services.AddAnalytics(builder.Configuration);
        builder.Services.AddReports(builder.Configuration); // effectiveness reports from the analytics and the enquiries
        // A site node writes nothing in the background but its page views (Hosting.NodeRole).
        var role = NodeRoles.Read(builder.Configuration);
        builder.Services.AddWebhooks(builder.Configuration, dispatch: role.RunsBackgroundWork());
        if (role.RunsBackgroundWork())
        {
            builder.Services.AddMonitoring(builder.Configuration); // the press monitor's poller: cms work (its admin page is not on a site node)
            builder.Services.AddMediaDerivativeWorker();
            builder.Services.AddChangeFeedRetention();
        }

        builder.Services.AddPrinting(builder.Configuration); // PDFs through headless Chromium (reports, conference kits)
        builder.Services.AddHostedService<ContentChangeListener>(); // instant eviction across nodes on PostgreSQL
        builder.Services.AddHostedService<Search.SearchIndexKeeper>(); // the in-memory search index, built at start and kept current

        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<Accounts.ApiTokenOpenApiTransformer>());
        builder.Services.AddProblemDetails();
        // A full disk (507) or an unreachable database (503) is told as such, and an admin form keeps its input.
        builder.Services.AddExceptionHandler<Admin.StorageFailureExceptionHandler>();
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options => options.Filters.Add<Admin.StorageFailurePageFilter>());
        // A repeated property name has no single meaning; refuse it rather than keep the last one
        // (typed bodies) or throw from JsonObject (a 500). See Admin/ManagementLimits for the 400.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.AllowDuplicateProperties = false);
        // An unreachable database degrades the site (it serves the last published content) rather than
        // taking it down: Degraded is still 200, so a load balancer keeps the node that is still serving.
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<CmsDbContext>("database", HealthStatus.Degraded)
            .AddCheck<DeliveryHealthCheck>("delivery")
            .AddDatabaseIntegrityCheck()
            .AddCheck<ReadinessCheck>(ReadinessCheck.Name, tags: [ReadinessCheck.Tag]);
        return builder;
    }

    /// <summary>The CMS without its HTTP parts: what tools, tests and background services need.</summary>
    public static IServiceCollection AddCmsCore(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database, DataFolder data)
    {
        services.AddSingleton(data);
        services.AddOptions<CmsOptions>().Bind(configuration.GetSection(CmsOptions.Section)).RefuseMisshapenFallbacks(configuration);
        services.AddSingleton<ContentTypeRegistry>();
        services.AddSingleton<FallbackChains>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ContentChangeNotifier>();
        services.AddJobLeases();
        services.AddCmsStorage(database);
        services.AddSingleton<Search.SearchIndex>();
        services.AddSingleton<Search.LuceneSearchIndex>();
        services.AddSingleton<Search.ContentSearch>();
        services.AddScoped<ContentCommit>();
        services.AddScoped<ContentEditor>();
        services.AddChangeFeed(configuration);
        services.AddScoped<ChangeFeedRecorder>();
        services.AddScoped<IPassedWindowRecorder>(sp => sp.GetRequiredService<ChangeFeedRecorder>());
        services.AddSiteMetrics();
        services.AddDataProtection();
        services.AddScoped<Accounts.AccountService>();
        services.AddScoped<Accounts.SignInThrottle>();
        services.AddScoped<ContentImporter>();
        services.AddScoped<DraftPreview>();
        services.AddScoped<Sharing.ShortLinkService>();
        services.AddSingleton<Sharing.SiteLinkCache>();
        services.AddScoped<Translation.TranslationCoverage>();
        services.AddScoped<Translation.XliffExchange>();
        services.AddMedia(configuration);
        services.AddSingleton<DatabaseOutage>();
        services.AddSingleton<ContentDeliveryService>();
        services.AddSingleton<IContentDelivery>(sp => sp.GetRequiredService<ContentDeliveryService>());
        services.AddSingleton<PublicPaths>();
        services.AddSingleton<PublicationIssues>();
        services.AddScoped<Screens.ScreenService>();
        services.AddScoped<Conferences.ConferenceKit>();
        services.AddAgencies();
        services.AddScoped<Terminology.Termbase>();
        services.AddReview(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapCms(this IEndpointRouteBuilder app)
    {
        // Public by declaration: the delivery API serves only published content, /media only stored
        // files, /health and the OpenAPI document nothing private. Everything else declares a policy
        // (and what declares nothing gets the staff policy: AddStaffAuthorization).
        var open = app.MapGroup("").AllowAnonymous();
        open.MapOpenApi();
        open.MapChangeFeedApi();
        open.MapDeliveryApi();
        open.MapMediaFiles();
        // /health as before (what proxies poll); /health/live: the process answers (for a supervisor that
        // restarts a hung one); /health/ready: may it get traffic (Hosting/Readiness). See docs/deploy.md.
        // /health keeps its old meaning: every check but the readiness one (the integrity check, also tagged
        // "ready", belongs to both).
        open.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthText.WriteAsync, Predicate = c => c.Name != ReadinessCheck.Name });
        open.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthText.WriteAsync, Predicate = _ => false });
        open.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthText.WriteAsync, Predicate = c => c.Tags.Contains(ReadinessCheck.Tag) });
        if (!NodeRoles.Read(app.ServiceProvider.GetRequiredService<IConfiguration>()).ServesStaff())
        {
            return app; // a site node has no management API at all: 404, not 401
        }

        app.MapMediaUploadApi();
        app.MapTranslationApi();
        app.MapWebhookApi();
        app.MapScreenApi();
        app.MapReviewApi();
        return app;
    }

    /// <summary>
    /// Brings the database schema up to date and, on a database without content, imports the
    /// content/ folder, so a fresh checkout starts with the sample content.
    /// </summary>
    public static async Task PrepareCmsAsync(this IServiceProvider services, string? contentPath, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        await db.MigrateAsync(ct);
        // An upload still being written is minutes old; a day-old .part file was left by a crash or a kill.
        scope.ServiceProvider.GetRequiredService<Media.IMediaStore>().RemoveAbandonedUploads(TimeSpan.FromDays(1));
        var configuration = scope.ServiceProvider.GetService<IConfiguration>() ?? new ConfigurationBuilder().Build();
        if (!NodeRoles.Read(configuration).RunsBackgroundWork())
        {
            return; // the key ring, the first administrator, the first import and index rebuilds are the cms node's to make
        }

        await SharedKeyRing.AdoptFolderKeysAsync(db, scope.ServiceProvider.GetRequiredService<DataFolder>(), ct);

        var search = scope.ServiceProvider.GetRequiredService<Search.SearchIndex>();
        if (await search.IsEmptyAsync(db, ct) && await db.Items.AnyAsync(ct))
        {
            await search.RebuildAsync(db, ct); // content from before the search index existed
        }
        await scope.ServiceProvider.GetRequiredService<Accounts.AccountService>()
            .EnsureFirstAdministratorAsync(configuration, ct);
        if (contentPath is not null && Directory.Exists(contentPath) && !db.Items.Any())
        {
            // The agencies that come with the content (content/agencies.yml) first, since statements name
            // their issuing agency; their series rules once the series exist.
            var seed = scope.ServiceProvider.GetRequiredService<Agencies.AgencySeed>();
            var agencyErrors = await seed.ImportAsync(contentPath, withSeries: false, ct);
            if (agencyErrors.Count > 0)
            {
                throw new InvalidOperationException("The first-run import of the agencies failed.\n" + string.Join('\n', agencyErrors));
            }

            var report = await scope.ServiceProvider.GetRequiredService<ContentImporter>().ImportAsync(contentPath, ct);
            if (!report.Succeeded)
            {
                throw new InvalidOperationException("The first-run import of " + contentPath + " failed. " + report);
            }

            agencyErrors = await seed.ImportAsync(contentPath, withSeries: true, ct);
            if (agencyErrors.Count > 0)
            {
                throw new InvalidOperationException("The first-run import of the agencies failed.\n" + string.Join('\n', agencyErrors));
            }

            // The termbase that comes with the content (content/termbase.csv); a database from before the
            // termbase existed gets it from /admin/terms (import), not behind the editors' backs.
            var termErrors = await scope.ServiceProvider.GetRequiredService<Terminology.Termbase>().SeedAsync(contentPath, ct);
            if (termErrors.Count > 0)
            {
                throw new InvalidOperationException("The first-run import of the termbase failed.\n" + string.Join('\n', termErrors));
            }
        }
    }

    /// <summary>The ContentPath setting, or content/ beside PromoSite.sln, or the one published beside the binaries.</summary>
    public static string? ContentPath(IConfiguration configuration, string contentRoot) =>
        configuration["ContentPath"] is { Length: > 0 } configured ? Path.GetFullPath(configured)
        : RepositoryRoot.FindShipped("content", contentRoot);
}
