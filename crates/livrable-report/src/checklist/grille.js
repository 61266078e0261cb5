// The evaluator's grid: keeps each criterion's decision and comment in this browser
// (localStorage, one entry per grid: candidate, rule pack and situations), shows them in
// the overview and in print, and exports them as CSV (UTF-8 with BOM, `;`, for a
// spreadsheet) or JSON. Without JavaScript the form still works and prints; only keeping
// and exporting need it.
(function () {
  "use strict";
  var grid = document.querySelector("[data-grid]");
  if (!grid) { return; }
  var data = grid.dataset;
  var key = "livrable-grille:" + data.pack + ":" + data.candidate + ":" + data.situations;
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  var saved = {};
  try { saved = JSON.parse((store && store.getItem(key)) || "{}") || {}; } catch (e) { saved = {}; }
  var sections = Array.prototype.slice.call(grid.querySelectorAll("[data-criterion]"));

  function read(section) {
    var checked = section.querySelector("input[type=radio]:checked");
    var comment = section.querySelector("textarea");
    return {
      criterion: section.dataset.criterion,
      status: section.dataset.status,
      status_label: section.dataset.label,
      decision: checked ? checked.value : "",
      comment: comment ? comment.value : ""
    };
  }

  function show(section) {
    var r = read(section);
    var cell = grid.querySelector("[data-decision-for=\"" + r.criterion + "\"]");
    if (cell) { cell.textContent = r.decision || "—"; }
    var mirror = section.querySelector(".comment-print");
    if (mirror) { mirror.textContent = r.comment; }
  }

  function save() {
    if (!store) { return; }
    var all = {};
    sections.forEach(function (s) {
      var r = read(s);
      if (r.decision || r.comment) { all[r.criterion] = { decision: r.decision, comment: r.comment }; }
    });
    try { store.setItem(key, JSON.stringify(all)); } catch (e) { /* full or refused: kept on the page only */ }
  }

  sections.forEach(function (s) {
    var v = saved[s.dataset.criterion];
    if (v) {
      Array.prototype.forEach.call(s.querySelectorAll("input[type=radio]"), function (input) {
        input.checked = input.value === v.decision;
      });
      var comment = s.querySelector("textarea");
      if (comment && typeof v.comment === "string") { comment.value = v.comment; }
    }
    show(s);
    s.addEventListener("change", function () { show(s); save(); });
    s.addEventListener("input", function () { show(s); save(); });
  });

  function rows() { return sections.map(read); }

  function csvField(value) {
    var text = String(value == null ? "" : value);
    return /[";\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  function download(name, type, text) {
    var blob = new Blob([text], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  var slug = (data.candidate || "grille").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "grille";
  var exports = {
    csv: function () {
      var head = (data.csvHeader || "candidate;date;criterion;status;decision;comment").split(";");
      var lines = [head.map(csvField).join(";")];
      rows().forEach(function (r) {
        lines.push([data.candidate, data.date, r.criterion, r.status_label, r.decision, r.comment].map(csvField).join(";"));
      });
      download("grille-" + slug + ".csv", "text/csv;charset=utf-8", "\uFEFF" + lines.join("\r\n") + "\r\n");
    },
    json: function () {
      var out = {
        candidate: data.candidate, date: data.date, pack: data.pack,
        situations: data.situations ? data.situations.split(",") : [],
        criteria: rows()
      };
      download("grille-" + slug + ".json", "application/json", JSON.stringify(out, null, 2) + "\n");
    }
  };
  Array.prototype.forEach.call(grid.querySelectorAll("[data-export]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { exports[button.dataset.export](); });
  });
  var tools = grid.querySelector(".tools");
  if (tools) { tools.hidden = false; }
})();
