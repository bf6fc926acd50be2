using PromoSite.Cms;
using PromoSite.Cms.Admin;
using PromoSite.Cms.Analytics;
using PromoSite.Web.Caching;
using PromoSite.Web.Commands;
using PromoSite.Web.Hosting;
using PromoSite.Web.Pages;

var builder = WebApplication.CreateBuilder(args);
builder.AddCms();
builder.AddCmsAdmin();
builder.AddHosting();
builder.AddPublicSite();

var app = builder.Build();

// "import", "schema" and other verbs run a task with the same configuration, then exit.
if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app, args);
}

await app.Services.PrepareCmsAsync(CmsExtensions.ContentPath(app.Configuration, app.Environment.ContentRootPath));

app.UseForwarding();
app.UseAnalytics();
app.UseHeadAsGet();
app.UsePublicCache();
app.UseHttpValidators();
app.UseHosting();
app.UsePublicSite();
app.UseCmsAdmin();
app.MapCms();
app.MapPublicSite();

await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
