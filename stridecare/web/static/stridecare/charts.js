// Charts (web/charts.py): a tap gives the bar or stretch of line the focus, so its value shows on
// phone browsers that do not focus a tapped SVG element by themselves.
document.addEventListener("click", (event) => {
  const point = event.target instanceof Element ? event.target.closest("svg.chart .pt") : null;
  if (point) point.focus();
});
