using PromoSite.Cms;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Analytics;
using PromoSite.Web.Caching;
using PromoSite.Web.Commands;
using PromoSite.Web.Export;
using PromoSite.Web.Hosting;
using PromoSite.Web.Kits;
using PromoSite.Web.Pages;
using PromoSite.Web.Review;

// Help, a mistyped verb and other answers that need no host come first (exit 0 or 2).
var invocation = CommandLine.Parse(args);
if (CommandLine.RunWithoutHost(invocation, Console.Out, Console.Error) is { } answered)
{
    return answered;
}

var builder = WebApplication.CreateBuilder(invocation.HostArguments.ToArray());
builder.AddCms();
builder.AddCmsAdmin();
builder.AddHosting();
builder.AddPublicSite();
builder.AddWorkflowMail();
builder.AddMetricsExport();
builder.AddConferenceKits();
var export = builder.AddExport(invocation);

var app = builder.Build();

// "import", "schema" and other verbs run a task with the same configuration, then exit.
if (invocation.Verb is not null && export is null)
{
    return await CommandLine.RunAsync(app, invocation, Console.Out, Console.Error);
}

await app.Services.PrepareCmsAsync(CmsExtensions.ContentPath(app.Configuration, app.Environment.ContentRootPath));

app.UseForwarding();
app.UseMetricsEndpoint();
app.UseAnalytics();
app.UseConferenceKits();
app.UseHeadAsGet();
app.UsePublicCache();
app.UseHttpValidators();
app.UseHosting();
app.UsePublicSite();
app.UseCmsAdmin();
app.MapCms();
app.MapPublicSite();
app.MapExportedSearch();

// "export" renders the pipeline above in memory (no port) into static files, then exits (or watches).
if (export is not null)
{
    return await app.RunExportAsync(export, Console.Out, Console.Error);
}

await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
