// The words these scripts show come from the page (the layout writes them, in the admin's
// language, into #admin-text), so that the scripts speak as the page does.
var adminTexts = (function () {
  var source = document.getElementById("admin-text");
  try { return source ? JSON.parse(source.textContent) : {}; } catch (e) { return {}; }
})();
function adminText(name) { return adminTexts[name] || name; }

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
    output.setAttribute("aria-label", adminText("livePreview"));
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
        label.textContent = " " + adminText("sent").replace("{0}", bar.value) + (bar.value === 100 ? adminText("checkingUnits") : "");
      });
      request.addEventListener("load", function () {
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () { label.textContent = " " + adminText("importFailed"); });
      request.send(data);
    });
  });
})();

// Media uploads: several files, sent one after another so each has its own progress bar and its
// own answer (a refused file costs only itself). Without JavaScript the form posts all files at once.
(function () {
  "use strict";
  document.querySelectorAll("form[data-media-upload]").forEach(function (form) {
    var queue = document.createElement("ul");
    queue.className = "upload-queue";
    queue.setAttribute("aria-live", "polite");
    form.after(queue);
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!window.FormData || !window.XMLHttpRequest || !input.files.length) { return; }
      event.preventDefault();
      var files = Array.prototype.slice.call(input.files);
      var stored = 0;
      queue.textContent = "";
      var rows = files.map(function (file) {
        var li = document.createElement("li");
        var name = document.createElement("strong");
        var bar = document.createElement("progress");
        var text = document.createElement("span");
        name.textContent = file.name;
        bar.max = 100; bar.value = 0;
        text.textContent = adminText("waiting");
        li.append(name, bar, text);
        queue.appendChild(li);
        return { file: file, bar: bar, text: text, li: li };
      });
      var send = function (index) {
        if (index >= rows.length) {
          var done = document.createElement("li");
          var again = document.createElement("a");
          again.href = window.location.pathname;
          again.textContent = adminText("showLibrary");
          done.append(adminText("storedCount").replace("{0}", stored).replace("{1}", rows.length) + " ", again);
          queue.appendChild(done);
          input.value = "";
          return;
        }
        var row = rows[index];
        var data = new FormData(form);
        data.delete("uploads");
        data.append("uploads", row.file, row.file.name);
        var request = new XMLHttpRequest();
        request.open("POST", form.getAttribute("action") || window.location.pathname);
        request.setRequestHeader("Accept", "application/json");
        request.upload.addEventListener("progress", function (e) {
          if (!e.lengthComputable) { return; }
          row.bar.value = Math.round(e.loaded / e.total * 100);
          row.text.textContent = row.bar.value === 100 ? adminText("checking") : row.bar.value + " %";
        });
        request.addEventListener("load", function () {
          var result;
          try { result = JSON.parse(request.responseText)[0]; } catch (e) { result = null; }
          row.bar.value = 100;
          if (result && result.stored) {
            stored++;
            row.li.className = "ok";
            row.text.textContent = result.message + " ";
            var edit = document.createElement("a");
            edit.href = result.editUrl;
            edit.textContent = adminText("addTitles");
            row.text.appendChild(edit);
          } else {
            row.li.className = "error";
            row.text.textContent = result ? result.message : adminText("refused").replace("{0}", request.status);
          }
          send(index + 1);
        });
        request.addEventListener("error", function () {
          row.li.className = "error";
          row.text.textContent = adminText("uploadFailed");
          send(index + 1);
        });
        request.send(data);
      };
      send(0);
    });
  });
})();

// Media picker: filters the library's thumbnails as the editor types. Without JavaScript every choice shows.
(function () {
  "use strict";
  document.querySelectorAll("input[data-picker-filter]").forEach(function (input) {
    var items = input.parentNode.querySelectorAll("li[data-search]");
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      items.forEach(function (li) {
        var text = li.getAttribute("data-search");
        li.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  });
})();
