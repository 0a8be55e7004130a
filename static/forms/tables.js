// Add and remove table rows in the browser. Without JavaScript the same
// buttons post back and the server adds or removes the row.
(function () {
  "use strict";
  function renumber(box) {
    var name = box.getAttribute("data-table");
    var rows = box.querySelectorAll("tbody tr");
    var pattern = new RegExp("^(id_)?" + name + "-\\d+-");
    rows.forEach(function (row, index) {
      row.setAttribute("data-row", index);
      var number = row.cells[0].querySelector(".row-n") || row.cells[0];
      number.textContent = index + 1;
      row.querySelectorAll("[name], [id]").forEach(function (el) {
        ["name", "id"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && pattern.test(value)) {
            el.setAttribute(attr, value.replace(pattern, "$1" + name + "-" + index + "-"));
          }
        });
      });
      var remove = row.querySelector(".remove-row");
      if (remove) { remove.value = name + "-" + index; }
    });
    box.querySelector('input[name="' + name + '-rows"]').value = rows.length;
  }
  function addRow(box) {
    var body = box.querySelector("tbody");
    var copy = body.lastElementChild.cloneNode(true);
    copy.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") { el.checked = false; } else { el.value = ""; }
    });
    body.appendChild(copy);
    renumber(box);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".table-field .add-row, .table-field .remove-row");
    if (!button) { return; }
    var box = button.closest(".table-field");
    var rows = box.querySelectorAll("tbody tr").length;
    var max = parseInt(box.getAttribute("data-max-rows") || "0", 10);
    var min = Math.max(parseInt(box.getAttribute("data-min-rows") || "1", 10), 1);
    if (button.classList.contains("add-row")) {
      if (max && rows >= max) { return; }  // let the server say why
      event.preventDefault();
      addRow(box);
    } else if (rows > min) {
      event.preventDefault();
      button.closest("tr").remove();
      renumber(box);
    }
  });
})();
