/* PeerLearn reading page: visible reading time and claps without a reload.
 * Vendored, no framework. Without scripts the page still works: completion falls back to the
 * time since the page was opened (a signed token in the finish form), and the clap button
 * posts its form. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // --- visible-page time ---------------------------------------------------------------
  var root = document.getElementById("reading");
  var url = root && root.getAttribute("data-reading-url");
  var visibleSince = document.visibilityState === "visible" ? Date.now() : null;
  var pending = 0; // visible milliseconds not yet reported

  function collect() {
    if (visibleSince !== null) {
      pending += Date.now() - visibleSince;
      visibleSince = document.visibilityState === "visible" ? Date.now() : null;
    }
  }

  function report() {
    collect();
    if (!url || pending < 1000) { return; }
    var seconds = (pending / 1000).toFixed(1);
    pending = 0;
    var body = new URLSearchParams({ seconds: seconds });
    try {
      post(url, body).catch(function () {});
    } catch (err) {
      if (navigator.sendBeacon) {
        var form = new FormData();
        form.append("seconds", seconds);
        form.append("csrf_token", csrfToken());
        navigator.sendBeacon(url, form);
      }
    }
  }

  function post(target, body) {
    return fetch(target, {
      method: "POST",
      body: body,
      keepalive: true, // survives the page closing, like sendBeacon
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    });
  }

  // The page's GET writes nothing: opening it is reported here, once per page load (the
  // server counts one view per visit however often the page is reloaded).
  var viewUrl = root && root.getAttribute("data-view-url");
  if (viewUrl && window.fetch) {
    post(viewUrl, new URLSearchParams()).catch(function () {});
  }

  if (url) {
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        report();
      } else {
        visibleSince = Date.now();
      }
    });
    window.addEventListener("pagehide", report);
    window.setInterval(report, 30000);
    // Before leaving for the quiz or completion, count the time spent reading: in the form
    // itself when it has a field for it (so it counts for this completion), else a report.
    document.addEventListener("submit", function (event) {
      var field = event.target.querySelector && event.target.querySelector('input[name="visible_seconds"]');
      if (field) {
        collect();
        field.value = (pending / 1000).toFixed(1);
        pending = 0;
      } else {
        report();
      }
    }, true);
  }

  // --- claps -----------------------------------------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var apiUrl = form.getAttribute && form.getAttribute("data-clap-url");
    if (!apiUrl || !window.fetch) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    fetch(apiUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ count: 1 })
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var total = form.querySelector("[data-clap-total]");
      var mine = form.querySelector("[data-clap-mine]");
      if (result.ok) {
        total.textContent = result.data.total;
        mine.textContent = result.data.mine;
        form.querySelector("[data-clap-mine-wrap]").hidden = false;
        if (result.data.mine >= result.data.cap) { button.disabled = true; }
        // the reward moment: what the claps gave the author, said where the reader looks
        var said = result.data.awarded && result.data.awarded.messages;
        var note = form.querySelector("[data-clap-reward]");
        if (note && said && said.length) { note.textContent = said[0]; note.hidden = false; }
      } else if (result.data && result.data.error) {
        button.disabled = true;
        button.title = result.data.error.message;
        total.parentNode.appendChild(document.createTextNode(" — " + result.data.error.message));
      }
    }).catch(function () { form.submit(); });
  });
})();
