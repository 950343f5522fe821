// The article page may come from a shared cache, so it carries nothing of one reader: no CSRF
// token, no timing token. When the reader starts on the form, fetch both from /comments/csrf/
// (the CSRF cookie and a signed "form opened at" time) and copy them into the form at submit.
(function () {
  "use strict";
  var form = document.querySelector("form.comment-form");
  if (!form) return;
  var csrfField = form.querySelector("input[data-csrf]");
  var issuedField = form.querySelector("input[data-issued]");
  var cookieName = form.getAttribute("data-csrf-cookie") || "csrftoken";
  var ready = null;

  function cookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return "";
  }

  function fetchTokens() {
    if (ready) return ready;
    ready = fetch(form.getAttribute("data-csrf-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) {
        if (issuedField && !issuedField.value && data.issued) issuedField.value = data.issued;
      })
      .catch(function () {});
    return ready;
  }

  // The timing starts when the reader starts on the form, not when the (perhaps cached) page was built.
  form.addEventListener("focusin", fetchTokens);
  form.addEventListener("input", fetchTokens);

  var sending = false;
  form.addEventListener("submit", function (event) {
    if (sending) {
      event.preventDefault(); // A double click sends the comment once.
      return;
    }
    event.preventDefault();
    sending = true;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetchTokens().then(function () {
      if (csrfField) csrfField.value = cookie(cookieName);
      form.submit();
    });
  });

  // Back from the next page (the browser's page cache): the form can be sent again.
  window.addEventListener("pageshow", function () {
    sending = false;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = false;
  });

  // "Reply" moves the form under the comment and records which comment it answers.
  var respond = document.getElementById("respond");
  var parentField = form.querySelector("input[name=parent]");
  var title = respond ? respond.querySelector("h2") : null;
  var cancel = respond ? respond.querySelector(".cancel-reply") : null;
  var home = respond ? respond.parentNode : null;
  var homeNext = respond ? respond.nextSibling : null;
  if (!respond || !parentField) return;

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-reply-to]") : null;
    if (link) {
      event.preventDefault();
      var item = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
      if (!item) return;
      item.appendChild(respond);
      parentField.value = link.getAttribute("data-reply-to");
      if (title) title.textContent = "Leave a Reply to " + link.getAttribute("data-reply-name");
      if (cancel) cancel.hidden = false;
      var body = form.querySelector("textarea");
      if (body) body.focus();
      return;
    }
    if (event.target.closest && event.target.closest("[data-cancel-reply]")) {
      event.preventDefault();
      home.insertBefore(respond, homeNext);
      parentField.value = "";
      if (title) title.textContent = "Leave a Reply";
      if (cancel) cancel.hidden = true;
    }
  });
})();
