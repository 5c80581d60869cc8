// Phones: the measurement sections of the evaluation form start folded, except one with an error;
// wider screens show them all (care/evaluation_form.html).
if (window.matchMedia("(max-width: 767px)").matches) {
  document.querySelectorAll("#evaluation-form details.fold:not([data-has-error])").forEach(function (d) { d.open = false; });
}
