// The "Cite this page" block: a style chooser and a "Copy" button for the citation shown.
// Without this script the default style shows and the chooser's links are anchors that the
// style sheet follows (:target). No libraries; does nothing on pages without the block.
(function () {
  "use strict";
  var KEY = "seedarchive-cite-style";
  // Copy text to the clipboard; a promise of whether it worked. The one copy of it:
  // seedarchive-quote.js (loaded after this file on memento pages) uses it as seedarchive.copy.
  function copyText(text) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      return ok;
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () {
        return fallback();
      });
    }
    return Promise.resolve(fallback());
  }
  window.seedarchive = window.seedarchive || {};
  window.seedarchive.copy = copyText;
  function copy(text, button) {
    copyText(text).then(function (ok) {
      button.textContent = ok ? "Copied" : "Select the text to copy";
      window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
  }
  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function remember(id) {
    try { window.localStorage.setItem(KEY, id); } catch (e) { /* private mode: not kept */ }
  }
  function addCopy(box) {
    var pre = box.querySelector("pre");
    var title = box.querySelector(".rubric");
    if (!pre) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + (title ? title.textContent : "citation"));
    button.addEventListener("click", function () { copy(pre.textContent, button); });
    if (title) { title.parentNode.insertBefore(button, title.nextSibling); }
    else { box.insertBefore(button, box.firstChild); }
  }
  function chooser(styles) {
    var boxes = Array.prototype.slice.call(styles.querySelectorAll(".cite-format"));
    var links = Array.prototype.slice.call(styles.querySelectorAll(".cite-chooser a"));
    function show(id) {
      var found = boxes.some(function (box) { return box.id === id; });
      if (!found) { return false; }
      boxes.forEach(function (box) {
        if (box.id === id) { box.removeAttribute("hidden"); } else { box.setAttribute("hidden", ""); }
      });
      links.forEach(function (link) {
        if (link.getAttribute("href") === "#" + id) { link.setAttribute("aria-current", "true"); }
        else { link.removeAttribute("aria-current"); }
      });
      return true;
    }
    styles.classList.add("cite-js");
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        var id = link.getAttribute("href").slice(1);
        if (show(id)) {
          event.preventDefault();
          remember(id);
        }
      });
    });
    var wanted = window.location.hash.slice(1);
    if (!show(wanted) && !show(remembered() || "") && boxes.length) { show(boxes[0].id); }
    boxes.forEach(addCopy);
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".cite-styles"), chooser);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
