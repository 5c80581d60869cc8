// Upload each chosen or dropped file on its own, with a progress bar per file: first the
// upload itself, then the background import (polled until it is done).
(function () {
  const zone = document.getElementById("drop-zone");
  const input = document.getElementById("files");
  const list = document.getElementById("upload-list");
  if (!zone || !input || !list) return;
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;

  function row(name) {
    const li = document.createElement("li");
    li.className = "upload-row";
    li.innerHTML = '<span class="name break"></span> <progress max="100" value="0"></progress> <small class="state">Uploading</small>';
    li.querySelector(".name").textContent = name;
    list.prepend(li);
    return li;
  }
  function finish(li, text, ok) {
    li.querySelector("progress").value = 100;
    const state = li.querySelector(".state");
    state.textContent = text;
    li.dataset.result = ok ? "ok" : "error";
    if (!ok) state.setAttribute("role", "alert");
  }
  function poll(li, url) {
    fetch(url, {headers: {"Accept": "application/json"}}).then(r => r.json()).then(data => {
      li.querySelector("progress").value = Math.max(50, 50 + data.percent / 2);
      if (!data.done) { li.querySelector(".state").textContent = data.status_label; setTimeout(() => poll(li, url), 700); return; }
      finish(li, data.error ? data.status_label + ": " + data.error : data.status_label, data.status !== "failed");
      if (data.recover_url) li.appendChild(recoverForm(data.recover_url, data.recoverable_records));
    }).catch(() => setTimeout(() => poll(li, url), 2000));
  }
  function recoverForm(url, records) {
    // an unfinished watch file: the runner may import the records it holds (a normal form post)
    const form = document.createElement("form");
    form.method = "post";
    form.action = url;
    form.innerHTML = '<input type="hidden" name="csrfmiddlewaretoken"><button type="submit" class="secondary"></button>';
    form.querySelector("input").value = csrf;
    form.querySelector("button").textContent = "Import the " + records.toLocaleString() + " records it holds";
    return form;
  }
  function send(file) {
    const li = row(file.name);
    const form = new FormData();
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", zone.dataset.url);
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.upload.onprogress = e => { if (e.lengthComputable) li.querySelector("progress").value = e.loaded / e.total * 50; };
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {error: "The server did not answer (" + xhr.status + ")."}; }
      if (xhr.status !== 200) { finish(li, data.error || "Upload failed.", false); return; }
      li.querySelector(".state").textContent = "Waiting";
      poll(li, data.status_url);
    };
    xhr.onerror = () => finish(li, "Upload interrupted: check your connection and try again.", false);
    xhr.send(form);
  }
  input.addEventListener("change", () => { Array.from(input.files).forEach(send); input.value = ""; });
  ["dragenter", "dragover"].forEach(t => zone.addEventListener(t, e => { e.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach(t => zone.addEventListener(t, e => { e.preventDefault(); zone.classList.remove("over"); }));
  zone.addEventListener("drop", e => Array.from(e.dataTransfer.files).forEach(send));
})();
