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
