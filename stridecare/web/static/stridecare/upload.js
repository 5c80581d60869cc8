// Upload each chosen or dropped file on its own, with a progress bar per file for the upload
// itself; then the file's import job shows where it stands (the server's progress fragment,
// polled by htmx until it is done, failed or waiting to try again).
(function () {
  const zone = document.getElementById("drop-zone");
  const input = document.getElementById("files");
  const list = document.getElementById("upload-list");
  if (!zone || !input || !list) return;
  // The form is never sent as a whole: each file goes up on its own below.
  zone.closest("form").addEventListener("submit", function (event) { event.preventDefault(); });
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;

  function row(name) {
    const li = document.createElement("li");
    li.className = "upload-row";
    li.innerHTML = '<span class="name break"></span><div class="job job-running"><progress max="100" value="0"></progress> <small class="state">Uploading</small></div>';
    li.querySelector(".name").textContent = name;
    list.prepend(li);
    return li;
  }
  function refuse(li, text) {
    // the upload itself was refused: the same red look as a file that could not be imported
    const job = li.querySelector(".job");
    job.className = "job job-failed";
    job.innerHTML = '<p class="job-title"><span class="job-icon" aria-hidden="true">&#10005;</span> <strong>Not uploaded</strong></p><p class="job-reason" role="alert"></p>';
    job.querySelector(".job-reason").textContent = text;
  }
  function follow(li, url) {
    const job = li.querySelector(".job");
    job.setAttribute("hx-get", url);
    job.setAttribute("hx-trigger", "load");
    job.setAttribute("hx-swap", "outerHTML");
    job.querySelector(".state").textContent = "Uploaded; waiting to start";
    window.htmx.process(job);
  }
  function send(file) {
    const li = row(file.name);
    const form = new FormData();
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", zone.dataset.url);
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.upload.onprogress = e => { if (e.lengthComputable) li.querySelector("progress").value = e.loaded / e.total * 100; };
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {error: "The server did not answer (" + xhr.status + ")."}; }
      if (xhr.status !== 200) { refuse(li, data.error || "Upload failed."); return; }
      follow(li, data.progress_url);
    };
    xhr.onerror = () => refuse(li, "Upload interrupted: check your connection and try again.");
    xhr.send(form);
  }
  input.addEventListener("change", () => { Array.from(input.files).forEach(send); input.value = ""; });
  ["dragenter", "dragover"].forEach(t => zone.addEventListener(t, e => { e.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach(t => zone.addEventListener(t, e => { e.preventDefault(); zone.classList.remove("over"); }));
  zone.addEventListener("drop", e => Array.from(e.dataTransfer.files).forEach(send));
})();
