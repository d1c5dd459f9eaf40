/* Background export page: poll the job's JSON until it is done, then show the link.
   Without scripts the page still works: reload it by hand. */
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box) { return; }
  var status = document.getElementById("job-status");
  var link = document.getElementById("job-link");
  var bar = box.querySelector("progress");
  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        if (job.state === "done") {
          status.textContent = "Ready: " + job.rows_done.toLocaleString() + " rows.";
          link.hidden = false;
        } else if (job.state === "failed") {
          status.textContent = "The export failed: " + (job.error || "unknown error");
        } else {
          status.textContent = job.state.charAt(0).toUpperCase() + job.state.slice(1) + ": " +
            job.rows_done.toLocaleString() + (job.rows_total ? " of " + job.rows_total.toLocaleString() : "") + " rows.";
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  var state = box.getAttribute("data-state");
  if (state === "queued" || state === "running") { window.setTimeout(poll, 1000); }
})();
