using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using PromoSite.Cms.Storage;

namespace PromoSite.Web.Tests.Admin;

/// <summary>
/// No admin view writes words of its own: every text a person reads goes through the localizer.
/// A heuristic over the .cshtml sources: the Razor code is taken out, each Razor expression is
/// replaced by the string literals it could print (a literal that is a key, a format or an argument
/// is not printed), and what is left is read as HTML: its text and the attributes people read
/// (placeholder, title, aria-label, alt, a button's value) must hold no letters but the allowed
/// words below.
/// </summary>
public sealed partial class AdminLiteralTests
{
    private static readonly string Root = RepositoryRoot.Find(AppContext.BaseDirectory)!;

    private static readonly string Pages = Path.Combine(Root, "src", "Cms", "Areas", "Admin", "Pages");

    /// <summary>
    /// Words that are the same in every language the admin speaks: names of the product and of
    /// formats and standards, and units. Anything else a view shows comes from locales/admin.
    /// </summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "PromoSite", // the product
        "XLIFF", "CSV", "SVG", "PNG", "JPEG", "WebP", "PDF", "MP4", "JSON", "HMAC", "QR", // file formats and standards
        "px", "ms", "MB", // units
    };

    /// <summary>Attributes whose values people read (or hear, from a screen reader).</summary>
    private static readonly string[] ReadAttributes = ["placeholder", "title", "aria-label", "alt"];

    public static TheoryData<string> Views()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Pages, "*.cshtml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Pages, file));
        }

        return data;
    }

    [Theory, MemberData(nameof(Views))]
    public void An_admin_view_shows_no_words_of_its_own(string view)
    {
        var source = File.ReadAllText(Path.Combine(Pages, view));
        Assert.Empty(Literals(source));
    }

    [Fact]
    public void The_heuristic_finds_words_in_text_attributes_and_expressions_and_not_in_code()
    {
        const string Page = """
            @page "/admin/x"
            @model XModel
            @{ ViewData["Title"] = A["admin.x.title"]; var a = "not shown"; }
            <h1>Dashboard</h1>
            <p>@A["admin.x.text"] @Model.Count</p>
            <input placeholder="Search by title" name="q" class="wide">
            <button type="submit" aria-label="@A["admin.x.save"]">@(Model.Busy ? "Saving" : A["admin.x.save"])</button>
            @foreach (var row in Model.Rows)
            {
              var cell = row.Cells["vi"];
              <td class="@(cell.Live ? "ok" : "missing")" data-state="@cell.State">@A.State(cell.State) @cell.Published.ToString("N0") <code>curl /api</code></td>
            }
            @if (Model.Empty) { <p>@(Model.Mine ? "Nothing for you" : "")</p> } else { <p>PromoSite · XLIFF 2.0</p> }
            """;
        Assert.Equal(["Dashboard", "Search by title", "Saving", "Nothing for you"], Literals(Page));
        Assert.Equal(["ViewData[\"Title\"] = \"Users\""], Literals("""@{ ViewData["Title"] = "Users"; }"""));
    }

    /// <summary>
    /// What a page model hands its view to show (a problem, an error, a notice, a result) is an
    /// admin key or localized text, never an English sentence written in the code. Messages of
    /// services outside the admin (the management API's problems for developers, stored audit
    /// details) are not pages and are not checked here.
    /// </summary>
    [Fact]
    public void Page_models_hand_their_views_keys_not_sentences()
    {
        var found = new List<string>();
        foreach (var file in Directory.GetFiles(Pages, "*.cshtml.cs", SearchOption.AllDirectories))
        {
            foreach (Match shown in ShownLiteral().Matches(File.ReadAllText(file)))
            {
                var literal = Hole().Replace(shown.Groups["text"].Value, " ");
                if (!literal.StartsWith("admin.", StringComparison.Ordinal) && Word().IsMatch(literal))
                {
                    found.Add($"{Path.GetRelativePath(Pages, file)}: {shown.Value}");
                }
            }
        }

        Assert.Empty(found);
    }

    /// <summary>The words a view would show without the localizer, each as found.</summary>
    private static List<string> Literals(string source)
    {
        var found = TitleLiteral().Matches(source).Select(m => m.Value).ToList();
        var markup = WithoutCode(source);
        var document = new HtmlParser().ParseDocument("<!doctype html><html><body>" + markup + "</body></html>");
        foreach (var node in document.Body!.Descendants())
        {
            if (node is IText text && !text.Ancestors<IElement>().Any(e => e.LocalName is "code" or "pre" or "script" or "style"))
            {
                Check(text.Data, found);
            }
            else if (node is IElement element)
            {
                foreach (var name in ReadAttributes)
                {
                    Check(element.GetAttribute(name), found);
                }

                // A button element's value is a form code nobody sees; an input button shows its value.
                if (element.LocalName == "input" && element.GetAttribute("type") is "submit" or "button" or "reset")
                {
                    Check(element.GetAttribute("value"), found);
                }
            }
        }

        return found;
    }

    private static void Check(string? text, List<string> found)
    {
        if (text is null)
        {
            return;
        }

        var words = Word().Matches(Url().Replace(text, " ")).Select(m => m.Value).Where(w => !Allowed.Contains(w)).ToList();
        if (words.Count > 0)
        {
            found.Add(Regex.Replace(text, @"\s+", " ").Trim());
        }
    }

    /// <summary>
    /// The view with its Razor code removed: comments, directives, code blocks, the heads of
    /// @if/@foreach/else, C# statements between tags, and every expression replaced by the string
    /// literals it may print.
    /// </summary>
    private static string WithoutCode(string source)
    {
        var text = RazorComment().Replace(source, "");
        text = Directive().Replace(text, "");
        var output = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '@' && i + 1 < text.Length && text[i + 1] == '@')
            {
                output.Append('@');
                i++;
            }
            else if (text[i] == '@' && i + 1 < text.Length && text[i + 1] == '{')
            {
                i = Balanced(text, i + 1) - 1; // a code block: nothing in it is shown
            }
            else if (text[i] == '@' && i + 1 < text.Length && text[i + 1] == '(')
            {
                var end = Balanced(text, i + 1);
                output.Append(' ').Append(Printed(text[(i + 1)..end])).Append(' ');
                i = end - 1;
            }
            else if (text[i] == '@' && ControlFlow().Match(text, i + 1) is { Success: true } control && control.Index == i + 1)
            {
                var open = text.IndexOf('(', i);
                i = Balanced(text, open) - 1; // @if (...), @foreach (...): the condition is code
            }
            else if (text[i] == '@' && i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                var end = ImplicitEnd(text, i + 1);
                output.Append(' ').Append(Printed(text[(i + 1)..end])).Append(' ');
                i = end - 1;
            }
            else
            {
                output.Append(text[i]);
            }
        }

        var lines = output.ToString().Split('\n')
            .Where(line => !Statement().IsMatch(line))
            .Select(line => ElseIf().Replace(line, " "));
        var markup = InlineStatement().Replace(string.Join('\n', lines), " ");
        markup = ElseIf().Replace(markup, " ");
        return markup.Replace("{", " ", StringComparison.Ordinal).Replace("}", " ", StringComparison.Ordinal).Replace(" else ", " ", StringComparison.Ordinal);
    }

    /// <summary>
    /// The literals an expression may print: those it results in (after ?, :, ??, =>, + or at its
    /// start), not the keys and arguments it passes (A["…"], A.State("…"), ToString("N0"), x["…"]).
    /// Interpolation holes are code.
    /// </summary>
    private static string Printed(string expression)
    {
        var code = LocalizerCall().Replace(expression, m => new string(' ', m.Length));
        code = StripCalls(code);
        var printed = new List<string>();
        foreach (Match literal in StringLiteral().Matches(code))
        {
            var before = code[..literal.Index].TrimEnd();
            var result = before.Length == 0 || before.EndsWith('?') || before.EndsWith(':') || before.EndsWith("=>", StringComparison.Ordinal)
                || before.EndsWith('+') || before.EndsWith('(') && before.Length == 1;
            if (result)
            {
                printed.Add(Hole().Replace(literal.Groups["text"].Value, " "));
            }
        }

        return string.Join(' ', printed).Replace("<", " ", StringComparison.Ordinal).Replace("\"", " ", StringComparison.Ordinal);
    }

    /// <summary>Blanks the arguments of the localizer's helpers and of formatting calls: keys, option names and formats, not words.</summary>
    private static string StripCalls(string code)
    {
        var builder = new StringBuilder(code);
        foreach (Match call in ArgumentCall().Matches(code))
        {
            var open = call.Index + call.Length - 1;
            var end = Balanced(code, open);
            for (var i = open + 1; i < end - 1; i++)
            {
                if (builder[i] == '"')
                {
                    builder[i] = ' ';
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>The index just past the bracket that closes the one at <paramref name="open"/>, skipping strings and chars.</summary>
    private static int Balanced(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' || c == '\'')
            {
                i = StringEnd(text, i);
                continue;
            }

            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            if (depth == 0)
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    private static int StringEnd(string text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
            else if (text[i] == '{' && quote == '"' && start > 0 && text[start - 1] == '$')
            {
                i = Balanced(text, i) - 1; // an interpolation hole may hold quotes of its own
            }
        }

        return text.Length;
    }

    /// <summary>Where an implicit expression (@Model.Rows[0].Title, @A.State(x)) ends.</summary>
    private static int ImplicitEnd(string text, int start)
    {
        var i = start;
        while (i < text.Length)
        {
            if (char.IsLetterOrDigit(text[i]) || text[i] == '_')
            {
                i++;
            }
            else if (text[i] is '(' or '[')
            {
                i = Balanced(text, i);
            }
            else if (text[i] == '.' && i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                i++;
            }
            else if (text[i] == '!' && i + 1 < text.Length && text[i + 1] == '.')
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    [GeneratedRegex(@"\b(?:(?:Problem|Error|Message|Done|Notice)\s*=|Errors\.Add(?:Range)?\(|FailAsync\(|new UploadResult\([^,]*,[^,]*,)\s*(?:[^;""]*\?\s*)?\$?""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex ShownLiteral();

    [GeneratedRegex(@"ViewData\[""Title""\]\s*=\s*\$?""[^""]*""")]
    private static partial Regex TitleLiteral();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"^\s*@(page|model|using|inject|namespace|addTagHelper|attribute|layout)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"(if|foreach|for|while|switch|using|lock)\s*\(")]
    private static partial Regex ControlFlow();

    /// <summary>A C# statement on a line of its own inside a block of markup (var cell = …;).</summary>
    [GeneratedRegex(@"^\s*(var\s|string\s|int\s|bool\s|[A-Za-z_][\w.<>\[\]]*\s+[A-Za-z_]\w*\s*=[^=]).*;\s*$|^\s*[^<>]*;\s*$")]
    private static partial Regex Statement();

    /// <summary>A statement inside a one-line block (@foreach (…) { var has = …; &lt;span&gt;…), and the labels of a @switch.</summary>
    [GeneratedRegex(@"\bvar\s+\w+\s*=[^;<]*;|\bcase\s+[\w.""]+\s*:|\bdefault\s*:|\bbreak\s*;")]
    private static partial Regex InlineStatement();

    /// <summary>An address (an example in a placeholder) is the same in every language.</summary>
    [GeneratedRegex(@"\b[a-z]+://\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"\belse(\s+if\s*\((?:[^()]|\([^()]*\))*\))?")]
    private static partial Regex ElseIf();

    /// <summary>The localizer (A["…"], A.State("…"), strings["…"]) and what it is given.</summary>
    [GeneratedRegex(@"\b(A|strings)(\[(?:[^\[\]]|\[[^\[\]]*\])*\]|\.\w+\((?:[^()]|\([^()]*\))*\))")]
    private static partial Regex LocalizerCall();

    /// <summary>Calls whose string arguments are formats, keys or separators.</summary>
    [GeneratedRegex(@"\.(ToString|GetValueOrDefault|TryGetValue|ContainsKey|Replace|Split|Join|StartsWith|EndsWith|Contains|Format|GetAttribute|Equals|IsSupported|NativeName|HtmlLang|ToWire|Base|EscapeDataString|Raw)\(|\bnew\s*\[\]\s*\{|\bnameof\(|\[(?="")")]
    private static partial Regex ArgumentCall();

    [GeneratedRegex(@"\$?@?""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Hole();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Word();
}
