/* seedarchive: the search page. The search index is written after the Sphinx build by
   `python -m seedarchive.postbuild` in shards: Pagefind's UI is loaded from pagefind/ (shard 0),
   and pagefind/shards.json lists the bundles of the shards that have pages (paths relative to
   pagefind/): the UI searches the first and merges the others into every search (mergeIndex). */
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
  Promise.all([shards, loaded]).then(function (done) {
    var bundles = (done[0].bundles || []).map(function (path) {
      return new URL(path, bundle).href;
    });
    if (!bundles.length) throw new Error("no shard in " + bundle + "shards.json");
    mount.textContent = "";
    var ui = new PagefindUI({
      element: "#pagefind-search",
      bundlePath: bundles[0],
      mergeIndex: bundles.slice(1).map(function (path) {
        return { bundlePath: path };
      }),
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
