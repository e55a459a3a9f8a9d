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
