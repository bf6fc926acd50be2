using PromoSite.Cms.Storage;
using Xunit.Abstractions;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>
/// Feature folders depend on each other one way only: a folder that uses another is never used
/// back by it, directly or around a loop. A loop makes both folders one feature in disguise (neither
/// can be read, tested or moved alone) and is how "the contract depends on its consumers" creeps in.
/// </summary>
public sealed class FolderDependencyTests(ITestOutputHelper output)
{
    /// <summary>
    /// Loops that are meant, each with its reason: a step listed here is left out of the check.
    /// Empty, and best kept so; add a step only with the reason it is harmless.
    /// </summary>
    private static readonly HashSet<(string From, string To)> Allowed = [];

    [Fact]
    public void No_folder_of_Cms_or_Web_depends_on_itself_through_others()
    {
        var graph = Read();
        var cycles = graph.Cycles(Allowed);

        Assert.True(cycles.Count == 0, $"Folder dependency cycles (each step: the folder, the one it uses, and one use):\n{string.Join("\n", cycles)}");
    }

    [Fact]
    public void The_reading_sees_the_dependencies_that_are_known_to_exist()
    {
        var graph = Read();
        foreach (var (from, targets) in graph.Edges.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{from} -> {string.Join(", ", targets.Keys.Order(StringComparer.Ordinal))}");
        }

        // A constructor parameter, a method body only (a query in a lambda), a relative name
        // (Media.MediaImages), a C# 14 extension property (db.Users), and Razor views.
        Assert.Contains("PromoSite.Cms.Storage", graph.Edges["PromoSite.Cms.Delivery"].Keys);
        Assert.Contains("PromoSite.Cms.Analytics", graph.Edges["PromoSite.Cms.Areas"].Keys);
        Assert.Contains("PromoSite.Cms.Media", graph.Edges["PromoSite.Cms.Api"].Keys);
        Assert.Contains("PromoSite.Cms.Accounts", graph.Edges["PromoSite.Web.Commands"].Keys);
        Assert.Contains("PromoSite.Web.Seo", graph.Edges["PromoSite.Web.Pages"].Keys);
        Assert.True(graph.Views > 30, $"Only {graph.Views} Razor views were read.");
    }

    [Fact]
    public void A_loop_is_reported_with_the_code_behind_each_step_unless_a_step_is_allowed()
    {
        var graph = new FolderDependencies();
        graph.Edges["Delivery"] = new() { ["Editing"] = "ContentDeliveryService uses ContentChangeNotifier", ["Content"] = "x" };
        graph.Edges["Editing"] = new() { ["Webhooks"] = "ContentEditor uses WebhookOutbox" };
        graph.Edges["Webhooks"] = new() { ["Delivery"] = "WebhookDispatcher uses IContentDelivery" };

        var cycle = Assert.Single(graph.Cycles(new HashSet<(string, string)>()));

        Assert.StartsWith("Delivery → Editing → Webhooks → Delivery", cycle, StringComparison.Ordinal);
        Assert.Contains("Editing → Webhooks   (ContentEditor uses WebhookOutbox)", cycle, StringComparison.Ordinal);
        Assert.DoesNotContain("Content ", cycle, StringComparison.Ordinal);
        Assert.Empty(graph.Cycles(new HashSet<(string, string)> { ("Delivery", "Editing") }));
    }

    private static FolderDependencies Read()
    {
        var graph = new FolderDependencies();
        graph.Read(typeof(CmsDbContext).Assembly, "PromoSite.Cms");
        graph.Read(typeof(Pages.PublicPage).Assembly, "PromoSite.Web");
        return graph;
    }
}
