// Quote links on a memento page (archive/articles/ID/rN.html, which never changes): select words
// of the article, then copy a link to them or a citation carrying that link (see
// sphinxext/content/quote.py). The link is the memento's URL with the paragraph's anchor and a
// Text Fragment (WICG Text Fragments): rN.html#p3:~:text=[prefix-,]start[,end][,-suffix].
// A browser that finds the words scrolls to them and highlights them; one that does not still
// goes to paragraph 3.
//
// A text directive matches the first place in the page where its words occur, at word
// boundaries, case-insensitively, inside one block of text. So the script reads the page's text
// as the browser searches it (blocks, whitespace collapsed), builds the directive, finds what a
// browser would match with it, and adds words before (prefix) or after (suffix) the quote until
// that is the selected place. Long quotes (over MAX_EXACT characters, or over several
// paragraphs) are linked by their first and last words.
//
// No libraries; every value reaches the page through textContent, value and setAttribute.
(function () {
  "use strict";
  var MAX_EXACT = 300;
  var EDGE_WORDS = 4;
  var MAX_EDGE_WORDS = 12;
  var MAX_CONTEXT_WORDS = 8;
  var SKIP = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1, TEXTAREA: 1, INPUT: 1, SELECT: 1, BUTTON: 1 };
  var COLLAPSIBLE = /[ \t\n\r\f]/;

  // --- the page's text, as blocks --------------------------------------------------------------
  function lowerKeepLength(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var lower = c.toLowerCase();
      out += lower.length === 1 ? lower : c;
    }
    return out.replace(/\u00a0/g, " ");
  }

  // Blocks of text in document order: {text, lower, entries: [{node, start}], map}. A block ends
  // at every element that is not display: inline (inline-block included, as browsers search it).
  function readBlocks(box) {
    var blocks = [];
    var current = null;
    function add(node) {
      if (!current) {
        current = { raw: "", entries: [], element: node.parentElement };
        blocks.push(current);
      }
      current.entries.push({ node: node, start: current.raw.length });
      current.raw += node.data;
    }
    function walk(element) {
      for (var child = element.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          add(child);
        } else if (child.nodeType === 1 && !SKIP[child.tagName] && child !== box) {
          var display = window.getComputedStyle(child).display;
          if (display === "none") { continue; }
          if (child.tagName === "BR") { current = null; continue; }
          var block = display !== "inline" && display !== "contents";
          if (block) { current = null; }
          walk(child);
          if (block) { current = null; }
        }
      }
    }
    walk(document.body);
    blocks.forEach(function (block, index) {
      var text = "";
      var map = [];
      var space = true;
      for (var i = 0; i < block.raw.length; i++) {
        map.push(text.length);
        var c = block.raw.charAt(i);
        if (COLLAPSIBLE.test(c)) {
          if (!space) { text += " "; space = true; }
        } else {
          text += c;
          space = false;
        }
      }
      map.push(text.length);
      if (text.charAt(text.length - 1) === " ") { text = text.slice(0, -1); }
      block.index = index;
      block.text = text;
      block.lower = lowerKeepLength(text);
      block.map = map;
    });
    return blocks.filter(function (block) { return block.text.length > 0; });
  }

  // --- words ----------------------------------------------------------------------------------
  var segmenters = {};
  function segments(block, language) {
    if (block.segments) { return block.segments; }
    var list = [];
    var text = block.text;
    if (window.Intl && Intl.Segmenter) {
      var key = language || "";
      if (!segmenters[key]) {
        try {
          segmenters[key] = new Intl.Segmenter(language || undefined, { granularity: "word" });
        } catch (error) {
          segmenters[key] = new Intl.Segmenter(undefined, { granularity: "word" });
        }
      }
      var iterator = segmenters[key].segment(text)[Symbol.iterator]();
      for (var step = iterator.next(); !step.done; step = iterator.next()) {
        var s = step.value;
        list.push({ start: s.index, end: s.index + s.segment.length, word: !!s.isWordLike });
      }
    } else {  // runs of letters and digits are words; every other character is one segment
      var re = /[\p{L}\p{N}\p{M}]+|[\s\S]/gu;
      var match;
      while ((match = re.exec(text)) !== null) {
        list.push({ start: match.index, end: match.index + match[0].length, word: /[\p{L}\p{N}]/u.test(match[0]) });
      }
    }
    block.segments = list;
    block.bounds = {};
    list.forEach(function (seg) { block.bounds[seg.start] = true; block.bounds[seg.end] = true; });
    return list;
  }

  function bounded(block, index, language) {
    segments(block, language);
    return block.bounds[index] === true;
  }

  // --- what a browser matches -----------------------------------------------------------------
  // The first place at or after (from.block, from.offset) where term occurs (start at a word
  // boundary when startBounded), or null.
  function find(blocks, term, from, startBounded, language) {
    var needle = lowerKeepLength(term);
    for (var b = from.block; b < blocks.length; b++) {
      var block = blocks[b];
      var at = b === from.block ? from.offset : 0;
      for (var i = block.lower.indexOf(needle, at); i >= 0; i = block.lower.indexOf(needle, i + 1)) {
        if (!startBounded || bounded(block, i, language)) {
          return { block: b, start: i, end: i + needle.length };
        }
      }
    }
    return null;
  }

  function skipSpace(blocks, point) {
    var block = point.block;
    var offset = point.offset;
    while (block < blocks.length) {
      var text = blocks[block].text;
      while (offset < text.length && text.charAt(offset) === " ") { offset++; }
      if (offset < text.length) { return { block: block, offset: offset }; }
      block++;
      offset = 0;
    }
    return null;
  }

  function startsAt(blocks, term, point, language) {
    var found = point && find(blocks, term, point, false, language);
    return found && found.block === point.block && found.start === point.offset ? found : null;
  }

  // The range a browser gives the directive {prefix, start, end, suffix} (after the Text
  // Fragments specification's "find a range from a text directive"), or null.
  function match(blocks, directive, language) {
    var search = { block: 0, offset: 0 };
    while (search) {
      var first;
      if (directive.prefix) {
        var prefix = find(blocks, directive.prefix, search, true, language);
        if (!prefix) { return null; }
        search = { block: prefix.block, offset: prefix.start + 1 };
        first = startsAt(blocks, directive.start, skipSpace(blocks, { block: prefix.block, offset: prefix.end }),
          language);
        if (!first) { continue; }
      } else {
        first = find(blocks, directive.start, search, true, language);
        if (!first) { return null; }
        search = { block: first.block, offset: first.start + 1 };
      }
      var last = first;
      var endSearch = { block: first.block, offset: first.end };
      for (;;) {
        if (directive.end) {
          last = find(blocks, directive.end, endSearch, true, language);
          if (!last) { return null; }
        }
        var range = { startBlock: first.block, start: first.start, endBlock: last.block, end: last.end };
        if (!directive.suffix) { return range; }
        var after = skipSpace(blocks, { block: last.block, offset: last.end });
        if (!after || !find(blocks, directive.suffix, after, false, language)) { return null; }
        if (startsAt(blocks, directive.suffix, after, language)) { return range; }
        if (!directive.end) { break; }
        endSearch = { block: last.block, offset: last.end };
      }
    }
    return null;
  }

  // --- building the directive -----------------------------------------------------------------
  // The text of `count` words from `offset` forwards (or backwards, when count < 0) in a block.
  function words(block, offset, count, language, limit) {
    var list = segments(block, language);
    var seen = 0;
    var i;
    if (count > 0) {
      var end = offset;
      for (i = 0; i < list.length && seen < count; i++) {
        if (list[i].start < offset) { continue; }
        if (limit !== undefined && list[i].end > limit) { break; }
        end = list[i].end;
        if (list[i].word) { seen++; }
      }
      return block.text.slice(offset, end).trim();
    }
    var start = offset;
    for (i = list.length - 1; i >= 0 && seen < -count; i--) {
      if (list[i].end > offset) { continue; }
      if (limit !== undefined && list[i].start < limit) { break; }
      start = list[i].start;
      if (list[i].word) { seen++; }
    }
    return block.text.slice(start, offset).trim();
  }

  function encode(term) {
    return encodeURIComponent(term).replace(/-/g, "%2D");
  }

  function directiveText(d) {
    return (d.prefix ? encode(d.prefix) + "-," : "") + encode(d.start) + (d.end ? "," + encode(d.end) : "") +
      (d.suffix ? ",-" + encode(d.suffix) : "");
  }

  function same(range, target) {
    return range && range.startBlock === target.startBlock && range.start === target.start &&
      range.endBlock === target.endBlock && range.end === target.end;
  }

  // The directive that leads to `target` ({startBlock, start, endBlock, end}), or null.
  function directiveFor(blocks, target, language) {
    var first = blocks[target.startBlock];
    var last = blocks[target.endBlock];
    var exact = target.startBlock === target.endBlock && target.end - target.start <= MAX_EXACT;
    for (var edge = EDGE_WORDS; edge <= (exact ? EDGE_WORDS : MAX_EDGE_WORDS); edge++) {
      var base;
      if (exact) {
        base = { start: first.text.slice(target.start, target.end) };
      } else {
        var sameBlock = target.startBlock === target.endBlock;
        base = {
          start: words(first, target.start, edge, language, sameBlock ? target.end : undefined),
          end: words(last, target.end, -edge, language, sameBlock ? target.start : undefined)
        };
        if (sameBlock && base.start.length + base.end.length >= target.end - target.start) {
          base = { start: first.text.slice(target.start, target.end) };  // the words overlap: quote it all
        }
      }
      for (var context = 0; context <= MAX_CONTEXT_WORDS; context++) {
        var prefix = context && target.start > 0 ? words(first, target.start, -context, language) : "";
        var suffix = context ? words(last, target.end, context, language) : "";
        var tries = context ? [{ prefix: prefix }, { suffix: suffix }, { prefix: prefix, suffix: suffix }] : [{}];
        for (var t = 0; t < tries.length; t++) {
          var d = { prefix: tries[t].prefix || "", start: base.start, end: base.end || "", suffix: tries[t].suffix || "" };
          if (context && !d.prefix && !d.suffix) { continue; }
          if (same(match(blocks, d, language), target)) { return d; }
        }
      }
    }
    return null;
  }

  // --- the selection --------------------------------------------------------------------------
  function point(block, node, offset) {
    for (var i = 0; i < block.entries.length; i++) {
      if (block.entries[i].node === node) { return block.map[block.entries[i].start + offset]; }
    }
    return null;
  }

  // The selected range, limited to the article and moved out to whole words, as
  // {startBlock, start, endBlock, end} over `blocks`; or null.
  function target(blocks, range, article, language) {
    var first = null;
    var last = null;
    blocks.forEach(function (block, b) {
      block.entries.forEach(function (entry) {
        var node = entry.node;
        if (!article.contains(node) || !range.intersectsNode(node)) { return; }
        var from = node === range.startContainer ? range.startOffset : 0;
        var to = node === range.endContainer ? range.endOffset : node.data.length;
        if (!node.data.slice(from, to).trim()) { return; }
        var start = point(block, node, from);
        var end = point(block, node, to);
        if (!first) { first = { block: b, offset: start }; }
        last = { block: b, offset: end };
      });
    });
    if (!first || !last) { return null; }
    var startBlock = blocks[first.block];
    var endBlock = blocks[last.block];
    var start = Math.min(first.offset, startBlock.text.length);
    var end = Math.min(last.offset, endBlock.text.length);
    while (start < startBlock.text.length && startBlock.text.charAt(start) === " ") { start++; }
    while (end > 0 && endBlock.text.charAt(end - 1) === " ") { end--; }
    segments(startBlock, language).forEach(function (seg) {
      if (seg.start < start && start < seg.end) { start = seg.start; }
    });
    segments(endBlock, language).forEach(function (seg) {
      if (seg.start < end && end < seg.end) { end = seg.end; }
    });
    if (first.block === last.block && end <= start) { return null; }
    return { startBlock: first.block, start: start, endBlock: last.block, end: end };
  }

  // --- the controls ---------------------------------------------------------------------------
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // Copying is seedarchive-cite.js's (every memento page loads it before this file).
  function copyText(text) {
    var shared = window.seedarchive && window.seedarchive.copy;
    return shared ? shared(text) : Promise.resolve(false);
  }

  function init() {
    var box = document.querySelector("aside.quote-link[data-url]");
    var article = document.querySelector("main article");
    if (!box || !article || !window.getSelection) { return; }
    var language = article.getAttribute("lang") || document.documentElement.getAttribute("lang") || "";
    var own = new URL(box.getAttribute("data-url"), document.baseURI);
    own.hash = "";
    var citation = box.getAttribute("data-citation") || own.href;

    var title = element("p", "quote-link-title", "Link to the selected words");
    var label = element("label", "quote-link-label", "Link to this quote");
    var field = element("input", "quote-link-url");
    field.setAttribute("type", "text");
    field.setAttribute("readonly", "");
    field.setAttribute("id", "quote-link-url");
    label.setAttribute("for", "quote-link-url");
    var copyLink = element("button", "quote-link-copy", "Copy a link to this quote");
    var copyCite = element("button", "quote-link-cite", "Copy a citation with this link");
    var close = element("button", "quote-link-close", "Close");
    [copyLink, copyCite, close].forEach(function (b) { b.setAttribute("type", "button"); });
    var fallback = element("p", "quote-link-fallback");
    var anchor = element("a", "quote-link-paragraph");
    var status = element("p", "quote-link-status");
    status.setAttribute("role", "status");
    var buttons = element("div", "quote-link-buttons");
    buttons.appendChild(copyLink);
    buttons.appendChild(copyCite);
    buttons.appendChild(close);
    [title, label, field, buttons, fallback, status].forEach(function (node) { box.appendChild(node); });

    var current = null;

    function show(quote) {
      if (current && current.link === quote.link && !box.hidden) { return; }  // the same words
      current = quote;
      field.value = quote.link;
      fallback.textContent = "";
      if (quote.paragraph) {
        fallback.appendChild(document.createTextNode(
          quote.directive ? "Where a browser cannot find the words, the link leads to " : "This link leads to "));
        anchor.setAttribute("href", quote.paragraphLink);
        anchor.textContent = "paragraph " + quote.paragraph.slice(1);
        fallback.appendChild(anchor);
        fallback.appendChild(document.createTextNode(
          quote.directive ? "." : ": the selected words occur too often on this page to link to them alone."));
      }
      status.textContent = "";
      box.hidden = false;
    }

    function update() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) { return; }
      var range = selection.getRangeAt(0);
      if (!range.intersectsNode(article)) { return; }
      var blocks = readBlocks(box);
      var where = target(blocks, range, article, language);
      if (!where) { return; }
      var paragraphElement = blocks[where.startBlock].element.closest(".article-body > p[id]");
      var paragraph = paragraphElement ? paragraphElement.getAttribute("id") : "";
      var directive = directiveFor(blocks, where, language);
      var link = own.href + "#" + paragraph + (directive ? ":~:text=" + directiveText(directive) : "");
      if (!directive && !paragraph) { return; }
      show({
        link: link,
        directive: directive,
        paragraph: paragraph,
        paragraphLink: paragraph ? own.href + "#" + paragraph : ""
      });
    }

    var timer = null;
    document.addEventListener("selectionchange", function () {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(update, 150);
    });

    function report(ok, what) {
      status.textContent = ok ? what + " copied." : "Could not copy: select the link in the field and copy it.";
      if (!ok) { field.focus(); field.select(); }
    }
    copyLink.addEventListener("click", function () {
      if (!current) { return; }
      copyText(current.link).then(function (ok) { report(ok, "Link"); });
    });
    copyCite.addEventListener("click", function () {
      if (!current) { return; }
      var text = citation.indexOf(own.href) >= 0 ? citation.split(own.href).join(current.link)
        : citation + " " + current.link;
      copyText(text).then(function (ok) { report(ok, "Citation"); });
    });
    close.addEventListener("click", function () { box.hidden = true; });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { box.hidden = true; }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
