// Poll the analysis status (JSON) and move the progress bar; reload the page when it is finished.
(function () {
  const box = document.getElementById("gait-status");
  if (!box) return;
  const bar = document.getElementById("gait-bar");
  const label = document.getElementById("gait-state");
  const percent = document.getElementById("gait-percent");
  function poll() {
    fetch(box.dataset.statusUrl, {headers: {"Accept": "application/json"}}).then(r => r.json()).then(data => {
      bar.value = data.percent;
      percent.textContent = data.percent;
      label.textContent = data.label;
      if (data.done) { window.location.reload(); return; }
      setTimeout(poll, 1000);
    }).catch(() => setTimeout(poll, 3000));
  }
  setTimeout(poll, 500);
})();
