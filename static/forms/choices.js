// Choice lists that depend on an earlier answer: a <select data-filter-by="track">
// shows only the options whose data-filter is the current answer to "track"
// (a radio group, a select or a text box on the same page). A chosen option that
// no longer belongs is cleared. The server checks the same rule (forms/dependent.py);
// without JavaScript every option shows and a wrong pair is refused there.
(function () {
  "use strict";

  function answer(form, name) {
    var fields = form.querySelectorAll('[name="' + name + '"]');
    if (!fields.length) return null; // answered on another page: the server decides
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) return field.value;
      } else {
        return field.value;
      }
    }
    return "";
  }

  function narrow(select) {
    var value = select.form ? answer(select.form, select.dataset.filterBy) : null;
    if (value === null) return;
    var options = select.querySelectorAll("option[data-filter]");
    for (var i = 0; i < options.length; i++) {
      var option = options[i];
      var shown = value !== "" && option.dataset.filter === value;
      option.hidden = !shown;
      option.disabled = !shown;
      if (!shown && option.selected) select.value = "";
    }
    var groups = select.querySelectorAll("optgroup");
    for (var j = 0; j < groups.length; j++) {
      groups[j].hidden = !groups[j].querySelector("option:not([hidden])");
    }
  }

  function narrowAll(root) {
    var selects = root.querySelectorAll("select[data-filter-by]");
    for (var i = 0; i < selects.length; i++) narrow(selects[i]);
  }

  document.addEventListener("change", function (event) {
    var name = event.target && event.target.name;
    if (!name || !event.target.form) return;
    var selects = event.target.form.querySelectorAll('select[data-filter-by="' + name + '"]');
    for (var i = 0; i < selects.length; i++) narrow(selects[i]);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { narrowAll(document); });
  } else {
    narrowAll(document);
  }
})();
