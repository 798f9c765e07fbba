// Documents page: poll the status of queued and running documents and redraw their rows.
// When a document finishes (done or failed) the page reloads to show the download link or
// the retry button rendered by the server.
(function () {
  "use strict";
  var table = document.getElementById("documents");
  if (!table) {
    return;
  }
  var INTERVAL = 2000;

  function pending() {
    return Array.prototype.filter.call(
      table.querySelectorAll("tr[data-status-url]"),
      function (row) {
        var state = row.getAttribute("data-state");
        return state === "queued" || state === "running";
      }
    );
  }

  function redraw(row, data) {
    var cell = row.querySelector(".doc-state");
    var badge = cell.querySelector(".doc-badge");
    badge.textContent = data.state_label;
    badge.className = "badge doc-badge doc-" + data.state;
    var bar = cell.querySelector(".doc-progress");
    var percent = cell.querySelector(".doc-percent");
    if (data.state === "running") {
      if (!bar) {
        bar = document.createElement("progress");
        bar.className = "doc-progress";
        bar.max = 100;
        percent = document.createElement("span");
        percent.className = "doc-percent";
        cell.appendChild(document.createTextNode(" "));
        cell.appendChild(bar);
        cell.appendChild(document.createTextNode(" "));
        cell.appendChild(percent);
      }
      bar.value = data.progress;
      bar.textContent = data.progress + "%";
      percent.textContent = data.progress + "%";
    }
    row.setAttribute("data-state", data.state);
  }

  function poll() {
    var rows = pending();
    if (!rows.length) {
      return;
    }
    var finished = false;
    var requests = rows.map(function (row) {
      return fetch(row.getAttribute("data-status-url"), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data) {
            return;
          }
          redraw(row, data);
          if (data.state === "done" || data.state === "failed") {
            finished = true;
          }
        })
        .catch(function () {});
    });
    Promise.all(requests).then(function () {
      if (finished) {
        window.location.reload();
      } else {
        window.setTimeout(poll, INTERVAL);
      }
    });
  }

  window.setTimeout(poll, INTERVAL);
})();
