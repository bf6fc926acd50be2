#!/usr/bin/env python3
"""URL choice and scoring for bench/lighthouse.sh (standard library only).

  lighthouse.py BASE LIGHTHOUSE_BIN WORKDIR LOCALE...

Templates are told apart by the shape of the path: the locale, then every segment but the last
(a section or type), then whether the last is a page of a list or an item. One URL per shape.
"""
import json, os, re, subprocess, sys, urllib.request, xml.etree.ElementTree as ET

base, lighthouse, work, locales = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def get(path):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        return r.status, r.read().decode("utf-8", "replace")


def shape(path):
    parts = [p for p in path.split("/") if p]
    return "/".join(parts[1:-1]) + ("/*" if len(parts) > 1 else "") + ("/" if path.endswith("/") else "")


def urls_for(locale):
    chosen, seen = [], set()
    _, xml = get(f"/sitemaps/{locale}.xml")
    for loc in ET.fromstring(xml).findall("s:url/s:loc", NS):
        path = re.sub(r"^https?://[^/]+", "", loc.text.strip())
        key = shape(path)
        if key not in seen:
            seen.add(key)
            chosen.append((path, True))
    # Pages outside the sitemap: a paged list, the search page, a filtered list, a one-pager, the
    # park comparison and the 404 page (found from the pages themselves, not guessed).
    home = f"/{locale}/"
    _, html = get(home)
    extra = []  # (path, unused): whether a page is indexable is read from the page below
    for path, _ in chosen:
        _, page = get(path)
        if not any(e[0].endswith("?page=2") for e in extra):
            m = re.search(r'href="([^"]*\?page=2)"', page)
            if m:
                extra.append((m.group(1).replace("&amp;", "&"), True))
        if not any("/print" in e[0] or "one-pager" in e[0] for e in extra):
            m = re.search(r'href="([^"]*/(?:print|one-pager)[^"]*)"', page)
            if m:
                extra.append((m.group(1).replace("&amp;", "&"), True))
        if not any("compare" in e[0] for e in extra):
            m = re.search(r'action="([^"]*compare[^"]*)"', page) or re.search(r'href="([^"]*compare\?[^"]*)"', page)
            if m:
                extra.append((m.group(1).replace("&amp;", "&"), False))
    m = re.search(r'action="([^"]*/search)"', html)
    if m:
        extra.append((m.group(1) + "?q=" + {"vi": "c%C3%B4ng+nghi%E1%BB%87p", "en": "industrial", "ko": "%EC%82%B0%EC%97%85", "ja": "%E5%B7%A5%E6%A5%AD", "zh": "%E5%B7%A5%E4%B8%9A"}[locale], False))
    # No 404 page: Lighthouse refuses to audit a document answered with an error status
    # (ERRORED_DOCUMENT_REQUEST); the axe walk in the browser tests covers it.
    out = []
    for path, _ in chosen + extra:
        path = re.sub(r"^https?://[^/]+", "", path)
        if path not in [o[0] for o in out]:
            # Indexable is what the page itself says, not a guess from its address.
            _, page = get(path)
            robots = re.search(r'<meta name="robots" content="([^"]*)"', page)
            out.append((path, not (robots and "noindex" in robots.group(1))))
    return out


rows, failures = [], 0
for locale in locales:
    for path, indexable in urls_for(locale):
        report = os.path.join(work, "lh.json")
        subprocess.run([lighthouse, base + path, "--quiet", "--output=json", f"--output-path={report}",
                        "--only-categories=seo,best-practices,accessibility",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        try:
            lh = json.load(open(report))
        except (OSError, ValueError):
            print(f"{path}: lighthouse gave no report"); failures += 1; continue
        os.remove(report)
        cats = lh["categories"]
        scores = {k: round((cats[k]["score"] or 0) * 100) for k in ("seo", "best-practices", "accessibility")}
        failed = sorted({a for k in cats for a in (r["id"] for r in cats[k]["auditRefs"])
                         if lh["audits"][a]["score"] is not None and lh["audits"][a]["scoreDisplayMode"] == "binary" and lh["audits"][a]["score"] < 1})
        expected = [] if indexable else ["is-crawlable"]  # noindex on purpose
        unexpected = [a for a in failed if a not in expected]
        status = lh.get("runtimeError", {}).get("code", "")
        bad = bool(unexpected) or scores["best-practices"] < 100 or scores["accessibility"] < 100 or (indexable and scores["seo"] < 100)
        failures += bad
        for a in unexpected:  # say what failed, not only which audit
            items = (lh["audits"][a].get("details") or {}).get("items") or []
            for item in items[:3]:
                what = item.get("description") or item.get("url") or item.get("node", {}).get("snippet") or json.dumps(item)[:200]
                print(f"       {a}: {str(what)[:240]}")
        rows.append((path, scores, unexpected, status, bad))
        print(f"{'FAIL' if bad else 'ok  '} seo {scores['seo']:3} bp {scores['best-practices']:3} a11y {scores['accessibility']:3}  {path}"
              + (f"  failed: {', '.join(unexpected)}" if unexpected else "") + (f"  {status}" if status else "") + ("" if indexable else "  (noindex)"), flush=True)

print(f"{len(rows)} pages, {failures} under 100 where 100 is expected")
sys.exit(1 if failures else 0)
