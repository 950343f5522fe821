// The article page may come from a shared cache, so it carries no reader's CSRF token.
// Fetch the reader's own cookie once, and copy it into the comment form when it is sent.
(function () {
  "use strict";
  var form = document.querySelector("form.comment-form");
  if (!form) return;
  var field = form.querySelector("input[data-csrf]");
  if (!field) return;

  function cookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return "";
  }

  var name = form.getAttribute("data-csrf-cookie") || "csrftoken";
  var ready = cookie(name)
    ? Promise.resolve()
    : fetch(form.getAttribute("data-csrf-url"), { credentials: "same-origin" }).catch(function () {});

  form.addEventListener("submit", function (event) {
    var token = cookie(name);
    if (token) {
      field.value = token;
      return;
    }
    event.preventDefault();
    ready.then(function () {
      field.value = cookie(name);
      form.submit();
    });
  });
})();
