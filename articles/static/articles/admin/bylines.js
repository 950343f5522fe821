// The bylines inline: order by dragging a row by its handle (or with its ↑ ↓ buttons, from the
// keyboard); each row's "position" follows its place in the table when the form is saved.
(function () {
  "use strict";
  var dragged = null;

  function rows(tbody) {
    return Array.from(tbody.querySelectorAll("tr.form-row:not(.empty-form)"));
  }

  // Only rows with an author get a position: a number in an empty extra row would make Django
  // treat it as filled in, and ask for its author.
  function renumber(tbody) {
    var n = 0;
    rows(tbody).forEach(function (row) {
      var author = row.querySelector("select[name$='-author']");
      var position = row.querySelector("input[name$='-position']");
      if (author && position && author.value) {
        position.value = n;
        n += 1;
      }
    });
  }

  function button(label, text, move) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "byline-move";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", move);
    return b;
  }

  function equip(row, tbody) {
    if (row.dataset.bylineOrder || row.classList.contains("empty-form")) return;
    row.dataset.bylineOrder = "1";
    var cell = row.querySelector("td.field-position") || row.querySelector("td:last-child");
    var handle = document.createElement("span");
    handle.className = "byline-handle";
    handle.textContent = "⠿";
    handle.title = "Drag to change the order";
    // The row becomes draggable while the pointer is on its handle, before the button goes down:
    // Chromium decides at mousedown whether a drag can start, so setting it in the same mousedown
    // lost some drags. Off the handle the row is not draggable, so text in its fields stays selectable.
    handle.addEventListener("pointerenter", function () { row.draggable = true; });
    handle.addEventListener("mousedown", function () { row.draggable = true; });
    handle.addEventListener("pointerleave", function (event) { if (!event.buttons && dragged !== row) row.draggable = false; });
    cell.prepend(handle);
    cell.append(
      button("Move up", "↑", function () {
        var before = row.previousElementSibling;
        if (before && !before.classList.contains("empty-form")) before.before(row);
        renumber(tbody);
      }),
      button("Move down", "↓", function () {
        var after = row.nextElementSibling;
        if (after && !after.classList.contains("empty-form") && after.classList.contains("form-row")) after.after(row);
        renumber(tbody);
      })
    );
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("byline-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
    });
    row.addEventListener("dragend", function () {
      row.draggable = false;
      row.classList.remove("byline-dragging");
      dragged = null;
      renumber(tbody);
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) return;
      event.preventDefault();
      var box = row.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) row.before(dragged); else row.after(dragged);
    });
    row.addEventListener("drop", function (event) { event.preventDefault(); renumber(tbody); });
    var author = row.querySelector("select[name$='-author']");
    if (author) author.addEventListener("change", function () { renumber(tbody); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var group = document.getElementById("bylines-group");
    var tbody = group && group.querySelector("tbody");
    if (!tbody) return;
    rows(tbody).forEach(function (row) { equip(row, tbody); });
    document.addEventListener("formset:added", function (event) {
      if (event.detail && event.detail.formsetName === "bylines") equip(event.target, tbody);
    });
    var form = document.getElementById("article_form");
    if (form) form.addEventListener("submit", function () { renumber(tbody); });
  });
})();
