// Small enhancements only; every page works without this file.
(function () {
  "use strict";
  // Elements marked data-autosubmit submit their form on change (the button stays as a fallback).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();

// Site banner: dismiss in place. Sets the same cookie as the no-script POST endpoint.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("[data-banner-dismiss]")) {
      return;
    }
    var key = form.elements.key ? form.elements.key.value : "";
    if (!/^\d{1,12}-\d{1,12}$/.test(key)) {
      return;
    }
    event.preventDefault();
    var secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = "banner_dismissed=" + key + "; path=/; max-age=31536000; samesite=lax" + secure;
    var banner = form.closest("[data-banner]");
    if (banner) {
      banner.hidden = true;
    }
    var main = document.getElementById("main");
    if (main) {
      main.focus();
    }
  });
})();

// Main menu: Escape closes it and returns focus to its button (it opens and closes without this).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var menu = document.querySelector("[data-site-menu][open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
