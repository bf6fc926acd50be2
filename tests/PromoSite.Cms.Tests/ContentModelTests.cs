using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using PromoSite.Cms.Content;

namespace PromoSite.Cms.Tests;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Đồng Nai", "dong-nai")]
    [InlineData("Bưởi Tân Triều", "buoi-tan-trieu")]
    [InlineData("Khu công nghiệp Nhơn Trạch 3 – Giai đoạn 2", "khu-cong-nghiep-nhon-trach-3-giai-doan-2")]
    [InlineData("Chiến khu Đ", "chien-khu-d")]
    [InlineData("  Long Thành International Airport!  ", "long-thanh-international-airport")]
    [InlineData("Ngã ba Thái Lan (Long Bình)", "nga-ba-thai-lan-long-binh")]
    public void Vietnamese_and_English_titles_fold_to_lowercase_ascii(string title, string slug) =>
        Assert.Equal(slug, Slugs.FromTitle(title));

    [Theory]
    [InlineData("떤찌에우 자몽")]
    [InlineData("ドンナイ工業団地")]
    [InlineData("同奈工业园")]
    public void Titles_without_latin_letters_give_no_slug_so_the_english_one_is_used(string title) =>
        Assert.Equal("", Slugs.FromTitle(title));

    [Fact]
    public void Long_titles_are_cut_at_a_word_boundary_within_the_limit()
    {
        var slug = Slugs.FromTitle(string.Join(' ', Enumerable.Repeat("Đồng Nai", 30)));
        Assert.True(slug.Length <= Slugs.MaxLength);
        Assert.True(Slugs.IsValid(slug));
        Assert.EndsWith("nai", slug, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dong-nai", true)]
    [InlineData("Dong-Nai", false)]
    [InlineData("dong--nai", false)]
    [InlineData("-dong", false)]
    [InlineData("đồng", false)]
    [InlineData("../etc", false)]
    [InlineData("", false)]
    public void Only_lowercase_ascii_words_joined_by_single_hyphens_are_valid_slugs(string slug, bool valid) =>
        Assert.Equal(valid, Slugs.IsValid(slug));
}

public sealed class FallbackChainTests
{
    [Theory]
    [InlineData("vi", "vi")]
    [InlineData("en", "en,vi")]
    [InlineData("ko", "ko,en,vi")]
    [InlineData("ja", "ja,en,vi")]
    [InlineData("zh", "zh,en,vi")]
    public void Default_chains_go_through_english_to_the_vietnamese_source(string locale, string chain) =>
        Assert.Equal(chain.Split(','), new FallbackChains((IReadOnlyDictionary<string, string[]>?)null).For(locale));

    [Fact]
    public void A_configured_chain_is_used_and_still_ends_with_the_source()
    {
        var chains = new FallbackChains(new Dictionary<string, string[]> { ["zh"] = ["ja"] });
        Assert.Equal(["zh", "ja", "vi"], chains.For("zh"));
        Assert.Equal(["ko", "en", "vi"], chains.For("ko"));
    }

    [Fact]
    public void A_chain_naming_an_unknown_locale_is_refused_at_start()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new FallbackChains(new Dictionary<string, string[]> { ["ko"] = ["fr"] }));
        Assert.Contains("fr", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class ContentTypeDeclarationTests
{
    private static readonly ContentTypeRegistry Registry = new();

    [Fact]
    public void Every_type_the_api_promises_is_declared()
    {
        string[] expected = ["pages", "articles", "investment-projects", "industrial-parks", "incentives", "ocop-products", "destinations", "craft-villages", "dishes", "events", "heritage-sites", "publications", "publication-issues", "media", "statements", "press-contacts", "conferences"];
        Assert.Equal(expected.Order(), Registry.All.Select(t => t.Name).Order());
    }

    [Theory]
    [InlineData("investment-projects", "investment", "investment/projects/")]
    [InlineData("industrial-parks", "investment", "investment/parks/")]
    [InlineData("ocop-products", "ocop", null)] // its list is the section's page
    [InlineData("craft-villages", "tourism", "tourism/craft-villages/")]
    [InlineData("articles", "news", null)]
    [InlineData("publication-issues", "publications", null)] // its path has a parent: the series page lists it
    [InlineData("pages", null, null)]
    [InlineData("media", null, null)]
    public void A_types_section_and_list_come_from_its_declared_path(string type, string? section, string? list)
    {
        Assert.Equal(section, Registry.Get(type).Section);
        Assert.Equal(list, Registry.Get(type).ListPath);
    }

    [Fact]
    public void The_tourism_section_lists_its_types_in_declaration_order() =>
        Assert.Equal(["events", "destinations", "craft-villages", "dishes"], Registry.InSection(SiteSections.Tourism).Select(t => t.Name));

    [Fact]
    public void The_media_sections_are_the_sites_sections_and_general() =>
        Assert.Equal([.. SiteSections.All, "general"], Registry.Get<MediaAsset>().FieldsByName["section"].Options);

    [Fact]
    public void Cache_keys_are_the_page_and_every_public_filter() =>
        Assert.Equal(["agency", "availableLandHa", "category", "country", "craft", "frequency", "investmentForm", "kind", "locality", "priority", "rank", "sector", "sectorsWelcomed", "stars", "status"], Registry.PublicFilterNames);

    [Theory]
    [InlineData(typeof(TwoPictures))]
    [InlineData(typeof(PictureNotMedia))]
    public void A_picture_is_one_media_reference(Type type) =>
        Assert.Contains("[Picture]", Assert.Throws<InvalidOperationException>(() => ContentTypeRegistry.Of(type, typeof(MediaAsset))).Message);

    [Fact]
    public void A_public_path_outside_every_section_is_refused() =>
        Assert.Contains("must start with a section", Assert.Throws<InvalidOperationException>(() => ContentTypeRegistry.Of(typeof(NoSection), typeof(MediaAsset))).Message);

    [ContentType("two-pictures", "Two pictures")]
    private sealed class TwoPictures
    {
        [Localized, Required, MaxLength(10)] public string Title { get; init; } = "";
        [Shared, Ref(MediaAsset.Key), Picture] public string? Image { get; init; }
        [Shared, Ref(MediaAsset.Key), Picture] public string? Cover { get; init; }
    }

    [ContentType("picture-not-media", "Picture not media")]
    private sealed class PictureNotMedia
    {
        [Localized, Required, MaxLength(10)] public string Title { get; init; } = "";
        [Shared, Picture, MaxLength(10)] public string? Image { get; init; }
    }

    [ContentType("no-section", "No section", PublicPath = "somewhere/{slug}")]
    private sealed class NoSection
    {
        [Localized, Required, MaxLength(10)] public string Title { get; init; } = "";
    }

    [Theory]
    [InlineData("ocop-products", "stars")]
    [InlineData("ocop-products", "category")]
    [InlineData("heritage-sites", "coordinates")]
    [InlineData("heritage-sites", "rank")]
    [InlineData("industrial-parks", "areaHa")]
    [InlineData("publication-issues", "articles")]
    [InlineData("media", "licence")]
    public void Facts_that_cannot_differ_between_languages_are_shared(string type, string field) =>
        Assert.True(Registry.Get(type).FieldsByName[field].Shared);

    [Theory]
    [InlineData("ocop-products", "title")]
    [InlineData("ocop-products", "whereToBuy")]
    [InlineData("publication-issues", "pdf")]
    [InlineData("media", "alt")]
    public void Words_readers_read_are_localized(string type, string field) =>
        Assert.True(Registry.Get(type).FieldsByName[field].Localized);

    [Theory]
    [InlineData("industrial-parks", "developer")]
    [InlineData("incentives", "legalBasis")]
    [InlineData("media", "credit")]
    public void Facts_that_are_text_have_a_form_per_language_and_fall_back_to_the_vietnamese(string type, string field) =>
        Assert.True(Registry.Get(type).FieldsByName[field] is { Localized: true, TextFact: true });

    [Theory]
    [InlineData("industrial-parks")]
    [InlineData("ocop-products")]
    [InlineData("destinations")]
    public void Localities_are_shared_place_names_shown_in_each_languages_form(string type) =>
        Assert.True(Registry.Get(type).FieldsByName["locality"] is { Shared: true, PlaceName: true, Filterable: true });

    [Fact]
    public void A_field_marked_neither_localized_nor_shared_is_refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ContentTypeRegistry.Of(typeof(Undecided)));
        Assert.Contains("Undecided.Note", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_to_an_undeclared_type_is_refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ContentTypeRegistry.Of(typeof(Dangling)));
        Assert.Contains("nowhere", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enum_options_are_kebab_case_as_written_in_content_and_the_api() =>
        Assert.Equal(["special-national", "national", "provincial"], Registry.Get("heritage-sites").FieldsByName["rank"].Options);

    [Fact]
    public void A_type_with_pages_named_as_the_sitemaps_sections_part_is_refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ContentTypeRegistry.Of(typeof(Sections)));
        Assert.Contains("'sections'", ex.Message, StringComparison.Ordinal);
    }

    [ContentType("sections", "Sections", PublicPath = "tourism/sections/{slug}")]
    private sealed class Sections
    {
        [Localized, System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MaxLength(100)] public string Title { get; init; } = "";
    }

    [ContentType("undecided", "Undecided")]
    private sealed class Undecided
    {
        [Localized, System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MaxLength(100)] public string Title { get; init; } = "";
        public string? Note { get; init; }
    }

    [ContentType("dangling", "Dangling")]
    private sealed class Dangling
    {
        [Localized, System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MaxLength(100)] public string Title { get; init; } = "";
        [Shared, Ref("nowhere")] public string? Other { get; init; }
    }
}

public sealed class ContentValidationTests
{
    private static readonly ContentTypeDefinition Ocop = new ContentTypeRegistry().Get("ocop-products");

    private static JsonObject Valid() => new() { ["title"] = "Bưởi", ["summary"] = "Ngon", ["stars"] = 5, ["category"] = "food" };

    [Fact]
    public void A_complete_product_is_valid() => Assert.Empty(ContentJson.Validate(Ocop, Valid()));

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void Ocop_stars_outside_three_to_five_are_refused(int stars)
    {
        var fields = Valid();
        fields["stars"] = stars;
        var error = Assert.Single(ContentJson.Validate(Ocop, fields));
        Assert.Equal("stars", error.Field);
    }

    [Fact]
    public void An_unknown_category_names_the_allowed_ones()
    {
        var fields = Valid();
        fields["category"] = "weapons";
        var error = Assert.Single(ContentJson.Validate(Ocop, fields));
        Assert.Contains("food, beverage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_refused_with_the_list_of_fields()
    {
        var fields = Valid();
        fields["price"] = 10;
        var error = Assert.Single(ContentJson.Validate(Ocop, fields));
        Assert.Equal("price", error.Field);
        Assert.Contains("whereToBuy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_field_is_reported()
    {
        var fields = Valid();
        fields.Remove("title");
        Assert.Contains(ContentJson.Validate(Ocop, fields), e => e.Field == "title");
    }

    [Fact]
    public void Coordinates_off_the_globe_are_refused()
    {
        var heritage = new ContentTypeRegistry().Get("heritage-sites");
        var fields = new JsonObject { ["title"] = "x", ["summary"] = "y", ["rank"] = "national", ["coordinates"] = new JsonArray(95.0, 106.0) };
        Assert.Contains(ContentJson.Validate(heritage, fields), e => e.Field == "coordinates");
    }

    [Fact]
    public void Equal_fields_in_any_order_hash_the_same()
    {
        var a = new JsonObject { ["title"] = "A", ["summary"] = "B" };
        var b = new JsonObject { ["summary"] = "B", ["title"] = "A" };
        Assert.Equal(ContentJson.Hash(a), ContentJson.Hash(b));
        b["summary"] = "C";
        Assert.NotEqual(ContentJson.Hash(a), ContentJson.Hash(b));
    }
}

public sealed class MarkdownRendererTests
{
    [Fact]
    public void Raw_html_is_escaped_not_rendered()
    {
        var html = MarkdownRenderer.ToHtml("Hello <script>alert(1)</script> <img src=x onerror=alert(1)>");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("![x](vbscript:msgbox)")]
    public void Links_with_unsafe_schemes_are_neutralised(string markdown)
    {
        var html = MarkdownRenderer.ToHtml(markdown);
        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[x](https://dongnai.gov.vn)", "https://dongnai.gov.vn")]
    [InlineData("[x](/en/ocop/)", "/en/ocop/")]
    [InlineData("[x](mailto:info@example.org)", "mailto:info@example.org")]
    public void Ordinary_links_are_kept(string markdown, string href) =>
        Assert.Contains($"href=\"{href}\"", MarkdownRenderer.ToHtml(markdown), StringComparison.Ordinal);
}
