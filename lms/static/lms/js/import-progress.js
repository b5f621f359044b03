// Poll an import's state, move the progress bar, and reload the page when the work is done
// (the page then shows the preview or the result).
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-role=text]");
  function update() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        // Only a changed sentence goes into the live region, so it is not read out every poll.
        if (text.textContent !== state.text) text.textContent = state.text;
        if (state.running) {
          window.setTimeout(update, 2000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(update, 5000); });
  }
  window.setTimeout(update, 1000);
})();
