// Poll the archive's state and update the progress bar until the ZIP is ready or failed.
(function () {
  "use strict";
  var box = document.getElementById("archive-progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-role=text]");
  var error = box.querySelector("[data-role=error]");
  var download = box.querySelector("[data-role=download]");
  function update() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        // Only a changed sentence goes into the live region, so it is not read out every poll.
        if (text.textContent !== state.text) text.textContent = state.text;
        if (error.textContent !== state.error) error.textContent = state.error;
        if (state.download_url) {
          download.querySelector("a").href = state.download_url;
          download.hidden = false;
        }
        if (state.status === "pending" || state.status === "running") {
          window.setTimeout(update, 2000);
        }
      })
      .catch(function () { window.setTimeout(update, 5000); });
  }
  window.setTimeout(update, 1000);
})();
