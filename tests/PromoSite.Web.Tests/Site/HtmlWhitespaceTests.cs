using System.Text;
using PromoSite.Web.Caching;

namespace PromoSite.Web.Tests.Site;

public sealed class HtmlWhitespaceTests
{
    private static string Collapse(string html)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        return Encoding.UTF8.GetString(bytes, 0, HtmlWhitespace.Collapse(bytes));
    }

    [Fact]
    public void Indentation_becomes_one_line_break_and_spaces_within_a_line_stay()
    {
        Assert.Equal("<ul>\n<li>Đồng  Nai 동나이</li>\n</ul>\n", Collapse("<ul>\n    <li>Đồng  Nai 동나이</li>\r\n  \t</ul>\n\n"));
    }

    [Fact]
    public void Pre_and_textarea_keep_their_text_as_written()
    {
        const string html = "<pre class=\"x\">a\n    b\n</pre>\n  <textarea name=\"m\">\n  keep\n</textarea>";
        Assert.Equal("<pre class=\"x\">a\n    b\n</pre>\n<textarea name=\"m\">\n  keep\n</textarea>", Collapse(html));
    }

    [Fact]
    public void Attributes_and_empty_values_are_left_as_rendered()
    {
        const string html = "<option value=\"\" selected>x</option> <img alt=\"\" src=\"/a b.png\">";
        Assert.Equal(html, Collapse(html));
    }

    [Fact]
    public void A_preformatted_element_left_open_is_kept_to_the_end()
    {
        Assert.Equal("<p>\n<pre>\n  open", Collapse("<p>\n   <pre>\n  open"));
    }
}
