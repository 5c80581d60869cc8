// Guided single-leg balance self-test: a 30-second timer; "I touched down" stops it and writes
// the seconds into the chosen field.
(function () {
  const box = document.getElementById("balance-timer");
  if (!box) return;
  const select = box.querySelector("select"), shown = box.querySelector("output");
  const start = box.querySelector("[data-start]"), stop = box.querySelector("[data-stop]");
  let t0 = null, timer = null;
  function write(seconds) {
    const input = document.getElementById("id_" + select.value);
    if (input) input.value = Math.min(30, Math.round(seconds));
  }
  function end() {
    if (!t0) return;
    const s = (Date.now() - t0) / 1000;
    clearInterval(timer); t0 = null; write(s); shown.textContent = Math.min(30, s).toFixed(0) + " s";
  }
  start.addEventListener("click", function () {
    t0 = Date.now();
    timer = setInterval(function () {
      const s = (Date.now() - t0) / 1000;
      shown.textContent = s.toFixed(0) + " s";
      if (s >= 30) end();
    }, 200);
  });
  stop.addEventListener("click", end);
})();
