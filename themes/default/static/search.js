// Search for every page: the box in the header shows the best hits below
// it, /zoeken/ shows them all. The index is split (see the build's search
// module): meta.json first, then only the term shards of the typed words
// and the document chunks of the hits shown. Ranking mirrors the build's
// `search::search`, so what the tests compute is what readers get.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var cfg = script.dataset;
  var PAGE = 10, HEADER = 6;
  var meta = null, metaLoading = null;
  var shards = {}, chunks = {};

  function t(key, vars) {
    var s = cfg["t" + key.charAt(0).toUpperCase() + key.slice(1)] || "";
    return s.replace(/\{(\w+)\}/g, function (_, k) { return vars && k in vars ? vars[k] : ""; });
  }

  function json(path) {
    return fetch(cfg.index + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }

  function loadMeta() {
    if (!metaLoading) metaLoading = json("meta.json").then(function (m) { meta = m; return m; });
    return metaLoading;
  }

  function shard(name) {
    if (!shards[name]) shards[name] = json("t/" + name + ".json");
    return shards[name];
  }

  // The build's `search::shards_for`: the shards whose names start the
  // word, merged. A stem is in the longest of them that starts it.
  var named = null;
  function shardsFor(word) {
    if (!named) { named = {}; meta.shards.forEach(function (s) { named[s] = true; }); }
    var names = [];
    for (var n = 1; n <= word.length; n++) if (named[word.slice(0, n)]) names.push(word.slice(0, n));
    return Promise.all(names.map(shard)).then(function (loaded) {
      var terms = {};
      loaded.forEach(function (l) { Object.keys(l).forEach(function (k) { terms[k] = l[k]; }); });
      return terms;
    });
  }

  function chunk(n) {
    if (!chunks[n]) chunks[n] = json("d/" + n + ".json");
    return chunks[n];
  }

  var SPECIAL = { "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ĳ": "ij" };

  // Lower case, diacritics folded: the build's `search::text::normalize`.
  function normalize(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[øßæœĳ]/g, function (c) { return SPECIAL[c]; });
  }

  // The build's `search::text::words`.
  function words(s) {
    return normalize(s).split(/[^a-z0-9]+/).filter(function (w) {
      return w.length >= 2 && meta.stop.indexOf(w) < 0;
    });
  }

  // The build's `search::query_words`: each word once, the longest
  // `meta.words` of them.
  function queryWords(s) {
    return words(s).filter(function (w, i, a) { return a.indexOf(w) === i; })
      .sort(function (a, b) { return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0); })
      .slice(0, meta.words);
  }

  // The build's `search::matches`.
  function matches(stem, word) {
    if (stem === word || (word.indexOf(stem) === 0 && stem.length >= Math.max(3, word.length - 4))) return 1;
    if (word.length >= 3 && stem.indexOf(word) === 0) return 0.5;
    return 0;
  }

  // Ranks like the build's `search::search`; also returns the stems that
  // matched, for highlighting.
  function rank(query) {
    var ws = queryWords(query);
    return Promise.all(ws.map(shardsFor)).then(function (loaded) {
      var found = new Map(), stems = [], more = false;
      ws.forEach(function (word, i) {
        var best = new Map(), terms = loaded[i];
        Object.keys(terms).forEach(function (stem) {
          var m = matches(stem, word);
          if (!m) return;
          stems.push(stem);
          // [found, doc, weight, doc, weight, ...], the best `meta.most`.
          var p = terms[stem], idf = Math.log(1 + meta.docs / Math.max(1, p[0]));
          if (p[0] > (p.length - 1) / 2) more = true;
          for (var j = 1; j < p.length; j += 2) {
            var s = m * p[j + 1] * idf, e = best.get(p[j]);
            if (e === undefined || s > e) best.set(p[j], s);
          }
        });
        best.forEach(function (s, d) {
          var e = found.get(d) || [0, 0];
          found.set(d, [e[0] + 1, e[1] + s]);
        });
      });
      var hits = [];
      found.forEach(function (v, d) { hits.push({ doc: d, count: v[0], score: v[1] }); });
      hits.sort(function (a, b) { return b.count - a.count || b.score - a.score || a.doc - b.doc; });
      return { hits: hits, stems: stems, words: ws, more: more };
    });
  }

  function docs(hits) {
    var need = {};
    hits.forEach(function (h) { need[Math.floor(h.doc / meta.chunk)] = true; });
    return Promise.all(Object.keys(need).map(function (n) {
      return chunk(n).then(function (rows) { return [n, rows]; });
    })).then(function (pairs) {
      var byChunk = {};
      pairs.forEach(function (p) { byChunk[p[0]] = p[1]; });
      return hits.map(function (h) {
        var r = byChunk[Math.floor(h.doc / meta.chunk)][h.doc % meta.chunk];
        return { url: r[0], title: r[1], region: r[2], kind: meta.kinds[r[3]], text: r[4] };
      });
    });
  }

  // A word of the text is marked when it is an inflection of a matched
  // stem or starts with a typed word.
  function marked(word, found) {
    var n = normalize(word);
    return found.stems.some(function (s) { return matches(s, n) === 1 || (n.indexOf(s) === 0 && s.length >= 3); }) ||
      found.words.some(function (w) { return w.length >= 3 && n.indexOf(w) === 0; });
  }

  // The text around the first marked word, with every marked word in <mark>.
  function snippet(text, found) {
    var re = /[\p{L}\p{N}]+/gu, m, spans = [];
    while ((m = re.exec(text))) if (marked(m[0], found)) spans.push([m.index, m.index + m[0].length]);
    var start = 0, end = Math.min(text.length, 180);
    if (spans.length) {
      start = Math.max(0, spans[0][0] - 60);
      end = Math.min(text.length, start + 200);
      if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < spans[0][0]) start = sp + 1; }
    }
    if (end < text.length) { var last = text.lastIndexOf(" ", end); if (last > start) end = last; }
    var frag = document.createDocumentFragment(), at = start;
    if (start > 0) frag.appendChild(document.createTextNode("… "));
    spans.forEach(function (s) {
      if (s[0] < at || s[1] > end) return;
      frag.appendChild(document.createTextNode(text.slice(at, s[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(s[0], s[1]);
      frag.appendChild(mk);
      at = s[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " …" : "")));
    return frag;
  }

  function hitItem(d, found) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = cfg.base + d.url;
    a.className = "hit-title";
    a.textContent = d.title;
    li.appendChild(a);
    var info = document.createElement("span");
    info.className = "hit-meta";
    info.textContent = d.region && d.region !== d.title ? d.kind + " · " + d.region : d.kind;
    li.appendChild(info);
    if (d.text) {
      var p = document.createElement("p");
      p.className = "hit-snippet";
      p.appendChild(snippet(d.text, found));
      li.appendChild(p);
    }
    return li;
  }

  // One search box with its result list and status line.
  function Box(input, list, status, limit) {
    var seq = 0, shown = 0, found = null, self = this;
    this.input = input;
    this.list = list;

    function say(text) { if (status) status.textContent = text; }

    function show(more) {
      var slice = found.hits.slice(shown, shown + (more ? PAGE : limit));
      return docs(slice).then(function (ds) {
        var old = list.querySelector(".search-more");
        if (old) old.remove();
        ds.forEach(function (d) { list.appendChild(hitItem(d, found)); });
        shown += ds.length;
        if (shown < found.hits.length) list.appendChild(moreItem());
      });
    }

    function moreItem() {
      var li = document.createElement("li");
      li.className = "search-more";
      var q = input.value.trim();
      if (limit === HEADER) {
        var a = document.createElement("a");
        a.href = cfg.searchUrl + "?q=" + encodeURIComponent(q);
        a.textContent = t("all", { q: q });
        li.appendChild(a);
      } else {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = t("more");
        b.addEventListener("click", function () {
          var next = shown;
          show(true).then(function () {
            var a = list.querySelectorAll("li > a.hit-title")[next];
            if (a) a.focus();
          });
        });
        li.appendChild(b);
      }
      return li;
    }

    this.run = function () {
      var q = input.value.trim(), mine = ++seq;
      if (!q) { list.replaceChildren(); list.hidden = limit === HEADER; say(""); return; }
      say(t("loading"));
      loadMeta().then(function () { return rank(q); }).then(function (f) {
        if (mine !== seq) return;
        found = f;
        shown = 0;
        list.replaceChildren();
        list.hidden = false;
        var n = f.hits.length;
        var shownN = n.toLocaleString(document.documentElement.lang);
        say(n === 0 ? t("none", { q: q }) : n === 1 ? t("one", { q: q }) : t(f.more ? "many" : "count", { n: shownN, q: q }));
        if (n === 0 && limit === HEADER) {
          var li = document.createElement("li");
          li.className = "search-none";
          li.textContent = t("none", { q: q });
          list.appendChild(li);
        }
        return show(false).then(function () {
          // Marks which query the list shows, for tests and assistive tech
          // that wait for typing to settle.
          list.dataset.query = q;
        });
      }).catch(function () { if (mine === seq) say(t("failed")); });
    };

    // Arrow keys move between the input and the links of the list; Enter
    // follows a link as always; Escape goes back to typing.
    function targets() { return [input].concat(Array.prototype.slice.call(list.querySelectorAll("a, button"))); }
    function move(from, by) {
      var all = targets(), i = all.indexOf(from);
      if (i < 0) return false;
      var next = all[Math.max(0, Math.min(all.length - 1, i + by))];
      if (next === from) return false;
      next.focus();
      return true;
    }
    function onKey(e) {
      if (e.key === "ArrowDown" && move(e.target, 1)) e.preventDefault();
      else if (e.key === "ArrowUp" && move(e.target, -1)) e.preventDefault();
      else if (e.key === "Escape" && limit === HEADER) { input.focus(); list.hidden = true; }
    }
    input.addEventListener("keydown", onKey);
    list.addEventListener("keydown", onKey);
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (limit !== HEADER) {
          var u = new URL(location.href);
          if (input.value.trim()) u.searchParams.set("q", input.value.trim()); else u.searchParams.delete("q");
          history.replaceState(null, "", u);
        }
        self.run();
      }, 80);
    });
    input.addEventListener("focus", function () { loadMeta().catch(function () {}); });
  }

  function setup() {
    var page = document.querySelector('input[data-search="page"]');
    if (page) {
      var box = new Box(page, document.getElementById("zoekresultaten"), document.getElementById("zoekstatus"), PAGE);
      var q = new URLSearchParams(location.search).get("q");
      if (q) { page.value = q; box.run(); }
      return;
    }
    var header = document.querySelector('input[data-search="header"]');
    if (!header) return;
    var list = document.createElement("ol");
    list.className = "search-hits search-dropdown";
    list.id = "zoek-resultaten";
    list.hidden = true;
    list.setAttribute("aria-label", header.placeholder);
    header.setAttribute("aria-controls", list.id);
    header.form.appendChild(list);
    var hbox = new Box(header, list, null, HEADER);
    document.addEventListener("click", function (e) {
      if (!header.form.contains(e.target)) list.hidden = true;
    });
    header.addEventListener("focus", function () { if (header.value.trim() && list.children.length) list.hidden = false; });
    void hbox;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
