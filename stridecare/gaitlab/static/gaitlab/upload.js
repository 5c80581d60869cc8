// Check the chosen video in the browser (type, size) before anything is sent, then upload it with
// a progress bar and go to its report page, where the analysis progress is shown.
(function () {
  const form = document.getElementById("gait-upload");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const box = document.getElementById("gait-progress");
  const bar = box.querySelector("progress");
  const state = box.querySelector(".state");
  const error = document.getElementById("gait-error");
  const button = form.querySelector("button[type=submit]");
  const suffixes = input.dataset.suffixes.split(",");
  const types = ["video/mp4", "video/quicktime", "video/x-m4v", "video/webm"];

  function problem(file) {
    const name = file.name.toLowerCase();
    const okName = suffixes.some(s => name.endsWith(s));
    const okType = !file.type || types.includes(file.type);
    if (!okName || !okType) return file.name + ": not a video we can read. Choose an .mp4, .mov, .m4v or .webm video.";
    if (file.size === 0) return file.name + ": the file is empty.";
    if (file.size > parseInt(input.dataset.maxBytes, 10)) return file.name + ": " + (file.size / 1e6).toFixed(1) + " MB is more than the " + input.dataset.maxMb + " MB limit. Record 10-20 seconds, or trim the video.";
    return "";
  }
  function show(message) {
    error.textContent = message;
    error.hidden = !message;
  }
  input.addEventListener("change", () => { show(input.files.length ? problem(input.files[0]) : ""); });
  form.addEventListener("submit", event => {
    event.preventDefault();
    if (!input.files.length) { show("Choose a video first."); return; }
    const message = problem(input.files[0]);
    show(message);
    if (message) return;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = e => { if (e.lengthComputable) { bar.value = e.loaded / e.total * 100; state.textContent = "Uploading " + Math.round(bar.value) + "%"; } };
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {error: "The server did not answer (" + xhr.status + ")."}; }
      if (xhr.status !== 200) { box.hidden = true; button.disabled = false; show(data.error || "Upload failed."); return; }
      state.textContent = "Uploaded: starting the analysis";
      window.location.assign(data.report_url);
    };
    xhr.onerror = () => { box.hidden = true; button.disabled = false; show("Upload interrupted: check your connection and try again."); };
    box.hidden = false;
    button.disabled = true;
    xhr.send(new FormData(form));
  });
})();
