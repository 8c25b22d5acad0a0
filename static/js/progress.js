// Certificates of an exam session: poll the progress address until every certificate is rendered or failed,
// update the progress bar (and what screen readers hear), then reload the page to show the download links.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) { return; }
  var bar = box.querySelector("[role=progressbar]");
  var label = box.querySelector("[data-progress-label]");
  var template = box.getAttribute("data-progress-text");  // "{done} of {total} ready"
  function show(data) {
    var done = data.ready + data.failed;
    bar.style.width = data.percent + "%";
    bar.setAttribute("aria-valuenow", String(data.percent));
    label.textContent = template.replace("{done}", done).replace("{total}", data.issued);
  }
  function poll() {
    fetch(box.getAttribute("data-progress-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        show(data);
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
