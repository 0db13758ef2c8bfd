// The banner of a memento page (archive/articles/ID/rN.html): what changed since the page was
// written, read from the article's timemap.json when the page is shown (the page's own bytes
// never change): how many revisions there are, a link to a newer one, a withdrawal.
// No libraries; values from the TimeMap reach the page through textContent and setAttribute.
(function () {
  "use strict";
  function para(box, className, parts) {
    var p = document.createElement("p");
    p.className = className;
    parts.forEach(function (part) {
      if (typeof part === "string") {
        p.appendChild(document.createTextNode(part));
      } else {
        var a = document.createElement("a");
        a.setAttribute("href", part.href);
        a.textContent = part.text;
        p.appendChild(a);
      }
    });
    box.appendChild(p);
  }
  function show(box, here, timemap) {
    var list = (timemap && timemap.mementos && timemap.mementos.list) || [];
    var last = list.length ? list[list.length - 1] : null;
    if (!last || typeof last.revision !== "number") { return; }
    var count = String(list.length) + (list.length === 1 ? " revision" : " revisions");
    if (last.revision > here) {
      para(box, "memento-status memento-status-newer", [
        "This is revision " + here + " of " + last.revision + ". A newer text exists: ",
        { href: "r" + last.revision + ".html", text: "revision " + last.revision },
        " (recorded " + String(last.recorded_at || last.datetime || "") + "), " +
        "also shown at the article's permanent URL."
      ]);
    } else {
      para(box, "memento-status memento-status-latest",
        ["This is the latest revision (the article has " + count + ")."]);
    }
    if (timemap.status === "withdrawn") {
      var note = timemap.withdrawn || {};
      para(box, "memento-status memento-status-withdrawn", [
        "This article was withdrawn" + (note.since ? " on " + String(note.since) : "") + ": " +
        String(note.reason || "no reason was given") + ". Its text stays here so that citations keep resolving."
      ]);
    }
  }
  function init() {
    var box = document.querySelector(".memento-notice[data-timemap]");
    if (!box || !window.fetch) { return; }
    var here = parseInt(box.getAttribute("data-revision"), 10);
    window.fetch(box.getAttribute("data-timemap")).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (timemap) { show(box, here, timemap); }, function () {
      // file:// or a missing TimeMap: the page's own text and links still stand
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
