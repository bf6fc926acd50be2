using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Web.Tests.Site;

/// <summary>One running site with the shipped sample content, shared by read-only page tests.</summary>
public sealed class SampleSiteFixture : IAsyncLifetime
{
    public const string BaseUrl = "https://dongnai.example";

    private PromoSiteFactory? _factory;

    public PromoSiteFactory Factory => _factory!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _factory = await PromoSiteFactory.StartAsync(DatabaseProvider.Sqlite, TestFolders.SampleContent);
        Client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _factory!.DisposeAsync();
    }

    public async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetPageAsync(string path)
    {
        var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        return (response, await new HtmlParser().ParseDocumentAsync(html));
    }

    /// <summary>An absolute URL of this site as a path the test client can request.</summary>
    public static string PathOf(string url) => url.StartsWith(BaseUrl, StringComparison.Ordinal) ? url[BaseUrl.Length..] : url;
}
