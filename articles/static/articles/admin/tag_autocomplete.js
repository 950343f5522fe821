// Suggests existing tags for the word being typed in a comma-separated tag box.
(function () {
  "use strict";
  function attach(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "_suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var parts = input.value.split(",");
        var word = parts[parts.length - 1].trim();
        if (word.length < 1) { list.replaceChildren(); return; }
        var head = parts.slice(0, -1).map(function (p) { return p.trim(); }).filter(Boolean);
        fetch(input.dataset.tagSuggest + "?q=" + encodeURIComponent(word), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (name) {
              var option = document.createElement("option");
              var quoted = name.indexOf(",") >= 0 || name.indexOf(" ") >= 0 ? '"' + name + '"' : name;
              option.value = head.concat([quoted]).join(", ");
              return option;
            }));
          });
      }, 150);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-tag-suggest]").forEach(attach);
  });
})();
