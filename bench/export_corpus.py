#!/usr/bin/env python3
"""The export benchmark's corpus, written twice from the same text: as PromoSite content (content/{type}/{key}/{locale}.md,
imported by the `import` verb) and as a multilingual Hugo site (content/{locale}/{type}/{key}.md, one template set).
Sentences of the shipped sample content, recombined per language, as bench/search.sh's corpus does.
    export_corpus.py SAMPLE_CONTENT OUT ITEMS"""
import os, random, re, sys

sample, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
locales = ["vi", "en", "ko", "ja", "zh"]
types = [("dishes", ""), ("destinations", "category: nature\n"), ("heritage-sites", "rank: provincial\n")]
sentences = {l: [] for l in locales}
for root, _, files in os.walk(sample):
    for name in files:
        locale = name[:-3]
        if name.endswith(".md") and locale in locales:
            text = open(os.path.join(root, name), encoding="utf-8").read()
            body = text[text.find("\n---", 3) + 4:]
            for s in re.split(r"[.。\n]", body):
                s = s.strip()
                if len(s) > 20 and not s.startswith("#"):
                    sentences[locale].append(s + ("。" if locale in ("ja", "zh") else "."))

rng = random.Random(20261206)
quote = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
for i in range(count):
    kind, shared = types[i % len(types)]
    key = f"bench-{i}"
    for locale in locales:
        pool = sentences[locale]
        title = rng.choice(pool).rstrip(".。")[:150] + f" {i}"
        summary = rng.choice(pool)[:290]  # the types allow 300 characters
        paragraphs = "\n\n".join(" ".join(rng.choice(pool) for _ in range(4)) for _ in range(3))
        folder = os.path.join(out, "promosite", kind, key)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{locale}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {quote(title)}\nsummary: {quote(summary)}\n{shared if locale == 'vi' else ''}---\n\n{paragraphs}\n")
        hugo = os.path.join(out, "hugo", "content", locale, kind)
        os.makedirs(hugo, exist_ok=True)
        with open(os.path.join(hugo, f"{key}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {quote(title)}\nsummary: {quote(summary)}\ntranslationKey: {key}\n---\n\n{paragraphs}\n")
