/* seedarchive: search.html leads to the archive's search page, keeping the query (?q=...).
   The target comes from this script element's data-target (the site has no inline scripts:
   see seedarchive.sphinxext.content.policy). */
(function () {
  "use strict";
  var target = document.currentScript && document.currentScript.getAttribute("data-target");
  if (target) window.location.replace(target + window.location.search);
})();
