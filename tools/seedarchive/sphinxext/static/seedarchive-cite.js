// The "Cite this page" block: a style chooser and a "Copy" button for the citation shown.
// Without this script the default style shows and the chooser's links are anchors that the
// style sheet follows (:target); on an article page, the links of the other styles lead to the
// memento page of the revision cited, which holds them all, and this script fetches them from
// there when one is chosen. No libraries; does nothing on pages without the block.
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
  // A copy of a style box of another page of this site, made element by element: only the
  // tags and attributes a box has, text as text (nothing of the other page runs or is parsed here).
  var TAGS = { DIV: true, P: true, PRE: true, BDI: true };
  var ATTRIBUTES = ["class", "id", "lang", "dir"];
  function copyBox(node) {
    if (node.nodeType !== 1 || !TAGS[node.tagName]) { return document.createTextNode(node.textContent); }
    var element = document.createElement(node.tagName.toLowerCase());
    ATTRIBUTES.forEach(function (name) {
      if (node.hasAttribute(name)) { element.setAttribute(name, node.getAttribute(name)); }
    });
    Array.prototype.forEach.call(node.childNodes, function (child) { element.appendChild(copyBox(child)); });
    return element;
  }
  function chooser(styles) {
    var boxes = Array.prototype.slice.call(styles.querySelectorAll(".cite-format"));
    var links = Array.prototype.slice.call(styles.querySelectorAll(".cite-chooser a"));
    var loading = null;
    function show(id) {
      var found = boxes.some(function (box) { return box.id === id; });
      if (!found) { return false; }
      boxes.forEach(function (box) {
        if (box.id === id) { box.removeAttribute("hidden"); } else { box.setAttribute("hidden", ""); }
      });
      links.forEach(function (link) {
        if (link.hash === "#" + id) { link.setAttribute("aria-current", "true"); }
        else { link.removeAttribute("aria-current"); }
      });
      return true;
    }
    // An article page holds its first style only; the others are on the memento page of the
    // revision it cites (the chooser's links lead there): fetched once, their boxes copied in.
    function elsewhere(id) {
      var link = links.filter(function (a) { return a.hash === "#" + id && a.pathname !== window.location.pathname; })[0];
      return link ? link.href.split("#")[0] : null;
    }
    function load(url) {
      if (!loading) {
        loading = window.fetch(url).then(function (response) {
          if (!response.ok) { throw new Error(response.status + " " + url); }
          return response.text();
        }).then(function (text) {
          var page = new DOMParser().parseFromString(text, "text/html");
          Array.prototype.forEach.call(page.querySelectorAll(".cite-styles .cite-format"), function (other) {
            if (!other.id || styles.querySelector("#" + CSS.escape(other.id))) { return; }
            var box = copyBox(other);
            box.setAttribute("hidden", "");
            styles.appendChild(box);
            boxes.push(box);
            addCopy(box);
          });
        });
      }
      return loading;
    }
    // Show style ``id``, fetching it if it is elsewhere; ``go``: if it cannot be fetched, open
    // the page that holds it (as the link does without this script).
    function choose(id, go) {
      if (show(id)) { return true; }
      var url = elsewhere(id);
      if (!url) { return false; }
      load(url).then(function () {
        if (!show(id) && go) { window.location.assign(url + "#" + id); }
      }, function () {
        if (go) { window.location.assign(url + "#" + id); }
      });
      return true;
    }
    styles.classList.add("cite-js");
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        var id = link.hash.slice(1);
        if (choose(id, true)) {
          event.preventDefault();
          remember(id);
        }
      });
    });
    var wanted = window.location.hash.slice(1);
    if (!show(wanted) && !choose(remembered() || "", false) && boxes.length) { show(boxes[0].id); }
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
