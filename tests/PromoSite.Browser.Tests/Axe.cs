using System.Text.Json;
using Microsoft.Playwright;
using PromoSite.Cms.Storage;
using PromoSite.Testing;

namespace PromoSite.Browser.Tests;

/// <summary>
/// Runs axe-core (Deque's WCAG checker, from npm at the version tests/PromoSite.Browser.Tests/package-lock.json
/// pins; scripts/test.sh installs it) in a page and returns what it finds against WCAG 2.0, 2.1 and
/// 2.2 at levels A and AA. The page's context must be made with BypassCSP, or the site's
/// Content-Security-Policy refuses the injected script.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var path = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "tests", "PromoSite.Browser.Tests", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"axe-core is not installed at {path}; scripts/test.sh installs it (npm ci --prefix tests/PromoSite.Browser.Tests).");
    });

    private const string Run = """
        async () => {
          const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
          return JSON.stringify(result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + (n.failureSummary ? ' (' + n.failureSummary.split('\n').slice(1, 2).join('').trim() + ')' : '')),
            count: v.nodes.length })));
        }
        """;

    /// <summary>The violations on the page as it is now, one line each: rule, element count, the first elements and why.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("typeof axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Script.Value });
        }

        var json = await page.EvaluateAsync<string>(Run);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}, {v.GetProperty("count").GetInt32()} elements): {v.GetProperty("help").GetString()} — "
                + string.Join("; ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString())))
            .ToList();
    }
}
