// A <select data-autosubmit> submits its form when changed (the language switcher, the check-in session).
// A static file rather than onchange="…": the Content-Security-Policy allows no inline script.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});
