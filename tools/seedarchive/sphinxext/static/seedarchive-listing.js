/* seedarchive: filter and order controls for listing pages (progressive enhancement:
   without JavaScript the listing is complete, newest first within each year).
   "All articles" on one page: a list per year section. A page of "All articles" by period
   (archive/all/): the lists marked data-listing ("dated", or "undated": in the order of
   their identifiers), each in its section or alone; its note (p.listing-scope) shown. */
(function () {
  "use strict";
  var article = document.querySelector("article[role=main]") || document.querySelector("article");
  if (!article) return;
  var marked = Array.prototype.slice.call(article.querySelectorAll("ul[data-listing]"));
  var sections, lists;
  if (marked.length) {  // each list's box: its section below the page's, or the list itself
    lists = marked;
    sections = marked.map(function (ul) {
      var box = ul.parentNode;
      return box.matches("section section") ? box : ul;
    });
  } else {
    sections = Array.prototype.slice.call(article.querySelectorAll("section section"));
    lists = sections.map(function (s) { return s.querySelector(":scope > ul"); })
      .filter(function (ul) { return ul; });
  }
  if (!lists.length) return;
  var undated = marked.length && marked[0].getAttribute("data-listing") === "undated";
  var scope = article.querySelector("p.listing-scope");
  if (scope) scope.hidden = false;
  var items = [];
  lists.forEach(function (ul) {
    Array.prototype.forEach.call(ul.children, function (li, i) {
      items.push({ li: li, ul: ul, index: items.length, text: li.textContent.toLowerCase(),
                   title: (li.querySelector("a") || li).textContent.trim().toLowerCase() });
    });
  });
  var flat = document.createElement("ul");
  flat.className = "listing-flat";
  flat.hidden = true;

  var form = document.createElement("form");
  form.className = "listing-controls";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Filter and order this listing");
  form.innerHTML =
    '<label>Filter <input type="search" name="filter" placeholder="words in headline, author, date"></label> ' +
    '<label>Order <select name="order">' +
    (undated ? '<option value="newest">as listed</option><option value="oldest">reversed</option>'
             : '<option value="newest">newest first</option><option value="oldest">oldest first</option>') +
    '<option value="title">headline A–Z</option></select></label> ' +
    '<output name="count" aria-live="polite"></output>';
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  var firstSection = sections[0];
  firstSection.parentNode.insertBefore(form, firstSection);
  firstSection.parentNode.insertBefore(flat, firstSection);

  var arranged = "newest";  // the order the page was written in
  function update() {
    var words = form.filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var order = form.order.value;
    var shown = 0;
    items.forEach(function (it) {
      var ok = words.every(function (w) { return it.text.indexOf(w) !== -1; });
      it.li.hidden = !ok;
      if (ok) shown++;
    });
    // Move entries only when the order changes: moving a link between mousedown and
    // mouseup (a filter's change event on blur) would swallow the click.
    if (order !== arranged) arrange(order);
    var ordered = order === "oldest" ? sections.slice().reverse() : sections;
    ordered.forEach(function (s) {
      var visible = s.querySelector("li:not([hidden])");
      s.hidden = order === "title" || !visible;
    });
    form.count.value = shown + " of " + items.length + " articles " + (marked.length ? "on this page " : "") + "shown";
  }
  function arrange(order) {
    arranged = order;
    if (order === "title") {
      items.slice().sort(function (a, b) { return a.title.localeCompare(b.title) || a.index - b.index; })
        .forEach(function (it) { flat.appendChild(it.li); });
    } else {
      var seq = order === "oldest" ? items.slice().reverse() : items;
      seq.forEach(function (it) { it.ul.appendChild(it.li); });
    }
    flat.hidden = order !== "title";
    var parent = firstSection.parentNode;
    var ordered = order === "oldest" ? sections.slice().reverse() : sections;
    ordered.forEach(function (s) { parent.appendChild(s); });
  }
  form.filter.addEventListener("input", update);
  form.order.addEventListener("change", update);
  update();
})();
