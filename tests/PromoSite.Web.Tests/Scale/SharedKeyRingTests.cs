using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Hosting;
using PromoSite.Cms.Storage;
using PromoSite.Testing;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Scale;

/// <summary>The data-protection keys live in the database: what one node protects, every node reads.</summary>
public sealed class SharedKeyRingTests
{
    private const string Email = "root@dongnai.example";
    private const string Password = "a long passphrase for two nodes";

    private static async Task CreateAdministratorAsync(PromoSiteFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var (_, problem) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync("test", Email, "Root", Role.Administrator, [], Password, null);
        Assert.Null(problem);
        await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Users.Where(u => u.Email == Email).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, false));
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task A_sign_in_cookie_from_one_node_is_accepted_by_another(DatabaseProvider provider)
    {
        await using var nodes = await Nodes.StartAsync(provider, "cms", "cms");
        await CreateAdministratorAsync(nodes.A);
        var browser = new CookieContainer();
        await new AdminClient(nodes.A, browser).SignInAsync(Email, Password);

        var (response, page) = await new AdminClient(nodes.B, browser).GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Email, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task An_authenticator_enrolled_on_one_node_is_verified_on_another(DatabaseProvider provider)
    {
        await using var nodes = await Nodes.StartAsync(provider, "cms", "cms");
        await CreateAdministratorAsync(nodes.A);
        var secret = await new AdminClient(nodes.A).SignInAsync(Email, Password);
        Assert.NotNull(secret);

        var onB = new AdminClient(nodes.B);
        await onB.SignInAsync(Email, Password, secret: secret); // asserts the redirect after a correct code (was a 500: key not found)
        var (response, _) = await onB.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Keys_kept_in_the_data_folder_by_older_versions_are_adopted_so_their_secrets_still_open()
    {
        // What an older version protected with a key in data/keys.
        var data = TestFolders.NewFolder("legacy");
        var legacy = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(data, SharedKeyRing.LegacyFolder)), b => b.SetApplicationName("PromoSite"));
        var protectedSecret = legacy.CreateProtector("PromoSite.Test").Protect("authenticator secret");

        using var content = ContentFolder.Fixture();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PromoSiteFactory(database, content.Path, new Dictionary<string, string> { ["PROMOSITE_DATA"] = data });
        _ = app.Server;

        var current = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("PromoSite.Test");
        Assert.Equal("authenticator secret", current.Unprotect(protectedSecret));
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync(k => k.FriendlyName!.StartsWith("key-")));
    }
}
