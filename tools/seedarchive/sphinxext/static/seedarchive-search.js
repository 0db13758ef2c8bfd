/* seedarchive: the search page. Loads Pagefind's UI from the site's bundle (pagefind/),
   written after the Sphinx build by `python -m seedarchive.postbuild`. */
(function () {
  "use strict";
  var mount = document.getElementById("pagefind-search");
  if (!mount) return;
  var bundle = mount.getAttribute("data-bundle") || "pagefind/";
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onload = function () {
    mount.textContent = "";
    var ui = new PagefindUI({
      element: "#pagefind-search",
      bundlePath: bundle,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      translations: { placeholder: "Search the archive" }
    });
    var input = mount.querySelector("input");
    if (input) input.setAttribute("aria-label", "Search the archive");
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  };
  script.onerror = function () {
    mount.textContent = "The search index is missing: build it with `python -m seedarchive.postbuild` after sphinx-build.";
  };
  document.head.appendChild(script);
})();
