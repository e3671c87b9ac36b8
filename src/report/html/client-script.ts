/**
 * The page's only script: progressive enhancement of the static tables. Without it every row
 * shows and the filter forms stay hidden. It reads the DOM the server rendered (the same escaped
 * text), never builds HTML from strings, and so cannot reintroduce markup from the data.
 * Plain ES2017 in a string: the page must not depend on how claro itself was compiled.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var rowsOf = function (table) { return Array.prototype.slice.call(table.tBodies[0].rows); };
  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v === null ? cell.textContent.trim().toLowerCase() : v;
  }
  function sortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    each(heads, function (th, index) {
      if (!th.hasAttribute("data-sort-type")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var next = now === "none" ? (th.getAttribute("data-sort-first") || "ascending") : now === "ascending" ? "descending" : "ascending";
        each(heads, function (h) { if (h.hasAttribute("data-sort-type")) h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", next);
        var numeric = th.getAttribute("data-sort-type") === "number";
        var dir = next === "ascending" ? 1 : -1;
        var rows = rowsOf(table).map(function (row, i) { return { row: row, key: key(row, index), i: i }; });
        rows.sort(function (a, b) {
          var c = numeric ? Number(a.key) - Number(b.key) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
          return c * dir || a.i - b.i;
        });
        var body = table.tBodies[0];
        rows.forEach(function (r) { body.appendChild(r.row); });
      });
    });
  }
  function filters(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) return;
    var status = document.getElementById(form.getAttribute("data-status"));
    var noun = form.getAttribute("data-noun") || "rows";
    var controls = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));
    function apply() {
      var rows = rowsOf(table);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = controls.every(function (c) {
          var attr = c.getAttribute("data-filter");
          var op = c.getAttribute("data-op") || "eq";
          if (op === "search") {
            var q = c.value.trim().toLowerCase();
            return q === "" || row.textContent.toLowerCase().indexOf(q) !== -1;
          }
          if (op === "flag") return !c.checked || row.getAttribute(attr) === "true";
          if (c.value === "") return true;
          if (op === "min") return Number(row.getAttribute(attr)) >= Number(c.value);
          return row.getAttribute(attr) === c.value;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (status) status.textContent = "Showing " + shown + " of " + rows.length + " " + noun + ".";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }
  each(document.querySelectorAll("table[data-sortable]"), sortable);
  each(document.querySelectorAll("form.filters"), filters);
  var data = document.getElementById("claro-data");
  var download = document.getElementById("download-json");
  if (data && download && window.Blob && window.URL) {
    download.href = URL.createObjectURL(new Blob([data.textContent], { type: "application/json" }));
    download.hidden = false;
  }
})();
`;
