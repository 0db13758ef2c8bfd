/* seedarchive: the search page, built on Pagefind's JavaScript API (pagefind.js).

   Every value an article controls (title, authors, publisher, places, excerpt) reaches the
   page as text: elements are made with createElement and filled with textContent, never with
   innerHTML. Pagefind's own UI writes filter values as HTML, so a seed's author name could run
   a script there (issue 26); it is not used. The class names follow Pagefind's UI
   (pagefind-ui__result, ...) so that styles and tests read the same.

   The index is written after the Sphinx build (`make html` runs `python -m
   seedarchive.publish.search _build/html`) in shards: pagefind/shards.json lists the bundles
   (paths relative to pagefind/). The first bundle is loaded; every other bundle, and every
   other language of the first, is merged into every search (mergeIndex), so a search finds
   articles in all languages. Pagefind picks for the first bundle the index of this page's
   <html lang> (or, without one, the language with most pages); that one is not merged again.
   Excerpts come from Pagefind with the article text HTML-escaped and the matched words in
   <mark>: they are split at the marks and the rest decoded into text nodes.

   Issue 30: each result names its language (and a right-to-left direction); "Order" sorts by
   publication date (each result's date, see sorted(): Pagefind's sort option orders each merged
   index apart); results without a date are listed after the dated ones, never lost.
   The results come before the filters in the page, so on a phone the first result is on the
   first screen; the filters are in a details element, open on a wide screen, closed on a phone.

   Issue 28: Pagefind lists a page for a query word when one of its indexed words starts with
   that word or, when none does, when an indexed word starts the query word (زيت for زيتون).
   The second keeps Russian inflections found (библиотеку through the stem библиотек) but lists
   wrong pages for Arabic, Hebrew and Han words, whose prefixed forms and sub-words are indexed
   beside the text (publish/searchforms.py). A query word in those scripts is therefore checked
   against each result's own words (see wanted() and holds()): its text, title and indexed forms
   must hold a word starting with an Arabic or Hebrew query word, its text every Han word of the
   query; other results are dropped, and the count and filter counts are of what is kept. A
   result found through the forms only has no word marked in Pagefind's excerpt: its excerpt
   is made from the article's text around the word written with its prefixes (formExcerpt()). */
(function () {
  "use strict";
  var mount = document.getElementById("pagefind-search");
  if (!mount) return;
  var bundle = new URL(mount.getAttribute("data-bundle") || "pagefind/", document.baseURI).href;
  var PAGE = 10;
  var FILTERS = [
    ["author", "Author"], ["publisher", "Publisher"], ["year", "Year"], ["place", "Place"],
    ["person", "Person"], ["organisation", "Organisation"], ["topic", "Topic"]
  ];
  var SHOWN_VALUES = 12;
  var ORDERS = [["", "Most relevant first"], ["desc", "Newest first"], ["asc", "Oldest first"]];
  var WIDE = "(min-width: 50em)";
  var SORT_LIMIT = 500;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function say(text) {
    mount.textContent = "";
    mount.appendChild(el("p", "pagefind-ui__message", text));
  }

  if (window.location.protocol === "file:") {
    say("Search does not work on pages opened from disk: the browser blocks the search index " +
        "there. Serve the site instead (`make serve`, then open http://127.0.0.1:8000/), or " +
        "search the published archive.");
    return;
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };
  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (whole, name) {
      if (name.charAt(0) === "#") {
        var code = name.charAt(1).toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      var known = ENTITIES[name.toLowerCase()];
      return known === undefined ? whole : known;
    });
  }

  function excerpt(node, value) {
    var marked = false;
    String(value || "").split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      var text = document.createTextNode(decode(part));
      if (marked) {
        var mark = el("mark");
        mark.appendChild(text);
        node.appendChild(mark);
      } else {
        node.appendChild(text);
      }
    });
    return node;
  }

  function isolated(text) {
    var node = el("bdi", null, text);
    node.setAttribute("dir", "auto");
    return node;
  }

  var LANG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
  var names = null;
  try {
    names = new Intl.DisplayNames([document.documentElement.getAttribute("lang") || "en"], { type: "language" });
  } catch (error) {
    names = null;
  }

  function languageName(tag) {
    // "en" -> "English"; a tag the browser cannot name stays as it is
    try {
      return (names && names.of(tag)) || tag;
    } catch (error) {
      return tag;
    }
  }
  function languageOf(node, meta) {
    if (meta && LANG.test(meta.lang || "")) node.setAttribute("lang", meta.lang);
    node.setAttribute("dir", meta && (meta.dir === "rtl" || meta.dir === "ltr") ? meta.dir : "auto");
    return node;
  }

  // Text as Pagefind compares it: marks removed (harakat, points, hamza and madda on alef, as
  // its normalizeDiacritics does), lower case.
  function plain(text) {
    return String(text || "").normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
  }
  var SEMITIC = /[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]/;
  var HAN = /\p{Script=Han}/u;
  var hanWords = null;
  try {
    hanWords = new Intl.Segmenter("zh", { granularity: "word" });
  } catch (error) {
    hanWords = null;
  }

  function wanted(term) {
    // What each result must hold for the query words in Arabic, Hebrew or Han script: a word
    // starting with each Arabic or Hebrew word ({starts}), each Han word inside its text
    // ({inside}; Han words cut as Pagefind's Chinese index cuts the query). null: nothing to
    // check (no such word, or a quoted search, which Pagefind matches with whole words only).
    if (!term || /^\s*".+"\s*$/.test(term)) return null;
    var out = [];
    term.split(/\s+/).forEach(function (word) {
      var bare = plain(word).replace(/[\p{P}\p{S}]/gu, "");
      if (!bare) return;
      if (HAN.test(bare)) {
        var pieces = hanWords ? Array.from(hanWords.segment(bare), function (s) { return s.segment; }) : [bare];
        pieces.forEach(function (piece) { if (HAN.test(piece)) out.push({ inside: piece }); });
      } else if (SEMITIC.test(bare)) {
        out.push({ starts: bare });
      }
    });
    return out.length ? out : null;
  }

  function holds(data, checks) {
    var meta = data.meta || {};
    var text = plain((data.content || "") + " " + (meta.title || ""));
    var words = (text + " " + plain(meta.forms || "")).split(/[^\p{L}\p{N}]+/u);
    return checks.every(function (check) {
      if (check.inside) return text.indexOf(check.inside) !== -1;
      return words.some(function (word) { return word.lastIndexOf(check.starts, 0) === 0; });
    });
  }

  var checked = null;  // wanted() of the query whose results are shown, for their excerpts

  function formExcerpt(data) {
    // Pagefind marks the words it matched in the text. A result found through the indexed
    // forms only (والمزارعون for مزارعون, 大熊猫 for 熊猫) has no mark: its excerpt is made here
    // from the article's text, around the first word holding a checked query word after at most
    // four prefix letters (or, in Han text, holding it anywhere), and that word (Han: the query
    // word) is marked. The text is Pagefind's, HTML-escaped as its excerpts are.
    var value = String(data.excerpt || "");
    if (!checked || value.indexOf("<mark>") !== -1) return value;
    var parts = String(data.content || "").split(/(\s+)/);
    for (var n = 0; n < parts.length; n += 2) {
      var word = plain(parts[n]);
      var hit = null;
      checked.forEach(function (check) {
        var at = word.indexOf(check.inside || check.starts);
        if (!hit && at !== -1 && (check.inside || at <= 4)) hit = check;
      });
      if (!hit) continue;
      var at = hit.inside ? parts[n].indexOf(hit.inside) : -1;
      if (at !== -1) {
        var end = at + hit.inside.length;
        return parts[n].slice(Math.max(0, at - 30), at) + "<mark>" + hit.inside + "</mark>" + parts[n].slice(end, end + 40);
      }
      var edges = /^([\p{P}\p{S}]*)([\s\S]*?)([\p{P}\p{S}]*)$/u.exec(parts[n]);  // "(word)," marks word
      return parts.slice(Math.max(0, n - 14), n).join("") + edges[1] + "<mark>" + edges[2] + "</mark>" + edges[3] +
        parts.slice(n + 1, n + 30).join("");
    }
    return value;
  }

  function sameSite(url) {
    try {
      var target = new URL(url, document.baseURI);
      return target.origin === window.location.origin ? target.href : null;
    } catch (error) {
      return null;
    }
  }

  function result(data) {
    var item = el("li", "pagefind-ui__result");
    var inner = el("div", "pagefind-ui__result-inner");
    var title = el("p", "pagefind-ui__result-title");
    var link = el("a", "pagefind-ui__result-link");
    var href = sameSite(data.url);
    if (href) link.setAttribute("href", href);
    link.textContent = (data.meta && data.meta.title) || data.url;
    languageOf(title, data.meta);  // on the block too, so that an Arabic title starts on the right
    languageOf(link, data.meta);
    title.appendChild(link);
    inner.appendChild(title);
    var facts = [];
    var filters = data.filters || {};
    (filters.author || []).forEach(function (name) { facts.push(isolated(name)); });
    (filters.publisher || []).forEach(function (name) { facts.push(isolated(name)); });
    if (data.meta && data.meta.date) {
      var time = el("time", null, data.meta.date);
      time.setAttribute("dir", "ltr");
      facts.push(time);
    }
    if (data.meta && LANG.test(data.meta.lang || "")) {
      var rtl = data.meta.dir === "rtl";
      var language = el("span", "pagefind-ui__result-language", languageName(data.meta.lang) + (rtl ? ", right to left" : ""));
      language.setAttribute("data-lang", data.meta.lang);
      facts.push(language);
    }
    if (facts.length) {
      var line = el("p", "pagefind-ui__result-meta");
      facts.forEach(function (fact, n) {
        if (n) line.appendChild(document.createTextNode(" · "));
        line.appendChild(fact);
      });
      inner.appendChild(line);
    }
    inner.appendChild(languageOf(excerpt(el("p", "pagefind-ui__result-excerpt"), formExcerpt(data)), data.meta));
    var subs = (data.sub_results || []).filter(function (sub) {
      return sub.url && sub.url !== data.url && sub.url.indexOf("#") !== -1;
    }).slice(0, 3);
    if (subs.length) {
      var nested = el("ul", "pagefind-ui__result-nested");
      subs.forEach(function (sub) {
        var row = el("li", "pagefind-ui__result-nested-item");
        var a = el("a", "pagefind-ui__result-link", sub.title || sub.url);
        var subHref = sameSite(sub.url);
        if (subHref) a.setAttribute("href", subHref);
        row.appendChild(a);
        row.appendChild(languageOf(excerpt(el("p", "pagefind-ui__result-excerpt"), sub.excerpt), data.meta));
        nested.appendChild(row);
      });
      inner.appendChild(nested);
    }
    item.appendChild(inner);
    return item;
  }

  function languages(path) {
    return fetch(path + "pagefind-entry.json").then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + response.url);
      return response.json();
    }).then(function (entry) {
      return Object.keys(entry.languages || {}).map(function (key) {
        return { key: key, pages: entry.languages[key].page_count || 0 };
      });
    });
  }

  function primaryLanguage(found) {
    // what Pagefind picks: the page's language, its primary subtag, else the one with most pages
    var lang = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase();
    var keys = found.map(function (l) { return l.key; });
    if (keys.indexOf(lang) !== -1) return lang;
    if (keys.indexOf(lang.split("-")[0]) !== -1) return lang.split("-")[0];
    var best = null;
    found.forEach(function (l) { if (!best || l.pages > best.pages) best = l; });
    return best ? best.key : null;
  }

  function start(pagefind) {
    mount.textContent = "";
    var form = el("form", "pagefind-ui__form");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Search the archive");
    var input = el("input", "pagefind-ui__search-input");
    input.type = "search";
    input.placeholder = "Search the archive";
    input.setAttribute("aria-label", "Search the archive");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("enterkeyhint", "search");
    form.appendChild(input);
    var order = el("select", "pagefind-ui__sort");
    order.id = "pagefind-sort";
    order.name = "sort";
    ORDERS.forEach(function (pair) {
      var option = el("option", null, pair[1]);
      option.value = pair[0];
      order.appendChild(option);
    });
    var orderLabel = el("label", "pagefind-ui__sort-label", "Order ");
    orderLabel.setAttribute("for", order.id);
    var orderRow = el("p", "pagefind-ui__sort-row");
    orderRow.appendChild(orderLabel);
    orderRow.appendChild(order);
    form.appendChild(orderRow);
    var drawer = el("div", "pagefind-ui__drawer");
    var filtersBox = el("details", "pagefind-ui__filters");
    filtersBox.open = window.matchMedia(WIDE).matches;
    var filtersSummary = el("summary", "pagefind-ui__filters-summary", "Filters");
    filtersBox.appendChild(filtersSummary);
    var panel = el("fieldset", "pagefind-ui__filter-panel");
    panel.appendChild(el("legend", "pagefind-ui__filter-panel-label", "Filters"));
    filtersBox.appendChild(panel);
    var area = el("div", "pagefind-ui__results-area");
    var message = el("p", "pagefind-ui__message");
    message.setAttribute("role", "status");
    var list = el("ol", "pagefind-ui__results");
    var more = el("button", "pagefind-ui__button", "Show more results");
    more.type = "button";
    more.hidden = true;
    area.appendChild(message);
    area.appendChild(list);
    area.appendChild(more);
    drawer.appendChild(area);  // results first: on a phone, before the filters
    drawer.appendChild(filtersBox);
    mount.appendChild(form);
    mount.appendChild(drawer);

    var chosen = {};
    var boxes = {};
    var pending = [];
    var run = 0;

    function selected() {
      var out = {};
      var n = 0;
      Object.keys(chosen).forEach(function (name) {
        var values = Object.keys(chosen[name]).filter(function (v) { return chosen[name][v]; });
        if (values.length) out[name] = { any: values };
        n += values.length;
      });
      filtersSummary.textContent = n ? "Filters (" + n + " chosen)" : "Filters";
      return out;
    }

    function sorted(term, filters) {
      // Pagefind's own sort option orders each index it searches, and the archive's index is
      // several (shards, languages) merged: their results come one index after the other, so
      // the order is made here from each result's date (the undated after the dated), for the
      // SORT_LIMIT most relevant results. Those are also the results checked (wanted()) when the
      // query has words in Arabic, Hebrew or Han script.
      var direction = order.value;
      var checks = wanted(term);
      return pagefind.search(term, { filters: filters }).then(function (found) {
        var out = { found: found, results: found.results, undated: 0, cut: 0, filters: found.filters };
        if (!direction && !checks) return out;
        var hits = found.results.slice(0, SORT_LIMIT);
        out.cut = found.results.length - hits.length;
        return Promise.all(hits.map(function (hit) { return hit.data(); })).then(function (loaded) {
          var rows = loaded.map(function (data, n) {
            var date = data.meta && data.meta.date ? String(data.meta.date) : "";
            return { data: data, date: date, n: n };
          });
          if (checks) {
            rows = rows.filter(function (row) { return holds(row.data, checks); });
            out.filters = tally(rows);
          }
          if (direction) {
            rows.sort(function (a, b) {
              if (!a.date || !b.date) return (a.date ? 0 : 1) - (b.date ? 0 : 1) || a.n - b.n;
              if (a.date === b.date) return a.n - b.n;
              return (a.date < b.date ? -1 : 1) * (direction === "asc" ? 1 : -1);
            });
            out.undated = rows.filter(function (row) { return !row.date; }).length;
          }
          out.results = rows.map(function (row) { return { data: function () { return Promise.resolve(row.data); } }; });
          return out;
        });
      });
    }

    function tally(rows) {
      // the filter counts of the results kept, in Pagefind's shape ({filter: {value: count}})
      var out = {};
      FILTERS.forEach(function (pair) { out[pair[0]] = {}; });
      rows.forEach(function (row) {
        var given = row.data.filters || {};
        Object.keys(out).forEach(function (name) {
          (given[name] || []).forEach(function (value) { out[name][value] = (out[name][value] || 0) + 1; });
        });
      });
      return out;
    }

    function counts(available) {
      Object.keys(boxes).forEach(function (name) {
        Object.keys(boxes[name]).forEach(function (value) {
          var n = available && available[name] ? (available[name][value] || 0) : null;
          if (n !== null) boxes[name][value].count.textContent = " (" + n + ")";
        });
      });
    }

    function filterBlock(name, label, values) {
      var keys = Object.keys(values);
      if (!keys.length) return;
      keys.sort(function (a, b) {
        if (name === "year") return b.localeCompare(a);
        return (values[b] - values[a]) || a.localeCompare(b);
      });
      var block = el("details", "pagefind-ui__filter-block");
      var summary = el("summary", "pagefind-ui__filter-name", label);
      block.appendChild(summary);
      var group = el("fieldset", "pagefind-ui__filter-group");
      group.appendChild(el("legend", "pagefind-ui__filter-group-label", label));
      boxes[name] = {};
      chosen[name] = {};
      keys.forEach(function (value, n) {
        var row = el("div", "pagefind-ui__filter-value");
        var box = el("input", "pagefind-ui__filter-checkbox");
        box.type = "checkbox";
        box.id = "pagefind-filter-" + name + "-" + n;
        box.value = value;
        var text = el("label", "pagefind-ui__filter-label");
        text.setAttribute("for", box.id);
        text.appendChild(isolated(value));
        var count = el("span", "pagefind-ui__filter-count", " (" + values[value] + ")");
        text.appendChild(count);
        box.addEventListener("change", function () {
          chosen[name][value] = box.checked;
          search();
        });
        row.appendChild(box);
        row.appendChild(text);
        if (n >= SHOWN_VALUES) row.hidden = true;
        group.appendChild(row);
        boxes[name][value] = { box: box, count: count };
      });
      if (keys.length > SHOWN_VALUES) {
        var all = el("button", "pagefind-ui__button", "Show all " + keys.length);
        all.type = "button";
        all.addEventListener("click", function () {
          Array.prototype.forEach.call(group.querySelectorAll(".pagefind-ui__filter-value"), function (row) {
            row.hidden = false;
          });
          all.remove();
        });
        group.appendChild(all);
      }
      block.appendChild(group);
      panel.appendChild(block);
    }

    function show() {
      var batch = pending.splice(0, PAGE);
      more.hidden = true;
      return Promise.all(batch.map(function (hit) { return hit.data(); })).then(function (found) {
        found.forEach(function (data) { list.appendChild(result(data)); });
        more.hidden = pending.length === 0;
      });
    }

    function search() {
      var term = input.value.trim();
      var filters = selected();
      var mine = ++run;
      checked = wanted(term);
      var url = new URL(window.location.href);
      if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
      if (order.value) url.searchParams.set("sort", order.value); else url.searchParams.delete("sort");
      window.history.replaceState(null, "", url.href);
      if (!term && !Object.keys(filters).length) {
        list.textContent = "";
        message.textContent = "";
        more.hidden = true;
        counts(null);
        return Promise.resolve();
      }
      message.textContent = "Searching…";
      return sorted(term || null, filters).then(function (done) {
        if (mine !== run) return null;
        list.textContent = "";
        pending = done.results.slice();
        var n = done.results.length;
        var what = term ? " for “" + term + "”" : " with the chosen filters";
        var how = order.value ? (order.value === "desc" ? ", newest first" : ", oldest first") : "";
        if (done.undated) how += "; " + done.undated + " without a date at the end";
        if (done.cut) how += " (the " + SORT_LIMIT + " most relevant " + (order.value ? "sorted" : "checked") + ", " + done.cut + " more left out: narrow the search)";
        message.textContent = (n ? n + (n === 1 ? " result" : " results") : "No results") + what + how;
        counts(done.filters);
        return show();
      }).catch(function (error) {
        message.textContent = "The search failed: " + error.message;
        console.error(error);
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      search();
    });
    more.addEventListener("click", show);
    order.addEventListener("change", function () { search(); });

    pagefind.filters().then(function (available) {
      FILTERS.forEach(function (pair) {
        if (available && available[pair[0]]) filterBlock(pair[0], pair[1], available[pair[0]]);
      });
      filtersBox.hidden = !panel.querySelector(".pagefind-ui__filter-block");
    }).then(function () {
      var params = new URLSearchParams(window.location.search);
      var query = params.get("q");
      if (params.get("sort") === "asc" || params.get("sort") === "desc") order.value = params.get("sort");
      if (query) {
        input.value = query;
        search();
      }
    });
  }

  fetch(bundle + "shards.json", { cache: "no-cache" }).then(function (response) {
    if (response.status === 404) {
      throw new Error("The search index is missing from this site (" + response.url + "). " +
        "Build it with `make html`, which indexes the pages after Sphinx (or run " +
        "`python -m seedarchive.publish.search _build/html`).");
    }
    if (!response.ok) throw new Error("The search index could not be read: HTTP " + response.status + " for " + response.url + ".");
    return response.json();
  }).then(function (shards) {
    var bundles = (shards.bundles || []).map(function (path) { return new URL(path, bundle).href; });
    if (!bundles.length) throw new Error("The search index lists no shard (" + bundle + "shards.json).");
    // Pagefind searches the bundle its pagefind.js was loaded from: the first listed shard.
    return Promise.all([import(bundles[0] + "pagefind.js"), Promise.all(bundles.map(languages))]).then(function (done) {
      var pagefind = done[0];
      var found = done[1];
      var root = new URL("../", bundle).pathname;
      return pagefind.options({ baseUrl: root, excerptLength: 30 }).then(function () {
        var primary = primaryLanguage(found[0]);
        var merges = [];
        bundles.forEach(function (path, n) {
          found[n].forEach(function (l) {
            if (n !== 0 || l.key !== primary) merges.push(pagefind.mergeIndex(path, { language: l.key, baseUrl: root }));
          });
        });
        return Promise.all(merges);
      }).then(function () { return pagefind; });
    });
  }).then(start).catch(function (error) {
    say(error && error.message ? error.message : "The search could not start.");
    console.error(error);
  });
})();
