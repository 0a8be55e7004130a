// Live show/hide for spec forms. The server decides what is visible (the
// same expression evaluator that checks the submission); this script only
// asks it after each change. Without JavaScript the page still works: the
// server re-shows fields after "next".
(function () {
  "use strict";
  function refresh(form) {
    var url = form.getAttribute("data-visibility-url");
    if (!url || !window.fetch) { return; }
    var data = new FormData(form);
    form.querySelectorAll("input[type=file]").forEach(function (input) { data.delete(input.name); });
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer) { return; }
        var hidden = new Set(answer.hidden);
        form.querySelectorAll("[data-field]").forEach(function (box) {
          box.hidden = hidden.has(box.getAttribute("data-field"));
        });
      })
      .catch(function () { /* offline: the server checks on submit */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.spec-form[data-visibility-url]").forEach(function (form) {
      form.addEventListener("change", function () { refresh(form); });
    });
  });
})();
