// Small behaviours that keep templates free of inline script (the CSP forbids it).
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]")) {
    event.target.form.submit();
  }
});
