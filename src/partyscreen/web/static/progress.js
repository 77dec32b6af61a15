// Follows a batch job's progress: polls its status every second until it is done or failed.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("progress");
  var text = document.getElementById("progress-text");
  var labels = {block: "BLOCK", licence_required: "LICENCE REQUIRED", red_flag: "RED FLAG", review: "REVIEW", clear: "CLEAR"};
  function show(job) {
    bar.max = Math.max(job.rows_total, 1);
    bar.value = job.rows_done;
    bar.textContent = job.rows_done + " of " + job.rows_total;
    text.textContent = job.state + ": " + job.rows_done + " of " + job.rows_total + " rows (" + job.percent + "%)";
    if (job.error) {
      var error = document.getElementById("error");
      error.textContent = job.error;
      error.hidden = false;
    }
    if (job.state === "done") {
      document.getElementById("decisions").textContent = Object.keys(job.decisions).map(function (d) {
        return (labels[d] || d) + " " + job.decisions[d];
      }).join(", ");
      document.getElementById("summary").hidden = false;
    }
    return job.state === "done" || job.state === "failed";
  }
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) { if (!show(job)) { setTimeout(poll, 1000); } })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (box.dataset.state !== "done" && box.dataset.state !== "failed") { poll(); }
})();
