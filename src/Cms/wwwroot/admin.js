// Live Markdown preview for the admin's editor: as the text changes, the server renders it with
// the same safe renderer the public site uses (raw HTML off), and the result appears below the
// field. Without JavaScript the form's Preview button does the same in a round trip.
(function () {
  "use strict";
  var form = document.querySelector("form.editor");
  if (!form || !window.fetch) { return; }
  var token = form.querySelector("input[name=__RequestVerificationToken]");
  form.querySelectorAll("textarea[data-markdown]").forEach(function (area) {
    var output = document.createElement("div");
    output.className = "live-preview";
    output.setAttribute("aria-live", "polite");
    output.setAttribute("aria-label", "Live preview");
    area.insertAdjacentElement("afterend", output);
    var timer = null;
    var render = function () {
      var body = new FormData();
      body.append("__RequestVerificationToken", token ? token.value : "");
      body.append("markdown", area.value);
      fetch(window.location.pathname + "?handler=Render", { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { output.innerHTML = html; })
        .catch(function () { /* offline or signed out: the Preview button still works */ });
    };
    area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(render, 300); });
    render();
  });
})();

// Upload progress for large files (XLIFF imports): the form is sent with XMLHttpRequest so the
// bytes sent can be shown, then the server's answer replaces the page as a normal submit would.
// Without JavaScript the form submits as usual, only without the bar.
(function () {
  "use strict";
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    var bar = document.createElement("progress");
    var label = document.createElement("span");
    bar.max = 100;
    bar.hidden = true;
    label.setAttribute("aria-live", "polite");
    form.appendChild(bar);
    form.appendChild(label);
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action") || window.location.href);
      request.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        bar.hidden = false;
        bar.value = Math.round(e.loaded / e.total * 100);
        label.textContent = " " + bar.value + " % sent" + (bar.value === 100 ? ", checking every unit…" : "");
      });
      request.addEventListener("load", function () {
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () { label.textContent = " The upload failed; nothing was imported. Try again."; });
      request.send(data);
    });
  });
})();
