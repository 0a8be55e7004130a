// The YAML editor: a line-number gutter kept in step with the textarea,
// error lines marked by the server, and links that jump to a line.
(function () {
  "use strict";
  var source = document.getElementById("source");
  var gutter = document.getElementById("gutter");
  if (!source || !gutter) return;
  var LINE = 20;
  var serverErrors = {};
  Array.prototype.forEach.call(gutter.querySelectorAll(".ln.error"), function (el) {
    serverErrors[el.dataset.line] = el.title;
  });

  function lineCount() { return source.value.split("\n").length; }

  function redraw() {
    var wanted = lineCount();
    var have = gutter.children.length;
    for (var n = have + 1; n <= wanted; n++) {
      var row = document.createElement("div");
      row.className = "ln" + (serverErrors[n] ? " error" : "");
      row.dataset.line = n;
      row.textContent = n;
      gutter.appendChild(row);
    }
    while (gutter.children.length > Math.max(wanted, 1)) gutter.removeChild(gutter.lastChild);
  }

  function sync() { gutter.scrollTop = source.scrollTop; }

  function goToLine(n) {
    var lines = source.value.split("\n");
    n = Math.max(1, Math.min(n, lines.length));
    var start = 0;
    for (var i = 0; i < n - 1; i++) start += lines[i].length + 1;
    source.focus();
    source.setSelectionRange(start, start + lines[n - 1].length);
    source.scrollTop = Math.max(0, (n - 5) * LINE);
    sync();
    Array.prototype.forEach.call(gutter.querySelectorAll(".ln.current"), function (el) { el.classList.remove("current"); });
    var row = gutter.querySelector('.ln[data-line="' + n + '"]');
    if (row) row.classList.add("current");
  }

  source.addEventListener("input", redraw);
  source.addEventListener("scroll", sync);
  source.addEventListener("keydown", function (event) {
    if (event.key === "Tab") {  // YAML is indented with spaces
      event.preventDefault();
      var s = source.selectionStart;
      source.setRangeText("  ", s, source.selectionEnd, "end");
      redraw();
    }
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      source.form.requestSubmit();
    }
  });

  var current = source.form.querySelector('input[name="file"]').value;
  Array.prototype.forEach.call(document.querySelectorAll("a.goto"), function (link) {
    link.addEventListener("click", function (event) {
      if (link.dataset.file === current) {
        event.preventDefault();
        goToLine(parseInt(link.dataset.line, 10));
        history.replaceState(null, "", "#L" + link.dataset.line);
      }
    });
  });
  redraw();
  var match = /^#L(\d+)$/.exec(location.hash);
  if (match) goToLine(parseInt(match[1], 10));
})();
