// The mailing's progress bar in the admin: refreshes its numbers every two seconds while
// the mailing sends. Without JavaScript the page shows the numbers of when it was loaded.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var url = box.getAttribute("data-progress-url");
  var number = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function show(name, text) {
    var field = box.querySelector('[data-field="' + name + '"]');
    if (field) field.textContent = text;
  }

  function update(progress) {
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.sent;
    bar.textContent = progress.sent + " / " + progress.total;
    show("sent", number.format(progress.sent));
    show("total", number.format(progress.total));
    show("failed", number.format(progress.failed));
    show("rate", String(progress.rate));
    show("time_left", progress.time_left);
    show("state", progress.state_label || progress.state);
    box.setAttribute("data-state", progress.state);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (progress) {
        update(progress);
        if (progress.state === "sending" || progress.state === "paused") {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }

  poll();
})();
