// The replay frame page (issue 31): creates Webrecorder's <replay-web-page> from the page's
// data-* attributes, and only on the replay origin the archive names: opened on the archive's
// own address it replays nothing, so that a capture's scripts never run there.
(function () {
  "use strict";
  var holder = document.querySelector(".replay-holder");
  if (!holder) {
    return;
  }
  var wanted = new URL(holder.dataset.origin, window.location.href).origin;
  if (window.location.origin !== wanted) {
    var elsewhere = document.querySelector(".replay-elsewhere");
    if (elsewhere) {
      elsewhere.hidden = false;
    }
    return;
  }
  var ui = document.createElement("script");
  ui.src = holder.dataset.ui;
  document.head.appendChild(ui);
  var replay = document.createElement("replay-web-page");
  replay.setAttribute("source", new URL(holder.dataset.source, window.location.href).href);
  replay.setAttribute("url", holder.dataset.url);
  if (holder.dataset.ts) {
    replay.setAttribute("ts", holder.dataset.ts);
  }
  replay.setAttribute("replaybase", holder.dataset.replaybase);
  replay.setAttribute("embed", "replayonly");
  holder.appendChild(replay);
})();
