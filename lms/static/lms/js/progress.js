// Background work (a ZIP of certificates, an import of people) shown as it goes: poll the
// element's data-status-url, move its <progress>, put changed sentences in its live regions,
// show a download link when there is one, and reload the page when the work is done if the
// element asks for it (data-reload-when-done), so the page can show the result.
(function () {
  "use strict";
  document.querySelectorAll("[data-status-url]").forEach(function (box) {
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-role=text]");
    var error = box.querySelector("[data-role=error]");
    var download = box.querySelector("[data-role=download]");
    function running(state) {
      if (state.running !== undefined) return state.running;
      return state.status === "pending" || state.status === "running";
    }
    function update() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          bar.value = state.percent;
          bar.textContent = state.percent + "%";
          // Only a changed sentence goes into a live region, so it is not read out every poll.
          if (text && text.textContent !== state.text) text.textContent = state.text;
          if (error && state.error !== undefined && error.textContent !== state.error) error.textContent = state.error;
          if (download && state.download_url) {
            download.querySelector("a").href = state.download_url;
            download.hidden = false;
          }
          if (running(state)) {
            window.setTimeout(update, 2000);
          } else if (box.dataset.reloadWhenDone !== undefined) {
            window.location.reload();
          }
        })
        .catch(function () { window.setTimeout(update, 5000); });
    }
    window.setTimeout(update, 1000);
  });
})();
