/* seedarchive: the search page. The search index is written after the Sphinx build by
   `python -m seedarchive.postbuild` in shards: Pagefind's UI is loaded from pagefind/ (shard 0),
   and pagefind/shards.json lists the bundles of the shards that have pages (paths relative to
   pagefind/): the UI searches the first and merges the others into every search (mergeIndex).
   Each bundle holds one index per language (the articles' own languages, see
   seedarchive.publish.search): every language of every bundle is merged, so a search finds
   articles in all languages. Pagefind loads for the first bundle the index of this page's
   <html lang> (or, without one, its language with most pages); that one is not merged again.
   Merging another language of the first bundle works because its URL is given absolute and
   Pagefind skips only a merge whose path starts the primary's root-relative path. */
(function () {
  "use strict";
  var mount = document.getElementById("pagefind-search");
  if (!mount) return;
  var bundle = new URL(mount.getAttribute("data-bundle") || "pagefind/", document.baseURI).href;
  var missing = "The search index is missing: build it with `python -m seedarchive.postbuild` after sphinx-build.";
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);
  var shards = fetch(bundle + "shards.json", { cache: "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error("HTTP " + response.status + " for " + response.url);
    return response.json();
  });
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  var loaded = new Promise(function (resolve, reject) {
    script.onload = resolve;
    script.onerror = reject;
  });
  document.head.appendChild(script);
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
    // what Pagefind's findIndex picks: the page's language, its primary subtag, else most pages
    var lang = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase();
    var keys = found.map(function (l) { return l.key; });
    if (keys.indexOf(lang) !== -1) return lang;
    if (keys.indexOf(lang.split("-")[0]) !== -1) return lang.split("-")[0];
    var best = null;
    found.forEach(function (l) { if (!best || l.pages > best.pages) best = l; });
    return best ? best.key : null;
  }
  Promise.all([shards, loaded]).then(function (done) {
    var bundles = (done[0].bundles || []).map(function (path) {
      return new URL(path, bundle).href;
    });
    if (!bundles.length) throw new Error("no shard in " + bundle + "shards.json");
    return Promise.all(bundles.map(languages)).then(function (found) {
      return { bundles: bundles, found: found };
    });
  }).then(function (done) {
    var bundles = done.bundles;
    var primary = primaryLanguage(done.found[0]);
    var merged = [];
    bundles.forEach(function (path, n) {
      done.found[n].forEach(function (l) {
        if (n !== 0 || l.key !== primary) merged.push({ bundlePath: path, language: l.key });
      });
    });
    mount.textContent = "";
    var ui = new PagefindUI({
      element: "#pagefind-search",
      bundlePath: bundles[0],
      mergeIndex: merged,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      translations: { placeholder: "Search the archive" }
    });
    var input = mount.querySelector("input");
    if (input) input.setAttribute("aria-label", "Search the archive");
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }).catch(function (error) {
    mount.textContent = missing;
    console.error(error);
  });
})();
