using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PromoSite.Cms.Content;
using PromoSite.Cms.Search;
using PromoSite.Cms.Storage;

/// <summary>
/// The benchmark corpus: N items of six public types, each published in all five languages, made of
/// sentences of the shipped sample content recombined (so word frequencies are those of real text),
/// plus a reference code per item for selective queries. Used by the search benchmark and by
/// bench/memory.sh (through the "corpus" verb), so both measure the same content.
/// </summary>
internal static class BenchCorpus
{
    private static readonly string[] TypeNames = ["articles", "destinations", "ocop-products", "heritage-sites", "industrial-parks", "dishes"];

    public static async Task GenerateAsync(IServiceProvider services, int count, int seed = 20261122)
    {
        var sentences = Sentences(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "content"));
        var random = new Random(seed);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var now = DateTime.UtcNow;
            for (var batch = 0; batch < count; batch += 500)
            {
                var items = new List<ContentItem>();
                for (var i = batch; i < Math.Min(count, batch + 500); i++)
                {
                    var type = TypeNames[i % TypeNames.Length];
                    var item = new ContentItem { Type = type, Key = $"bench-{i}", SharedJson = Shared(type), CreatedAt = now, UpdatedAt = now };
                    foreach (var locale in Locales.All)
                    {
                        var pool = sentences[locale];
                        var fields = new JsonObject
                        {
                            ["title"] = pool[random.Next(pool.Count)].Trim().TrimEnd('.', '。'),
                            ["summary"] = pool[random.Next(pool.Count)],
                            // A reference code per item, as real items have names few others share, for selective queries.
                            ["body"] = string.Join(' ', Enumerable.Range(0, 8).Select(_ => pool[random.Next(pool.Count)])) + $" REF{i:D5}",
                        };
                        item.Localizations.Add(new ContentLocalization
                        {
                            Type = type, Locale = locale, Slug = $"bench-{i}", Status = LocalizationStatus.Published,
                            FieldsJson = ContentJson.Canonical(fields), ContentHash = ContentJson.Hash(fields), CreatedAt = now, UpdatedAt = now, FirstPublishedAt = now,
                        });
                    }

                    db.Items.Add(item);
                    items.Add(item);
                }

                await db.SaveChangesAsync();
                // Visitors (and the search index) see each language's published revision, not the working
                // copy: without one per language the corpus would be invisible (it was, from the change that
                // introduced revisions until this one: the search benchmark found 0 hits).
                var revisions = items.SelectMany(item => item.Localizations.Select((l, n) => (l, new Revision
                {
                    ItemId = item.Id, Locale = l.Locale, Number = n + 1, Status = LocalizationStatus.Published, Slug = l.Slug,
                    SharedJson = item.SharedJson, FieldsJson = l.FieldsJson, Author = "bench", CreatedAt = now,
                }))).ToList();
                db.Revisions.AddRange(revisions.Select(r => r.Item2));
                await db.SaveChangesAsync();
                foreach (var (localization, revision) in revisions)
                {
                    localization.PublishedRevisionId = revision.Id;
                }

                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }

            await db.BumpChangeCounterAsync();
        }
    }

    public static async Task RebuildIndexAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SearchIndex>().RebuildAsync(scope.ServiceProvider.GetRequiredService<CmsDbContext>());
    }

    private static string Shared(string type) => type switch
    {
        "articles" => """{"date":"2026-03-01"}""",
        "destinations" => """{"category":"nature"}""",
        "ocop-products" => """{"category":"food","stars":4}""",
        "heritage-sites" => """{"rank":"national"}""",
        "industrial-parks" => """{"locality":"Long Thành"}""",
        _ => "{}",
    };

    private static Dictionary<string, List<string>> Sentences(string content)
    {
        var byLocale = Locales.All.ToDictionary(l => l, _ => new List<string>());
        foreach (var file in Directory.EnumerateFiles(content, "*.md", SearchOption.AllDirectories))
        {
            var locale = Path.GetFileNameWithoutExtension(file);
            if (!byLocale.ContainsKey(locale))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var body = text[(text.IndexOf("\n---", 3, StringComparison.Ordinal) + 4)..];
            foreach (var sentence in body.Split(['.', '。', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (sentence.Length > 20 && !sentence.StartsWith('#'))
                {
                    byLocale[locale].Add(sentence + (locale is "ja" or "zh" ? "。" : "."));
                }
            }
        }

        return byLocale;
    }
}
