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
public sealed class AdminClient(PromoSiteFactory app, System.Net.CookieContainer? cookies = null)
{
    /// <summary>With <paramref name="cookies"/>, the jar is shared: two clients of two nodes are one browser behind a proxy.</summary>
    public HttpClient Http { get; } = cookies is null
        ? app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
        : app.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));

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

    /// <summary>The recovery codes shown at the last enrolment through this client.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    /// <summary>Makes the app see this client's requests as coming from <paramref name="address"/> (see PromoSiteFactory's test peer address).</summary>
    public AdminClient From(string address)
    {
        Http.DefaultRequestHeaders.Remove(PromoSiteFactory.PeerHeader);
        Http.DefaultRequestHeaders.Add(PromoSiteFactory.PeerHeader, address);
        return this;
    }

    /// <summary>
    /// Signs in: enrols an authenticator when the app asks (returns the secret so later codes can be
    /// made, and keeps the recovery codes shown), or gives a code from <paramref name="secret"/> when
    /// the account already has one.
    /// </summary>
    public async Task<byte[]?> SignInAsync(string email, string password, TimeProvider? clock = null, byte[]? secret = null)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var (response, _) = await SubmitAsync("/admin/sign-in", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location?.ToString() ?? "";
        if (location.StartsWith("/admin/code", StringComparison.Ordinal))
        {
            Assert.NotNull(secret);
            var (done, _) = await SubmitAsync(location, new Dictionary<string, string> { ["code"] = NextCode(secret, now) });
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
            return secret;
        }

        if (!location.StartsWith("/admin/enrol", StringComparison.Ordinal))
        {
            return null;
        }

        var (_, enrol) = await GetAsync(location);
        var key = enrol.QuerySelector("code.key")!.TextContent;
        var fresh = Totp.FromBase32(key);
        var (enrolled, codes) = await PostFormAsync(enrol, location, new Dictionary<string, string> { ["code"] = Totp.Code(fresh, Totp.StepAt(now)) });
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        RecoveryCodes = [.. codes.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent)];
        Assert.Equal(RecoveryCode.PerUser, RecoveryCodes.Count);
        return fresh;
    }

    /// <summary>
    /// A code for the next time step, so it is never one already used by the step before (codes
    /// are accepted one step either side, and a used step is refused).
    /// </summary>
    public static string NextCode(byte[] secret, DateTimeOffset now) => Totp.Code(secret, Totp.StepAt(now) + 1);

    /// <summary>Posts the n-th form of a page already loaded (for pages reached by a POST, such as a shown secret), as a browser would.</summary>
    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> PostFormAsync(IHtmlDocument page, string path, IReadOnlyDictionary<string, string> fields, int form = 0)
    {
        var element = (IHtmlFormElement)page.QuerySelectorAll("main form")[form];
        var values = element.QuerySelectorAll("input[type=hidden][name]").Where(i => !fields.ContainsKey(i.GetAttribute("name")!))
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        values.AddRange(fields);
        var action = element.GetAttribute("action") is { Length: > 0 } a ? a : path;
        var response = await Http.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(values));
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

    public static byte[] FromBase32(string text) => Totp.FromBase32(text);
}
