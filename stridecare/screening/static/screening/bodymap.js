// Tapping a spot on the body map ticks the matching checkbox (which stays the accessible fallback).
(function () {
  const map = document.getElementById("body-map");
  if (!map) return;
  function box(id) { return document.querySelector('input[name="body_map"][value="' + id + '"]'); }
  function toggle(spot) {
    const input = box(spot.dataset.region);
    if (!input) return;
    input.checked = !input.checked;
    spot.classList.toggle("on", input.checked);
  }
  map.querySelectorAll(".spot").forEach(function (spot) {
    const input = box(spot.dataset.region);
    if (input && input.checked) spot.classList.add("on");
    spot.addEventListener("click", function () { toggle(spot); });
    spot.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(spot); } });
  });
  document.querySelectorAll('input[name="body_map"]').forEach(function (input) {
    input.addEventListener("change", function () {
      const spot = map.querySelector('.spot[data-region="' + input.value + '"]');
      if (spot) spot.classList.toggle("on", input.checked);
    });
  });
})();
