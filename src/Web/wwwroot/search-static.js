// Search on the static export, where no server answers /search?q=: the search page of the export loads
// its language's index, one part per content type (/{locale}/search-index/{type}.json, listed in the page's
// data-index and built by the export from the published content), and answers in the browser, offline too.
// Text becomes tokens exactly as the site search does (src/Cms/Search/SearchText.cs): Latin words lowercased without diacritics and đ as d, Chinese,
// Japanese and Korean as overlapping character pairs; every query term must match, Latin terms as
// prefixes. The query goes in the address's #fragment, not ?q=, which the static server sends to the
// live site. Without JavaScript the form still submits there.
(function () {
  "use strict";
  var box = document.getElementById("static-results");
  var form = document.querySelector("form.search-form");
  var input = document.getElementById("q");
  if (!box || !form || !input) {
    return;
  }

  var letterOrDigit = /[\p{L}\p{Nd}]/u;
  var mark = /^[\p{Mn}\p{Mc}]$/u;
  var marks = /[\p{Mn}\p{Mc}]/gu;
  var parts = null;

  function isCjk(c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3130 && c <= 0x318F)
      || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF)
      || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x2FA1F);
  }

  function fold(ch) {
    if (ch === "đ" || ch === "Đ") {
      return "d";
    }

    return ch.normalize("NFD").replace(marks, "").toLowerCase();
  }

  function tokens(text) {
    var out = [];
    var word = "";
    var run = [];
    function flush() {
      if (word) {
        out.push(word);
        word = "";
      }
    }

    function flushCjk() {
      if (run.length === 1) {
        out.push(run[0]);
      }

      for (var i = 0; i + 1 < run.length; i++) {
        out.push(run[i] + run[i + 1]);
      }

      run = [];
    }

    for (var ch of text) {
      if (isCjk(ch.codePointAt(0))) {
        flush();
        run.push(ch);
      } else if (letterOrDigit.test(ch)) {
        flushCjk();
        word += fold(ch);
      } else if (!mark.test(ch)) {
        flush();
        flushCjk();
      }
    }

    flush();
    flushCjk();
    return out;
  }

  function terms(query) {
    var seen = {};
    var list = [];
    tokens(query.slice(0, 200)).forEach(function (t) {
      var cjk = isCjk(t.codePointAt(0));
      var token = !cjk && t.length > 3 && t.endsWith("s") && !t.endsWith("ss") ? t.slice(0, -1) : t;
      var prefix = cjk ? Array.from(t).length === 1 : true;
      if (!seen[token + prefix] && list.length < 16) {
        seen[token + prefix] = true;
        list.push({ token: token, prefix: prefix });
      }
    });
    return list;
  }

  // Postings arrive as gaps between ascending document numbers; keys in ordinal order, so a prefix is a range.
  function decode(postings) {
    var keys = Object.keys(postings).sort();
    var lists = {};
    keys.forEach(function (key) {
      var n = 0;
      lists[key] = postings[key].map(function (gap) { n += gap; return n; });
    });
    return { keys: keys, lists: lists };
  }

  function lookup(map, term) {
    var found = new Set();
    if (!term.prefix) {
      (map.lists[term.token] || []).forEach(function (d) { found.add(d); });
      return found;
    }

    var lo = 0;
    var hi = map.keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (map.keys[mid] < term.token) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }

    for (var i = lo; i < map.keys.length && map.keys[i].startsWith(term.token); i++) {
      map.lists[map.keys[i]].forEach(function (d) { found.add(d); });
    }

    return found;
  }

  function load() {
    if (parts) {
      return Promise.resolve(parts);
    }

    var addresses = box.getAttribute("data-index").split(" ").filter(Boolean);
    return Promise.all(addresses.map(function (address) {
      return fetch(address).then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }

        return response.json();
      }).then(function (json) {
        return { docs: json.docs, title: decode(json.title), text: decode(json.text) };
      });
    })).then(function (loaded) {
      parts = loaded;
      return parts;
    });
  }

  // Every term must match; a term in the title counts three, in the text one. A part's documents are numbered on
  // their own: a hit is its part's number and its document's, and ties keep the parts' order, then the documents'.
  function hitsIn(ix, list, partNumber) {
    var scores = null;
    list.forEach(function (term) {
      var inTitle = lookup(ix.title, term);
      var inText = lookup(ix.text, term);
      var next = new Map();
      new Set([].concat(Array.from(inTitle), Array.from(inText))).forEach(function (d) {
        if (scores === null || scores.has(d)) {
          next.set(d, (scores === null ? 0 : scores.get(d)) + (inTitle.has(d) ? 3 : 0) + (inText.has(d) ? 1 : 0));
        }
      });
      scores = next;
    });
    return Array.from(scores.keys()).map(function (d) { return { part: partNumber, doc: d, score: scores.get(d) }; });
  }

  function search(query) {
    var list = terms(query);
    box.textContent = "";
    if (list.length === 0) {
      return;
    }

    load().then(function (loaded) {
      var hits = [].concat.apply([], loaded.map(function (ix, n) { return hitsIn(ix, list, n); }));
      hits.sort(function (a, b) { return b.score - a.score || a.part - b.part || a.doc - b.doc; });
      render(hits.map(function (h) { return loaded[h.part].docs[h.doc]; }), query);
    }).catch(function () {
      box.textContent = box.getAttribute("data-failed");
    });
  }

  function render(docs, query) {
    var count = document.createElement("p");
    count.className = "count";
    count.setAttribute("role", "status");
    count.textContent = docs.length === 0 ? box.getAttribute("data-none") : box.getAttribute("data-count").replace("{0}", String(docs.length)).replace("{1}", query);
    box.appendChild(count);
    var list = document.createElement("ol");
    list.className = "results";
    docs.slice(0, 50).forEach(function (doc) {
      var item = document.createElement("li");
      if (doc[3]) {
        item.lang = doc[3];
      }

      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = doc[0];
      link.textContent = doc[1];
      heading.appendChild(link);
      item.appendChild(heading);
      if (doc[2]) {
        var snippet = document.createElement("p");
        snippet.className = "snippet";
        snippet.textContent = doc[2];
        item.appendChild(snippet);
      }

      list.appendChild(item);
    });
    box.appendChild(list);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "#q=" + encodeURIComponent(input.value));
    search(input.value);
  });

  var asked = /^#q=(.*)$/.exec(location.hash);
  if (asked) {
    input.value = decodeURIComponent(asked[1]);
    search(input.value);
  }
})();
