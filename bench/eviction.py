#!/usr/bin/env python3
"""HTTP side of bench/eviction.sh (standard library only): publish on the cms node, time until the
site node's public page shows it.

  eviction.py measure CMS_BASE SITE_BASE TOKEN ROUNDS   prints one JSON line of figures

Each round: the Korean page of one OCOP product is asked twice on the site node (so it is in the
output cache), then its Korean summary is published on the cms node through the management API,
and the site node's page is asked every 5 ms until it carries the new text. Two times per round:
from sending the publish (publish-to-visible, what an editor sees) and from the publish's answer
(the eviction alone). Every answer of the site node must be 200, or the round counts as failed.
"""
import json, sys, time, urllib.parse
sys.path.insert(0, __import__("os").path.dirname(__file__))
from durability import call, get_item, LOCALE, TYPE  # noqa: E402


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else None


def measure(cms, site, token, rounds):
    st, _, text = call(site, "GET", f"/api/v1/{LOCALE}/{TYPE}?pageSize=100")
    if st != 200:
        sys.exit(f"site delivery API: {st}")
    item = next(i for i in json.loads(text)["items"] if i.get("resolvedLocale") == LOCALE)
    path = urllib.parse.urlparse(item.get("url") or item["path"]).path
    total, evict, failed, asked = [], [], 0, 0
    for n in range(rounds):
        for _ in range(2):
            st, _, _ = call(site, "GET", path)
            asked += 1
            failed += st != 200
        version, dto = get_item(cms, token, item["id"])
        loc = dto["locales"][LOCALE]
        fields = dict(loc["fields"])
        marker = f"eviction bench {time.time_ns()}"
        fields["summary"] = marker
        body = {"fields": fields, "status": "published", "slug": loc["slug"], "seoTitle": loc["seoTitle"], "seoDescription": loc["seoDescription"]}
        t0 = time.perf_counter()
        st, _, text = call(cms, "PUT", f"/api/v1/manage/{TYPE}/{item['id']}/{LOCALE}", token=token, body=body, headers={"If-Match": f'"{version}"'})
        t1 = time.perf_counter()
        if st != 200:
            sys.exit(f"publish on the cms node: {st} {text[:300]}")
        while True:
            st, _, page = call(site, "GET", path)
            asked += 1
            if st != 200:
                failed += 1
            if marker in page:
                break
            if time.perf_counter() - t1 > 10:
                sys.exit(f"round {n}: not visible on the site node after 10 s")
            time.sleep(0.005)
        t2 = time.perf_counter()
        total.append((t2 - t0) * 1000)
        evict.append((t2 - t1) * 1000)
        time.sleep(0.2)
    ms = lambda v: round(v, 1)
    print(json.dumps({"rounds": rounds, "site_requests": asked, "site_non_200": failed,
                      "publish_to_visible_ms": {"p50": ms(percentile(total, 50)), "p95": ms(percentile(total, 95)), "max": ms(max(total))},
                      "answer_to_visible_ms": {"p50": ms(percentile(evict, 50)), "p95": ms(percentile(evict, 95)), "max": ms(max(evict))}}))


if __name__ == "__main__":
    if sys.argv[1] == "measure":
        measure(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
