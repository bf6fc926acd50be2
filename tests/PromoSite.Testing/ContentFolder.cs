namespace PromoSite.Testing;

/// <summary>Writes a content/ folder for a test: one call per file, in the same format as the real one.</summary>
public sealed class ContentFolder : IDisposable
{
    public ContentFolder()
    {
        Path = TestFolders.NewFolder("content");
    }

    public string Path { get; }

    public ContentFolder Write(string type, string key, string locale, string text)
    {
        var folder = System.IO.Path.Combine(Path, type, key);
        Directory.CreateDirectory(folder);
        File.WriteAllText(System.IO.Path.Combine(folder, locale + ".md"), text.ReplaceLineEndings("\n"));
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }

    /// <summary>
    /// A small known world: a 5-star OCOP product in vi/en/ko, a 4-star one in vi/en only (Korean
    /// falls back to English), one in vi only with a ja draft, and a heritage site.
    /// </summary>
    public static ContentFolder Fixture()
    {
        var folder = new ContentFolder();
        folder.Write("ocop-products", "buoi-tan-trieu", "vi", """
            ---
            stars: 5
            category: food
            locality: Vĩnh Cửu
            title: Bưởi Tân Triều
            summary: Bưởi đường lá cam và bưởi đường da láng từ làng Tân Triều.
            ---
            Bưởi **Tân Triều** trồng ven sông Đồng Nai.
            """);
        folder.Write("ocop-products", "buoi-tan-trieu", "en", """
            ---
            title: Tan Trieu pomelo
            summary: Sweet pomelos from Tan Trieu village on the Dong Nai river.
            ---
            Pomelos grown on the banks of the Dong Nai river.
            """);
        folder.Write("ocop-products", "buoi-tan-trieu", "ko", """
            ---
            title: 떤찌에우 자몽
            summary: 동나이강변 떤찌에우 마을의 달콤한 자몽.
            ---
            동나이강 유역에서 재배됩니다.
            """);
        folder.Write("ocop-products", "hat-dieu", "vi", """
            ---
            stars: 4
            category: food
            title: Hạt điều rang muối
            summary: Hạt điều rang muối.
            ---
            Hạt điều.
            """);
        folder.Write("ocop-products", "hat-dieu", "en", """
            ---
            title: Salted roasted cashews
            summary: Roasted cashew nuts.
            ---
            Cashews.
            """);
        folder.Write("ocop-products", "chom-chom", "vi", """
            ---
            stars: 3
            category: food
            title: Chôm chôm Long Khánh
            summary: Chôm chôm.
            ---
            Chôm chôm.
            """);
        folder.Write("ocop-products", "chom-chom", "ja", """
            ---
            state: draft
            title: ロンカインのランブータン
            summary: 下書き。
            ---
            下書き。
            """);
        folder.Write("heritage-sites", "mo-co-hang-gon", "vi", """
            ---
            rank: special-national
            coordinates: [10.89, 107.24]
            title: Mộ cổ Hàng Gòn
            summary: Ngôi mộ cự thạch.
            ---
            Mộ cự thạch.
            """);
        return folder;
    }
}
