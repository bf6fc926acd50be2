#!/usr/bin/env python3
"""HTTP side of bench/durability.sh (standard library only). The shell script owns the server
process (start, kill -9, restart) and the database; this file is the clients and the checks.

  durability.py token BASE EMAIL PASSWORD      signs in as the first administrator, enrols TOTP,
                                               makes an API token (read, write:ko) at /admin/tokens
  durability.py writers BASE TOKEN DIR N STOP  N writers, one item each, until the file STOP exists
  durability.py verify BASE TOKEN DIR DB       every acknowledged save present (API and revisions)
  durability.py race BASE TOKEN DIR SAVES DB   two writers chaining If-Match on one item

DB is "sqlite:PATH" or "psql:CONNINFO" (read with psql, which PostgreSQL's packages bring).
"""
import hashlib, hmac, http.client, http.cookiejar, json, os, random, re, struct, subprocess
import sys, threading, time, urllib.error, urllib.parse, urllib.request, base64, sqlite3

TYPE = "ocop-products"   # has a Korean "summary" (≤ 300 characters) on every sample item
LOCALE = "ko"


# ---------------------------------------------------------------- HTTP
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the sign-in steps are told apart by where they redirect


def opener(jar=None):
    handlers = [NoRedirect()]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


PLAIN = opener()


def call(base, method, path, token=None, body=None, headers=None, op=PLAIN, timeout=15):
    """(status, headers, text). Connection refused raises ConnectionRefusedError (nothing was sent);
    any other failure raises OSError (the request may have been processed: outcome unknown)."""
    h = dict(headers or {})
    data = None
    if token:
        h["Authorization"] = "Bearer " + token
    if body is not None:
        if isinstance(body, dict) and h.get("Content-Type", "").startswith("application/x-www-form"):
            data = urllib.parse.urlencode(body, doseq=True).encode()
        else:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            h.setdefault("Content-Type", "application/json; charset=utf-8")
    r = urllib.request.Request(base + path, data=data, method=method, headers=h)
    try:
        with op.open(r, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8", "replace")
    except urllib.error.URLError as e:
        if isinstance(e.reason, ConnectionRefusedError):
            raise e.reason
        raise OSError(str(e.reason))


def etag_version(headers):
    tag = (headers.get("ETag") or "").strip()
    return int(tag.strip('"')) if re.fullmatch(r'"\d+"', tag) else None


# ---------------------------------------------------------------- token through the admin
def totp(secret_b32, step):
    key = base64.b32decode(secret_b32.replace(" ", "").upper() + "=" * (-len(secret_b32.replace(" ", "")) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def antiforgery(html):
    m = re.search(r'<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)"', html) or \
        re.search(r'<input[^>]*value="([^"]+)"[^>]*name="__RequestVerificationToken"', html)
    if not m:
        sys.exit("no antiforgery token in the form")
    return m.group(1)


def cmd_token(base, email, password):
    jar = http.cookiejar.CookieJar()
    op = opener(jar)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    _, _, page = call(base, "GET", "/admin/sign-in", op=op)
    st, hd, page = call(base, "POST", "/admin/sign-in", op=op, headers=form,
                        body={"email": email, "password": password, "returnUrl": "/admin", "__RequestVerificationToken": antiforgery(page)})
    where = hd.get("Location", "")
    if st != 302 or not where.startswith("/admin/enrol"):
        sys.exit(f"sign-in: expected a redirect to /admin/enrol, got {st} {where}")
    _, _, page = call(base, "GET", where, op=op)
    key = re.search(r'<code class="key">([^<]+)</code>', page).group(1)
    # The step now; sign-in accepts one step either side, so a step boundary in between is harmless.
    code = totp(key, int(time.time()) // 30)
    st, hd, page = call(base, "POST", where, op=op, headers=form,
                        body={"code": code, "returnUrl": "/admin", "__RequestVerificationToken": antiforgery(page)})
    if st != 200 or "recovery-codes" not in page:
        sys.exit(f"enrolment: expected the recovery codes, got {st} {hd.get('Location', '')}")
    _, _, page = call(base, "GET", "/admin/tokens", op=op)
    st, _, page = call(base, "POST", "/admin/tokens?handler=Create", op=op, headers=form,
                       body={"name": "bench durability", "scopes": ["read"], "writeLocales": [LOCALE], "days": "30",
                             "__RequestVerificationToken": antiforgery(page)})
    m = re.search(r'id="new-token">(pst_[^<]+)<', page)
    if st != 200 or not m:
        sys.exit(f"token: not created ({st})")
    print(m.group(1))


# ---------------------------------------------------------------- shared item helpers
def items(base, count, skip=0):
    for _ in range(240):  # the server may be restarting
        try:
            st, _, text = call(base, "GET", f"/api/v1/{LOCALE}/{TYPE}?pageSize=100")
            if st == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    ids = [i["id"] for i in json.loads(text)["items"] if i.get("resolvedLocale") == LOCALE]
    if len(ids) < skip + count:
        sys.exit(f"only {len(ids)} {TYPE} have a {LOCALE} version; {skip + count} needed")
    return ids[skip:skip + count]


def get_item(base, token, item):
    st, hd, text = call(base, "GET", f"/api/v1/manage/{TYPE}/{item}", token=token)
    if st != 200:
        raise OSError(f"GET {item}: {st}")
    dto = json.loads(text)
    return etag_version(hd), dto


def summary_of(dto):
    return dto["locales"][LOCALE]["fields"].get("summary")


def put_body(dto, text):
    loc = dto["locales"][LOCALE]
    fields = dict(loc["fields"])
    fields["summary"] = text
    return {"fields": fields, "status": "draft", "slug": loc["slug"], "seoTitle": loc["seoTitle"], "seoDescription": loc["seoDescription"]}


def db_rows(db, sql):
    """Rows of a query as lists of strings, from SQLite (file) or PostgreSQL (psql)."""
    kind, _, arg = db.partition(":")
    if kind == "sqlite":
        con = sqlite3.connect(f"file:{arg}?mode=ro", uri=True)
        try:
            return [[("" if v is None else str(v)) for v in row] for row in con.execute(sql)]
        finally:
            con.close()
    out = subprocess.run(["psql", arg, "-X", "-At", "-F", "\x1f", "-R", "\x1e", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [r.split("\x1f") for r in out.rstrip("\n").split("\x1e") if r.strip("\n") != ""]


def revisions(db, item):
    rows = db_rows(db, f'SELECT "Number", "FieldsJson" FROM revisions WHERE "ItemId" = {int(item)} AND "Locale" = \'{LOCALE}\' ORDER BY "Number"')
    return [(int(n), json.loads(f).get("summary")) for n, f in rows]


# ---------------------------------------------------------------- part 1: writers under kill -9
def writer(base, token, item, wid, stop, log, lock, state):
    """Saves new revisions of one item (nobody else writes it) until STOP exists. Logs every
    acknowledged save, every save whose answer was lost, and any step backwards."""
    acked, unknown, problems = [], [], []
    n = 0
    version = dto = None
    last_ack = None  # (version, text)

    def note(kind, **kw):
        with lock:
            log.write(json.dumps({"kind": kind, "writer": wid, "item": item, "t": round(time.time(), 3), **kw}, ensure_ascii=False) + "\n")
            log.flush()

    while not os.path.exists(stop):
        if dto is None:  # (re)read the item: start, or after an answer that never came
            try:
                version, dto = get_item(base, token, item)
            except (OSError, ValueError):
                time.sleep(0.2)
                continue
            current = summary_of(dto)
            if last_ack is not None:
                if version < last_ack[0]:
                    problems.append(f"ETag went back from {last_ack[0]} to {version}")
                    note("backwards", was=last_ack[0], now=version)
                elif version == last_ack[0] and current != last_ack[1]:
                    problems.append(f"version {version} now holds {current!r}, acknowledged {last_ack[1]!r}")
                    note("replaced", version=version, text=current, acked=last_ack[1])
                elif version > last_ack[0] and current not in {u["text"] for u in unknown}:
                    problems.append(f"version {version} holds {current!r}, which this writer never sent after its last save")
                    note("foreign", version=version, text=current)
        n += 1
        text = f"벤치 {wid} 저장 #{n} · {random.randrange(16**8):08x}"
        try:
            st, hd, body = call(base, "PUT", f"/api/v1/manage/{TYPE}/{item}/{LOCALE}", token=token,
                                body=put_body(dto, text), headers={"If-Match": f'"{version}"'})
        except ConnectionRefusedError:
            dto = None  # nothing sent; the server is down
            time.sleep(0.1)
            continue
        except OSError as e:
            unknown.append({"text": text, "after": version})
            note("unknown", text=text, after=version, error=str(e)[:80])
            dto = None
            continue
        if st == 200:
            v = etag_version(hd)
            got = json.loads(body)
            if v is None or v <= version or summary_of(got) != text or got["version"] != v:
                problems.append(f"200 for {text!r} from {version}: ETag {hd.get('ETag')}, body {summary_of(got)!r} v{got.get('version')}")
                note("mismatch", text=text, etag=hd.get("ETag"), body=summary_of(got))
            acked.append({"version": v, "text": text})
            last_ack = (v, text)
            unknown.clear()  # anything in flight before this save was overwritten by it
            note("ack", version=v, text=text)
            version, dto = v, got
        else:
            # 503 while starting, 412 can't happen (one writer per item) but is re-read like the rest
            note("refused", status=st, text=text)
            dto = None
            time.sleep(0.1)
    state[wid] = {"item": item, "acked": len(acked), "problems": problems}


def cmd_writers(base, token, folder, count, stop):
    ids = items(base, int(count))
    open(os.path.join(folder, "ready"), "w").close()  # the kills start once the items are known
    state, lock = {}, threading.Lock()
    with open(os.path.join(folder, "saves.jsonl"), "a", encoding="utf-8") as log:
        threads = [threading.Thread(target=writer, args=(base, token, item, f"w{k + 1}", stop, log, lock, state)) for k, item in enumerate(ids)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    with open(os.path.join(folder, "writers.json"), "w", encoding="utf-8") as f:
        json.dump(state, f, ensure_ascii=False, indent=1)


def cmd_verify(base, token, folder, db):
    """Every acknowledged save is a revision of its item with its text, once; the current text is the
    last acknowledged one (or a later save whose answer was lost); every revision a writer made has
    its audit entry (same transaction)."""
    events = [json.loads(l) for l in open(os.path.join(folder, "saves.jsonl"), encoding="utf-8")]
    state = json.load(open(os.path.join(folder, "writers.json"), encoding="utf-8"))
    acked = [e for e in events if e["kind"] == "ack"]
    problems = [p for s in state.values() for p in s["problems"]]
    lost, duplicated, audit_missing, unacked_present, unknown_count = 0, 0, 0, 0, 0
    for wid, s in state.items():
        item = s["item"]
        mine = [e for e in events if e["writer"] == wid]
        acks = [e for e in mine if e["kind"] == "ack"]
        versions = [e["version"] for e in acks]
        if versions != sorted(versions) or len(set(versions)) != len(versions):
            problems.append(f"{wid}: acknowledged versions not strictly increasing")
        # The API: the current text is the last acknowledged one or a later one in flight at a kill.
        version, dto = get_item(base, token, item)
        last = acks[-1] if acks else None
        later = [e["text"] for e in mine if e["kind"] == "unknown" and (last is None or e["t"] >= last["t"])]
        if last is not None and (version < last["version"] or (summary_of(dto) != last["text"] and summary_of(dto) not in later)):
            problems.append(f"{wid}: item {item} is at {version} {summary_of(dto)!r}; last acknowledged {last['version']} {last['text']!r}")
        # The database: every acknowledged text is a revision, exactly once.
        revs = revisions(db, item)
        texts = [t for _, t in revs]
        for e in acks:
            c = texts.count(e["text"])
            lost += c == 0
            duplicated += c > 1
            if c == 0:
                problems.append(f"{wid}: LOST acknowledged save v{e['version']} {e['text']!r}")
        unknowns = {e["text"] for e in mine if e["kind"] == "unknown"}
        unknown_count += len(unknowns)
        unacked_present += sum(1 for t in texts if t in unknowns)
        ours = sum(1 for t in texts if t and t.startswith(f"벤치 {wid} "))
        key = dto["key"]
        audited = int(db_rows(db, f'SELECT COUNT(*) FROM audit_log WHERE "Target" = \'{TYPE}/{key}/{LOCALE}\' AND "Detail" = \'through the API\'')[0][0])
        if audited != ours:
            audit_missing += abs(ours - audited)
            problems.append(f"{wid}: {ours} revisions but {audited} audit entries for {TYPE}/{key}/{LOCALE}")
    result = {"acknowledged": len(acked), "lost": lost, "duplicated": duplicated, "answer_lost": unknown_count,
              "answer_lost_but_saved": unacked_present, "audit_missing": audit_missing, "problems": problems}
    json.dump(result, open(os.path.join(folder, "verify.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    for p in problems[:20]:
        print("  problem: " + p, file=sys.stderr)
    print(json.dumps({k: v for k, v in result.items() if k != "problems"} | {"problems": len(problems)}))


# ---------------------------------------------------------------- part 2: the ETag race
def cmd_race(base, token, folder, saves, db):
    """Two writers, one item, each chaining If-Match from its own previous answer (a 412 carries the
    current ETag). Every 200 must describe exactly this save: the text sent, version = If-Match + 1,
    ETag = body version. Afterwards the item's revisions must be exactly the 200s, in ETag order."""
    item = items(base, 1, skip=4)[0]
    _, start_dto = get_item(base, token, item)
    before = len(revisions(db, item))
    results = {"ok": [], "412": 0, "mismatch": [], "other": []}
    lock = threading.Lock()

    def run(wid):
        version, dto = get_item(base, token, item)
        for n in range(int(saves)):
            text = f"경합 {wid} #{n + 1} · {random.randrange(16**8):08x}"
            st, hd, body = call(base, "PUT", f"/api/v1/manage/{TYPE}/{item}/{LOCALE}", token=token,
                                body=put_body(start_dto, text), headers={"If-Match": f'"{version}"'})
            with lock:
                if st == 200:
                    got = json.loads(body)
                    v = etag_version(hd)
                    if summary_of(got) != text or v != version + 1 or got["version"] != v:
                        results["mismatch"].append(f"{wid} If-Match {version} sent {text!r}: ETag {hd.get('ETag')} v{got['version']} {summary_of(got)!r}")
                    results["ok"].append((v, text))
                    version = v
                elif st == 412:
                    results["412"] += 1
                    v = etag_version(hd)
                    if v is None:  # a conflict found at commit carries no ETag: read it
                        v, _ = get_item(base, token, item)
                    version = v
                else:
                    results["other"].append(f"{st} {body[:120]}")
                    version, _ = get_item(base, token, item)

    t0 = time.time()
    threads = [threading.Thread(target=run, args=(w,)) for w in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - t0
    # The revisions written during the race are exactly the acknowledged saves, in ETag order.
    written = [t for _, t in revisions(db, item)[before:]]
    expected = [t for _, t in sorted(results["ok"])]
    history_ok = written == expected and len({v for v, _ in results["ok"]}) == len(results["ok"])
    if not history_ok:
        results["mismatch"].append(f"revisions {len(written)} vs acknowledged {len(expected)}; first difference at "
                                   f"{next((i for i, (a, b) in enumerate(zip(written, expected)) if a != b), min(len(written), len(expected)))}")
    out = {"item": item, "attempts": 2 * int(saves), "ok": len(results["ok"]), "412": results["412"],
           "mismatch": len(results["mismatch"]), "other": len(results["other"]), "history_ok": history_ok,
           "seconds": round(elapsed, 1)}
    json.dump(out | {"details": results["mismatch"][:50] + results["other"][:20]}, open(os.path.join(folder, "race.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    for p in (results["mismatch"] + results["other"])[:20]:
        print("  problem: " + p, file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    verb, args = sys.argv[1], sys.argv[2:]
    {"token": cmd_token, "writers": cmd_writers, "verify": cmd_verify, "race": cmd_race}[verb](*args)
