using System.Text.Json;
using System.Text.RegularExpressions;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Tests.Admin;

/// <summary>The admin's strings (locales/admin/{area}.{vi,en}.json): complete in Vietnamese and English, and every key the admin uses exists.</summary>
public sealed partial class AdminStringTests
{
    private static readonly string Root = RepositoryRoot.Find(AppContext.BaseDirectory)!;
    private static readonly string Folder = Path.Combine(Root, "locales", "admin");

    private static Dictionary<string, string> Load(string area, string locale)
    {
        var path = Path.Combine(Folder, $"{area}.{locale}.json");
        Assert.True(File.Exists(path), $"{path} is missing: every admin area has Vietnamese and English.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
    }

    public static TheoryData<string> Areas()
    {
        var data = new TheoryData<string>();
        foreach (var area in Directory.GetFiles(Folder, "*.vi.json").Concat(Directory.GetFiles(Folder, "*.en.json")).Select(f => Path.GetFileName(f)[..^".xx.json".Length]).Distinct().Order())
        {
            data.Add(area);
        }

        return data;
    }

    [Theory, MemberData(nameof(Areas))]
    public void Vietnamese_and_English_have_the_same_keys_non_empty_with_matching_placeholders(string area)
    {
        var vi = Load(area, "vi");
        var en = Load(area, "en");
        Assert.Empty(vi.Keys.Except(en.Keys).Order());
        Assert.Empty(en.Keys.Except(vi.Keys).Order());
        Assert.All(vi.Keys, key => Assert.StartsWith("admin.", key, StringComparison.Ordinal));
        Assert.DoesNotContain(vi.Concat(en), s => string.IsNullOrWhiteSpace(s.Value));
        foreach (var (key, text) in en)
        {
            Assert.True(Placeholders(text).SequenceEqual(Placeholders(vi[key])), $"{area}.vi.json: {key} has other placeholders than the English");
        }
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    public void Every_audit_action_the_code_writes_has_a_name_in_the_admin_and_a_place_in_the_filter(string locale)
    {
        var names = Load("audit", locale);
        Assert.DoesNotContain(PromoSite.Cms.Accounts.AuditActions.All, a => !names.ContainsKey("admin.audit.action." + a));
        Assert.Contains(PromoSite.Cms.Accounts.AuditActions.LinkCreate, PromoSite.Cms.Areas.Admin.Pages.AuditModel.Actions);
        Assert.Contains(PromoSite.Cms.Accounts.AuditActions.MediaUpload, PromoSite.Cms.Areas.Admin.Pages.AuditModel.Actions);
    }

    [Fact]
    public void Every_admin_key_the_code_uses_exists_in_Vietnamese()
    {
        var known = Directory.GetFiles(Folder, "*.vi.json").SelectMany(f => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(f))!.Keys).ToHashSet();
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs*", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            foreach (Match match in UsedKey().Matches(File.ReadAllText(file)))
            {
                used.Add(match.Groups[1].Value);
            }
        }

        Assert.DoesNotContain(used, k => !known.Contains(k));
    }

    /// <summary>A refusal the services give a code (FieldError.Coded) is said in the admin in both languages, with as many arguments as the code passes.</summary>
    [Fact]
    public void Every_refusal_code_the_services_give_is_worded_in_the_admin()
    {
        var vi = Load("problem", "vi");
        var en = Load("problem", "en");
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            foreach (Match match in CodedProblem().Matches(File.ReadAllText(file)))
            {
                codes.Add("admin.problem." + match.Groups[1].Value);
            }
        }

        Assert.True(codes.Count >= 30, $"only {codes.Count} codes found: the pattern no longer matches the code");
        Assert.DoesNotContain(codes, c => !vi.ContainsKey(c) || !en.ContainsKey(c));
        Assert.DoesNotContain(vi.Keys, k => !codes.Contains(k));
    }

    [GeneratedRegex(@"FieldError\.Coded\((?:[^,()]|\([^()]*\))+,\s*""([a-zA-Z]+)""")]
    private static partial Regex CodedProblem();

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"""(admin\.[a-z][a-zA-Z0-9]*\.[a-zA-Z0-9.\-]*[a-zA-Z0-9])""")]
    private static partial Regex UsedKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
