using System.Globalization;
using System.Net;
using System.Text;
using PromoSite.Cms.Content;

namespace PromoSite.Web.Hosting;

internal static class HomeEndpoint
{
    /// <summary>
    /// A plain entry page until the public site lands: the five languages and where the delivery
    /// API and its OpenAPI document are. No language is chosen for the visitor.
    /// </summary>
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () =>
        {
            var html = new StringBuilder("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>Đồng Nai · PromoSite</title></head><body><main><h1>Đồng Nai</h1><ul>");
            foreach (var locale in Locales.All)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li lang=\"{Locales.HtmlLang(locale)}\"><a href=\"/api/v1/{locale}/ocop-products\">{WebUtility.HtmlEncode(Locales.NativeName(locale))}</a></li>");
            }

            html.Append("</ul><p><a href=\"/openapi/v1.json\">OpenAPI</a></p></main></body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
