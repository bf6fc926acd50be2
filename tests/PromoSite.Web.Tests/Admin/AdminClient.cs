using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Tests.Admin;

/// <summary>A browser-like client for the admin: keeps cookies, reads forms and their antiforgery tokens.</summary>
public sealed class AdminClient(PromoSiteFactory app)
{
    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> GetAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Loads <paramref name="path"/>, fills the n-th form with <paramref name="fields"/> and submits it, as a browser would.</summary>
    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SubmitAsync(string path, IReadOnlyDictionary<string, string> fields, int form = 0, bool withToken = true)
    {
        var (_, page) = await GetAsync(path);
        var element = (IHtmlFormElement)page.QuerySelectorAll("main form")[form];
        var values = new List<KeyValuePair<string, string>>();

        // What a browser sends: every named control's current value, then the test's own entries.
        foreach (var control in element.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = control.GetAttribute("name")!;
            if (fields.ContainsKey(name) || (name == "__RequestVerificationToken" && !withToken))
            {
                continue;
            }

            switch (control)
            {
                case IHtmlInputElement input when input.Type is "submit" or "button":
                    break;
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        values.Add(new(name, input.Value));
                    }

                    break;
                case IHtmlInputElement input:
                    values.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement textarea:
                    values.Add(new(name, textarea.Value));
                    break;
                case IHtmlSelectElement select:
                    values.Add(new(name, select.Value ?? ""));
                    break;
            }
        }

        values.AddRange(fields);
        var action = element.GetAttribute("action") is { Length: > 0 } a ? a : path;
        var response = await Http.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(values));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Signs in, enrolling an authenticator when asked (returns the secret so later codes can be made).</summary>
    public async Task<byte[]?> SignInAsync(string email, string password, TimeProvider? clock = null)
    {
        var (response, _) = await SubmitAsync("/admin/sign-in", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (response.Headers.Location?.ToString() != "/admin/enrol")
        {
            return null;
        }

        var (_, enrol) = await GetAsync("/admin/enrol");
        var key = enrol.QuerySelector("code.key")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        var secret = FromBase32(key);
        var code = Totp.Code(secret, Totp.StepAt((clock ?? TimeProvider.System).GetUtcNow()));
        var (done, _) = await PostFormAsync(enrol, "/admin/enrol", new Dictionary<string, string> { ["code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/admin", done.Headers.Location?.ToString());
        return secret;
    }

    private async Task<(HttpResponseMessage, IHtmlDocument)> PostFormAsync(IHtmlDocument page, string path, IReadOnlyDictionary<string, string> fields)
    {
        var element = (IHtmlFormElement)page.QuerySelector("main form")!;
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", element.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!) };
        values.AddRange(fields);
        var response = await Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(values));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Creates a user with a first password already replaced, and signs them in.</summary>
    public static async Task<AdminClient> ForNewUserAsync(PromoSiteFactory app, string email, Role role, params string[] locales)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (_, problem) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("test", email, email, role, locales, "first password for " + email, null);
            Assert.Null(problem);
            await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false));
        }

        var client = new AdminClient(app);
        await client.SignInAsync(email, "first password for " + email);
        return client;
    }

    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
