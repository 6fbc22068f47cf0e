// Small behaviours that keep templates free of inline script (the CSP forbids it).
(function () {
  "use strict";

  // <select data-autosubmit> submits its form when changed (the language switch).
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]") && event.target.form) {
      event.target.form.submit();
    }
  });

  // The skip link moves keyboard focus into the main landmark, not only the scroll position.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".skip-link");
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView();
    }
  });
})();
