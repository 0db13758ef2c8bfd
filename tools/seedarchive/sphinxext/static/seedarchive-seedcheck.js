// "Check in this browser" for the seed file offered on article and revision pages: fetches
// the published seed, computes its SHA-256 with SubtleCrypto and compares it with the page's.
// No libraries; does nothing on pages without a seed-file block. Text only (textContent).
(function () {
  "use strict";
  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return out;
  }
  function check(link, expected, result) {
    if (!(window.crypto && window.crypto.subtle && window.isSecureContext)) {
      result.textContent = "This browser cannot check here (it needs https or localhost): use sha256sum.";
      return;
    }
    result.textContent = "Checking…";
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.arrayBuffer();
      })
      .then(function (data) { return window.crypto.subtle.digest("SHA-256", data); })
      .then(function (digest) {
        var got = hex(digest);
        result.setAttribute("data-sha256", got);
        result.textContent = got === expected
          ? "Checked: the file's SHA-256 is the one shown."
          : "Mismatch: the file's SHA-256 is " + got + ", not the one shown.";
        result.className = "seed-file-result " + (got === expected ? "seed-file-ok" : "seed-file-mismatch");
      })
      .catch(function (error) {
        result.textContent = "The file could not be read here (" + error.message + "): use sha256sum.";
      });
  }
  function init() {
    var boxes = document.querySelectorAll(".seed-file");
    for (var i = 0; i < boxes.length; i++) {
      var link = boxes[i].querySelector("a.seed-file-download");
      var code = boxes[i].querySelector(".seed-sha256");
      if (!link || !code) { continue; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "seed-file-verify";
      button.textContent = "Check in this browser";
      var result = document.createElement("span");
      result.className = "seed-file-result";
      result.setAttribute("role", "status");
      var expected = code.textContent.trim();
      button.addEventListener("click", check.bind(null, link, expected, result));
      var line = document.createElement("p");
      line.appendChild(button);
      line.appendChild(document.createTextNode(" "));
      line.appendChild(result);
      boxes[i].appendChild(line);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
