/* SWIO site search: the box on every page and the search page.
 *
 * The index (search/index.js, made when the site is built) is loaded as a script on first use, so
 * the search works on any static host and from file:// without a server. Matches names in Chinese
 * and English and the pinyin of the Chinese name (without tones: "hefei", "yihuidaisuo", initials
 * "hfms"), ranked as src/swio/publish/site/search_index.py ranks them. The box is an ARIA 1.2
 * combobox: arrows move through the results, Enter opens one, Escape closes the list.
 */
(function () {
  "use strict";
  var form = document.getElementById("site-search");
  if (!form) return;
  var input = document.getElementById("site-search-q");
  var list = document.getElementById("site-search-list");
  var status = document.getElementById("site-search-status");
  var root = form.getAttribute("data-root") || "";
  var lang = form.getAttribute("data-lang") === "zh" ? "zh" : "en";
  var LIMIT = 10, PAGE_LIMIT = 200;
  var SEP = /[\s'’·\-_.,:;()（）【】“”"\/]+/g;
  var LATIN = /^[a-z0-9]+$/;
  var data = null, loading = false, failed = false, waiting = [];
  var shown = [], active = -1;

  function msg(name, values) {
    var text = form.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }

  function norm(s) { return (s || "").normalize("NFKC").toLowerCase().trim(); }

  function prepare(raw) {
    var items = raw.items.map(function (r) {
      var syllables = r[4] ? r[4].split(" ") : [];
      var starts = [], at = 0;
      syllables.forEach(function (s) { starts.push(at); at += s.length; });
      return {
        path: r[0], anchor: r[1], zh: r[2], en: r[3], kind: r[5],
        nzh: norm(r[2]), nen: norm(r[3]),
        joined: syllables.join(""), starts: starts,
        initials: syllables.map(function (s) { return s.charAt(0); }).join("")
      };
    });
    return { kinds: raw.kinds, items: items };
  }

  function load(then) {
    if (data) { then(); return; }
    if (failed) return;
    waiting.push(then);
    if (loading) return;
    loading = true;
    setStatus(msg("loading"));
    var script = document.createElement("script");
    script.src = root + "search/index.js";
    script.onload = function () {
      data = prepare(window.SWIO_SEARCH || { kinds: [], items: [] });
      var calls = waiting; waiting = [];
      calls.forEach(function (f) { f(); });
    };
    script.onerror = function () { failed = true; setStatus(msg("failed")); };
    document.head.appendChild(script);
  }

  function score(it, q, compact) {
    var best = null;
    function better(v) { if (best === null || v < best) best = v; }
    [it.nzh, it.nen].forEach(function (label) {
      if (!label) return;
      if (label === q) better(0);
      else if (label.indexOf(q) === 0) better(10);
      else if (label.indexOf(" " + q) >= 0) better(15);
      else if (label.indexOf(q) >= 0) better(20);
    });
    if (compact && LATIN.test(compact) && it.joined) {
      if (it.joined === compact) better(1);
      else if (it.joined.indexOf(compact) === 0) better(11);
      else if (it.starts.some(function (at) { return it.joined.substr(at, compact.length) === compact; })) better(16);
      else if (compact.length >= 2 && it.initials.indexOf(compact) === 0) better(25);
    }
    return best;
  }

  function find(query, limit) {
    var q = norm(query);
    if (!q || !data) return [];
    var compact = q.replace(SEP, "");
    var found = [];
    data.items.forEach(function (it) {
      var s = score(it, q, compact);
      if (s !== null) found.push([s, (it.zh || it.en).length, it.path, it.anchor, it]);
    });
    found.sort(function (a, b) {
      for (var i = 0; i < 4; i++) {
        if (a[i] < b[i]) return -1;
        if (a[i] > b[i]) return 1;
      }
      return 0;
    });
    return found.slice(0, limit).map(function (f) { return f[4]; });
  }

  function href(it) { return root + it.path + "." + lang + ".html" + (it.anchor ? "#" + it.anchor : ""); }

  function entry(it, id) {
    var title = lang === "zh" ? (it.zh || it.en) : (it.en || it.zh);
    var other = lang === "zh" ? (it.zh ? it.en : "") : (it.en ? it.zh : "");
    var li = document.createElement("li");
    if (id) { li.id = id; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false"); }
    var a = document.createElement("a");
    a.href = href(it);
    if (id) a.tabIndex = -1;
    var t = document.createElement("span");
    t.className = "r-title";
    t.textContent = title;
    t.lang = title === it.zh ? "zh-Hans" : "en";
    a.appendChild(t);
    if (other && other !== title) {
      var o = document.createElement("span");
      o.className = "r-other";
      o.textContent = other;
      o.lang = other === it.zh ? "zh-Hans" : "en";
      a.appendChild(o);
    }
    var k = document.createElement("span");
    k.className = "r-kind";
    var kind = data.kinds[it.kind] || ["", ""];
    k.textContent = lang === "zh" ? kind[0] : kind[1];
    a.appendChild(k);
    li.appendChild(a);
    return li;
  }

  function setStatus(text) { if (status) status.textContent = text; }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show() {
    var q = input.value;
    if (!norm(q)) { list.textContent = ""; shown = []; close(); setStatus(""); return; }
    load(function () {
      if (input.value !== q) return;
      shown = find(q, LIMIT);
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      shown.forEach(function (it, i) { list.appendChild(entry(it, "site-search-option-" + i)); });
      if (shown.length) {
        var all = document.createElement("li");
        all.className = "r-all";
        all.id = "site-search-option-all";
        all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false");
        var a = document.createElement("a");
        a.href = form.getAttribute("action") + "?q=" + encodeURIComponent(q);
        a.tabIndex = -1;
        a.textContent = msg("all");
        all.appendChild(a);
        list.appendChild(all);
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        setStatus(msg("count", { n: String(shown.length) }));
      } else {
        close();
        setStatus(msg("none", { q: q }));
      }
    });
  }

  function move(to) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = (to + options.length) % options.length;
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("input", show);
  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      if (list.hidden) { show(); return; }
      move(active + 1);
    } else if (ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!list.hidden) move(active < 0 ? -1 : active - 1);
    } else if (ev.key === "Enter") {
      var options = list.querySelectorAll("[role=option]");
      if (!list.hidden && active >= 0 && options[active]) {
        ev.preventDefault();
        window.location.href = options[active].querySelector("a").href;
      }
    } else if (ev.key === "Escape") {
      if (!list.hidden) { ev.preventDefault(); close(); }
      else if (input.value) { ev.preventDefault(); input.value = ""; setStatus(""); }
    }
  });
  list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
  input.addEventListener("blur", function () { close(); });

  // the search page: every match for ?q= (unless the server already listed them)
  var page = document.getElementById("search-page");
  if (page && page.getAttribute("data-server") !== "1") {
    var params = new URLSearchParams(window.location.search);
    var q = params.get("q") || "";
    var pageInput = document.getElementById("search-page-q");
    if (pageInput) pageInput.value = q;
    if (norm(q)) {
      load(function () {
        var results = find(q, PAGE_LIMIT + 1);
        var out = document.getElementById("search-page-results");
        var summary = document.getElementById("search-page-summary");
        out.textContent = "";
        results.slice(0, PAGE_LIMIT).forEach(function (it) { out.appendChild(entry(it, null)); });
        summary.textContent = results.length
          ? msg("found", { n: String(Math.min(results.length, PAGE_LIMIT)), q: q }) + (results.length > PAGE_LIMIT ? " " + msg("more", { n: String(PAGE_LIMIT) }) : "")
          : msg("none", { q: q });
      });
    }
  }
})();
