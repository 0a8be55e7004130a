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
        if (Array.isArray(answer.outcomes)) { showOutcomes(form, new Set(answer.outcomes)); }
      })
      .catch(function () { /* offline: the server checks on submit */ });
  }
  // A decision panel shows only the outcomes that apply to the answers
  // (`allowed_when`), and the reason where one does not.
  function showOutcomes(form, allowed) {
    form.querySelectorAll("[data-outcome]").forEach(function (node) {
      node.hidden = !allowed.has(node.getAttribute("data-outcome"));
    });
    form.querySelectorAll("[data-outcome-refusal]").forEach(function (node) {
      node.hidden = allowed.has(node.getAttribute("data-outcome-refusal"));
    });
  }
  // Pointing at an outcome marks the fields it needs.
  function markNeeds(form, button) {
    var needs = new Set((button ? button.getAttribute("data-needs") || "" : "").split(" ").filter(Boolean));
    form.querySelectorAll("[data-field]").forEach(function (box) {
      // An outline only: a change of size would move the button under the
      // pointer, and the mark would flicker on and off.
      box.classList.toggle("needed-by-outcome", needs.has(box.getAttribute("data-field")));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.spec-form[data-visibility-url]").forEach(function (form) {
      form.addEventListener("change", function () { refresh(form); });
      form.querySelectorAll("button[data-needs]").forEach(function (button) {
        ["mouseenter", "focus"].forEach(function (name) {
          button.addEventListener(name, function () { markNeeds(form, button); });
        });
        ["mouseleave", "blur"].forEach(function (name) {
          button.addEventListener(name, function () { markNeeds(form, null); });
        });
      });
    });
  });
})();
