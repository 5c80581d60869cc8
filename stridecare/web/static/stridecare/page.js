// Site-wide behaviour that used to sit in inline scripts (the Content-Security-Policy allows
// scripts from this site only): focus the first form error summary (web/templates/_error_summary.html),
// on page load and after htmx swaps one in, unless one already has the focus.
(function () {
  function focusErrorSummary() {
    if (document.querySelector(".error-summary[data-focused]")) return;
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.setAttribute("data-focused", "1");
      summary.focus();
    }
  }
  focusErrorSummary();
  document.addEventListener("htmx:afterSettle", focusErrorSummary);
})();
