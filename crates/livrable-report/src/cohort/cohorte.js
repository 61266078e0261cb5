// The class's table: each column header becomes a button that sorts the rows by that
// column (text in French order, numbers as numbers, statuses worst first), a second press
// the other way; aria-sort says the order to screen readers. Without JavaScript the
// table stays in name order.
(function () {
  "use strict";
  var table = document.getElementById("cohorte");
  if (!table) { return; }
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var label = table.getAttribute("data-sort-label") || "";
  function key(row, i) {
    var cell = row.cells[i];
    return cell ? (cell.getAttribute("data-sort") || "") : "";
  }
  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a && String(y) === b) { return x - y; }
    return a.localeCompare(b, document.documentElement.lang || "fr");
  }
  heads.forEach(function (th, i) {
    if (i === heads.length - 1) { return; }
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    if (label) { button.title = label; }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var c = compare(key(a, i), key(b, i));
        if (c === 0) { c = compare(key(a, 0), key(b, 0)); return c; }
        return ascending ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
