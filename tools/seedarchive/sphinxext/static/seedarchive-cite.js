// A "Copy" button for each citation format of the "Cite this page" block.
// No libraries; does nothing on pages without the block.
(function () {
  "use strict";
  function fallbackCopy(text) {
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
  function copy(text, button) {
    var done = function (ok) {
      button.textContent = ok ? "Copied" : "Select the text to copy";
      window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); },
        function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }
  function init() {
    var boxes = document.querySelectorAll(".cite-format");
    Array.prototype.forEach.call(boxes, function (box) {
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
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
