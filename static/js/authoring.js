/* PeerLearn authoring: the live preview beside the Markdown editor.
 * The server renders and sanitizes (POST /api/v1/authoring/preview); this file only sends
 * the text, with the page's CSRF token, and shows the answer. Without it the page still
 * works: the preview is rendered on every save. */
(function () {
  "use strict";
  var DELAY_MS = 400;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function showWarnings(list, warnings) {
    list.textContent = "";
    warnings.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    list.hidden = warnings.length === 0;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("textarea[data-preview-target]");
    if (!input || !window.fetch) { return; }
    var target = document.getElementById(input.getAttribute("data-preview-target"));
    var minutes = document.getElementById("preview-minutes");
    var warnings = document.getElementById("preview-warnings");
    var timer = null;
    var latest = 0;

    function refresh() {
      var request = ++latest;
      fetch("/api/v1/authoring/preview", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ body_markdown: input.value })
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (!data || request !== latest) { return; }
        target.innerHTML = data.html;  // sanitized by the server (nh3)
        if (minutes) { minutes.textContent = "about " + data.estimated_minutes + " min"; }
        if (warnings) { showWarnings(warnings, data.warnings); }
      }).catch(function () { /* offline: the preview catches up on the next save */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    });
  });
})();
