// Embedded videos, posts and players arrive as placeholders (templates/includes/body_embed.html):
// the third party is loaded only when the reader asks for it, so it learns nothing of readers who
// do not. The frame may only come from the providers' player hosts (CSP frame-src).
(function () {
  "use strict";
  function load(figure) {
    var player = figure.getAttribute("data-player");
    if (!player || !/^https?:\/\//.test(player)) return;
    var frame = document.createElement("iframe");
    frame.src = player;
    frame.title = figure.getAttribute("data-provider") || "";
    frame.setAttribute("allow", "fullscreen; picture-in-picture; encrypted-media");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    // Scripts for the player, popups for its links out; never top navigation of our page.
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation");
    frame.className = "embed-frame";
    figure.replaceChild(frame, figure.querySelector(".embed-placeholder"));
    figure.classList.add("embed-loaded");
    frame.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".embed-load");
    if (!button) return;
    event.preventDefault();
    load(button.closest("figure.embed"));
  });
})();
