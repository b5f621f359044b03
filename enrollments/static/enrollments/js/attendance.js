// Attendance saved per tap without reloading the page. Without this script every button
// still submits its own form, so attendance works on any phone.
(function () {
  "use strict";
  var script = document.currentScript;
  var status = document.getElementById("attendance-status");
  document.querySelectorAll(".attendance-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) { return; }
      event.preventDefault();
      var data = new FormData(form);
      data.set("status", button.value);
      status.textContent = script.dataset.saving;
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) { throw new Error(script.dataset.failed); }
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (!result.ok) { throw new Error(result.body.error || script.dataset.failed); }
        form.querySelectorAll("button[name=status]").forEach(function (choice) {
          choice.setAttribute("aria-pressed", String(choice.value === result.body.status));
        });
        status.textContent = result.body.message;
      }).catch(function (error) {
        status.textContent = error.message && error.message !== "Failed to fetch" ? error.message : script.dataset.failed;
      });
    });
  });
})();
