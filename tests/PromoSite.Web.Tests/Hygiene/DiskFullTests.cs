using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PromoSite.Cms.Accounts;
using PromoSite.Cms.Media;
using PromoSite.Cms.Storage;
using PromoSite.Web.Tests.Admin;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>
/// A full disk loses nothing and says so: the API answers 507 with the reason, an admin form comes
/// back with what was typed, and once space is freed the same request succeeds. The disk is made
/// "full" by failing writes the way the providers report it (SQLITE_FULL, PostgreSQL 53100, ENOSPC).
/// </summary>
public sealed class DiskFullTests
{
    /// <summary>Flip it to fill the disk; every database write and media store then fails as a full disk does.</summary>
    private sealed class Disk
    {
        public bool Full { get; set; }
    }

    private sealed class FullDiskInterceptor(Disk disk, DatabaseProvider provider) : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            disk.Full
                ? throw (provider == DatabaseProvider.Sqlite
                    ? new SqliteException("SQLite Error 13: 'database or disk is full'.", 13)
                    : new PostgresException("could not extend file: No space left on device", "ERROR", "ERROR", "53100"))
                : base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    private sealed class FullDiskStore(IMediaStore inner, Disk disk) : IMediaStore
    {
        public Task<MediaSaveResult> SaveAsync(Stream upload, MediaUploadOptions options, CancellationToken cancellationToken) =>
            disk.Full ? throw new IOException("No space left on device", 28) : inner.SaveAsync(upload, options, cancellationToken);

        public Task<MediaObject?> OpenReadAsync(string relativePath, CancellationToken cancellationToken) => inner.OpenReadAsync(relativePath, cancellationToken);

        public Task<bool> ExistsAsync(string relativePath, CancellationToken cancellationToken) => inner.ExistsAsync(relativePath, cancellationToken);

        public Task PutDerivedAsync(string relativePath, string localFile, CancellationToken cancellationToken) => inner.PutDerivedAsync(relativePath, localFile, cancellationToken);

        public Task DiscardAsync(string relativePath, CancellationToken cancellationToken) => inner.DiscardAsync(relativePath, cancellationToken);

        public int RemoveAbandonedUploads(TimeSpan age) => inner.RemoveAbandonedUploads(age);
    }

    private static async Task<(PromoSiteFactory App, Disk Disk)> StartAsync(DatabaseProvider provider)
    {
        var disk = new Disk();
        var app = await PromoSiteFactory.StartWithFixtureAsync(provider, testServices: services =>
        {
            services.ConfigureDbContext<CmsDbContext>(options => options.AddInterceptors(new FullDiskInterceptor(disk, provider)));
            services.AddSingleton<FileSystemMediaStore>();
            services.AddSingleton<IMediaStore>(sp => new FullDiskStore(sp.GetRequiredService<FileSystemMediaStore>(), disk));
        });
        return (app, disk);
    }

    [Theory, ClassData(typeof(Providers))]
    public async Task An_api_save_on_a_full_disk_is_507_with_the_reason_and_succeeds_once_there_is_room(DatabaseProvider provider)
    {
        var (app, disk) = await StartAsync(provider);
        await using var _ = app;
        var client = await AdminClient.ForNewUserAsync(app, "full.disk@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");
        var etag = (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).Headers.ETag!;

        HttpRequestMessage Save()
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/manage/ocop-products/{id}/ko")
            {
                Content = new StringContent("""{"fields":{"title":"떤찌에우 포멜로","summary":"동나이의 포멜로."},"status":"draft"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.IfMatch.Add(etag);
            return request;
        }

        disk.Full = true;
        using (var full = await client.Http.SendAsync(Save()))
        {
            Assert.Equal(HttpStatusCode.InsufficientStorage, full.StatusCode);
            Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
            Assert.Contains("disk is full", await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(etag, (await client.Http.GetAsync(new Uri($"/api/v1/manage/ocop-products/{id}", UriKind.Relative))).Headers.ETag);

        disk.Full = false;
        using var saved = await client.Http.SendAsync(Save());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    [Fact]
    public async Task An_upload_on_a_full_disk_is_507_with_the_reason_and_succeeds_once_there_is_room()
    {
        var (app, disk) = await StartAsync(DatabaseProvider.Sqlite);
        await using var _ = app;
        var client = await AdminClient.ForNewUserAsync(app, "full.upload@dongnai.example", Role.Editor);

        async Task<HttpResponseMessage> UploadAsync()
        {
            using var upload = new ByteArrayContent(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));
            upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            return await client.Http.PostAsync(new Uri("/api/v1/manage/media-files", UriKind.Relative), upload);
        }

        disk.Full = true;
        using (var full = await UploadAsync())
        {
            Assert.Equal(HttpStatusCode.InsufficientStorage, full.StatusCode);
            Assert.Contains("disk is full", await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        disk.Full = false;
        using var stored = await UploadAsync();
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
    }

    [Fact]
    public async Task An_admin_form_on_a_full_disk_comes_back_with_what_was_typed_and_a_message()
    {
        var (app, disk) = await StartAsync(DatabaseProvider.Sqlite);
        await using var _ = app;
        var editor = await AdminClient.ForNewUserAsync(app, "full.form@dongnai.example", Role.Editor);
        var id = await app.ItemIdAsync("buoi-tan-trieu");

        disk.Full = true;
        var (response, page) = await editor.SubmitAsync($"/admin/content/ocop-products/{id}/vi/edit", new Dictionary<string, string>
        {
            ["f.summary"] = "Bản tóm tắt mới mà biên tập viên vừa gõ xong",
            ["action"] = "draft",
        });

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Contains("Ổ đĩa của máy chủ đã đầy", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("input, textarea"), control =>
            (control.GetAttribute("value") ?? control.TextContent) == "Bản tóm tắt mới mà biên tập viên vừa gõ xong");
    }
}
