// Long pages for staff: on a phone, sections marked .fold start folded (except .keep ones, which
// hold something urgent); a link to something inside a folded section opens it.
(function () {
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (; el; el = el.parentElement) { if (el.tagName === "DETAILS") el.open = true; }
  }
  if (window.matchMedia("(max-width: 576px)").matches) {
    document.querySelectorAll("details.fold:not(.keep)").forEach(function (d) { d.open = false; });
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
})();
