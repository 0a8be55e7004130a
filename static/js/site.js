// Site-wide behaviour without inline handlers (the pages run under a
// Content Security Policy): selects marked data-autosubmit send their form
// on change; buttons marked data-once are disabled after the first click so
// a double tap submits once; forms whose page failed move focus to the
// error summary.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) {
      // data-autosubmit-drop="prefix": fields named so are not sent along
      // (the inbox's field filters belong to the process just left).
      var drop = select.getAttribute("data-autosubmit-drop");
      if (drop) {
        select.form.querySelectorAll("[name^='" + drop + "']").forEach(function (field) {
          field.disabled = true;
        });
      }
      select.form.submit();
    }
  });
  // Forms marked data-confirm="question" ask before they are sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.hasAttribute("data-once")) {
      // After the browser has read the button's name/value for this submit.
      window.setTimeout(function () { button.disabled = true; }, 0);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
