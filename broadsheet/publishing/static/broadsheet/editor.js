// The editor: live Markdown preview rendered by the server (the same renderer as the published
// page), and image upload that inserts the image with its caption at the cursor.
(function () {
  "use strict";
  const form = document.getElementById("post-editor");
  if (!form) return;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const source = document.getElementById("id_source");
  const preview = document.getElementById("live-preview");
  let timer = null;
  let sequence = 0;

  function refreshPreview() {
    const mine = ++sequence;
    const body = new FormData();
    body.append("source", source.value);
    fetch(form.dataset.previewUrl, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf },
    }).then(function (response) { return response.json(); }).then(function (data) {
      // The server sanitized this HTML with the same rules as the published page.
      if (mine === sequence) preview.innerHTML = data.html;
    }).catch(function () { preview.textContent = "Preview unavailable."; });
  }

  source.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refreshPreview, 250);
  });
  refreshPreview();

  // Leaving with changes not saved asks first (the browser's own "Leave site?" prompt);
  // saving, publishing or previewing through the form's buttons does not.
  let unsaved = false;
  form.addEventListener("input", function () { unsaved = true; });
  form.addEventListener("change", function () { unsaved = true; });
  form.addEventListener("submit", function () { unsaved = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = "";
  });

  function insertAtCursor(text) {
    const start = source.selectionStart, end = source.selectionEnd;
    const before = source.value.slice(0, start), after = source.value.slice(end);
    const lead = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
    source.value = before + lead + text + "\n\n" + after;
    source.selectionStart = source.selectionEnd = (before + lead + text).length + 2;
    source.dispatchEvent(new Event("input"));
  }

  const uploadButton = document.getElementById("upload-button");
  if (!uploadButton) return;
  uploadButton.addEventListener("click", function () {
    const file = document.getElementById("upload-file").files[0];
    const status = form.querySelector(".upload-status");
    if (!file) { status.textContent = "Choose an image first."; return; }
    const alt = document.getElementById("upload-alt").value;
    const caption = document.getElementById("upload-caption").value;
    const body = new FormData();
    body.append("file", file);
    body.append("alt", alt);
    body.append("caption", caption);
    status.textContent = "Uploading…";
    uploadButton.disabled = true;
    fetch(form.dataset.uploadUrl, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf },
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      uploadButton.disabled = false;
      if (!result.ok) { status.textContent = result.data.message || "Upload failed."; return; }
      const data = result.data;
      const safeAlt = alt.replace(/[\[\]]/g, "");
      const title = caption ? ' "' + caption.replace(/"/g, "'") + '"' : "";
      insertAtCursor("![" + safeAlt + "](" + data.url + title + ")");
      status.textContent = "Image inserted.";
      if (document.getElementById("upload-featured").checked) {
        document.getElementById("id_featured_image").value = data.id;
        const holder = form.querySelector(".featured-preview");
        const image = document.createElement("img");
        image.src = data.thumbnail;
        image.alt = data.alt;
        holder.replaceChildren(image);
      }
    }).catch(function () {
      uploadButton.disabled = false;
      status.textContent = "Upload failed.";
    });
  });
})();
