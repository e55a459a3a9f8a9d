// Find your lawmakers: show results in place instead of loading a new page.
// Without this file the forms and links work as ordinary requests.
(function () {
  "use strict";
  var results = document.getElementById("lookup-results");
  if (!results || !window.fetch || !window.DOMParser || !window.FormData) {
    return;
  }

  function show(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("lookup-results");
    if (!fresh) {
      throw new Error("no results in the page");
    }
    results.innerHTML = fresh.innerHTML;
    var zip = document.getElementById("id_zip");
    var error = results.querySelector("#zip-error");
    if (zip) {
      if (error) {
        zip.setAttribute("aria-invalid", "true");
        zip.setAttribute("aria-describedby", "zip-error");
      } else {
        zip.removeAttribute("aria-invalid");
        zip.removeAttribute("aria-describedby");
      }
    }
    // Move focus to what needs doing next: the address field, or the first heading.
    var next = results.querySelector("#id_address") || results.querySelector(".results-heading");
    if (next) {
      next.focus();
    }
  }

  function load(url, options) {
    results.setAttribute("aria-busy", "true");
    return fetch(url, options)
      .then(function (response) {
        if (response.status >= 500) {
          throw new Error("server error");
        }
        return response.text();
      })
      .then(show)
      .finally(function () {
        results.removeAttribute("aria-busy");
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-lookup]")) {
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    var request;
    if (form.method.toLowerCase() === "post") {
      // The street address stays out of the URL and the history.
      request = load(form.action, { method: "POST", body: data, credentials: "same-origin" });
    } else {
      var url = form.action + "?" + new URLSearchParams(data).toString();
      request = load(url, { credentials: "same-origin" }).then(function () {
        window.history.pushState({ lookup: true }, "", url);
      });
    }
    request.catch(function () {
      form.submit();
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-lookup-link]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    load(link.href, { credentials: "same-origin" })
      .then(function () {
        window.history.pushState({ lookup: true }, "", link.href);
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });

  window.addEventListener("popstate", function () {
    load(window.location.href, { credentials: "same-origin" }).catch(function () {
      window.location.reload();
    });
  });
})();
