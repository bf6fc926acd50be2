using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace PromoSite.Cms.Admin;

/// <summary>
/// A wide table's wrapper (<c>div.table-wrap</c>) scrolls sideways on a phone; a keyboard user can
/// only scroll what can take focus, so every wrapper is a named, focusable region (WCAG 2.1.1,
/// axe's scrollable-region-focusable). Done here once rather than in each of the admin's tables.
/// </summary>
[HtmlTargetElement("div", Attributes = "[class=table-wrap]")]
public sealed class ScrollingTableTagHelper(IStringLocalizer<AdminText> text) : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.SetAttribute("tabindex", "0");
        output.Attributes.SetAttribute("role", "region");
        if (!output.Attributes.ContainsName("aria-label") && !output.Attributes.ContainsName("aria-labelledby"))
        {
            output.Attributes.SetAttribute("aria-label", text["admin.common.scrollingTable"].Value);
        }
    }
}
