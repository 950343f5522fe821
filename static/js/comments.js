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
  // The page's words in its language, from the form's data-text-* attributes (templates translate them).
  function text(name, fallback) { return form.getAttribute(name) || fallback; }
  var ready = null;
  var issuedAt = 0; // when this page got its timing token (ms)
  var waitMs = 0; // the server's minimum time between opening the form and sending it

  function cookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return "";
  }

  // Resolves to true once the CSRF cookie and the timing token are in hand. A failed fetch is
  // forgotten, so the next attempt asks again instead of posting without them (which would file
  // the reader's comment as spam).
  function fetchTokens() {
    if (ready) return ready;
    ready = fetch(form.getAttribute("data-csrf-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) {
        if (issuedField && !issuedField.value && data.issued) {
          issuedField.value = data.issued;
          issuedAt = Date.now();
          waitMs = (data.wait || 0) * 1000 + 300;
        }
        var ok = Boolean(cookie(cookieName)) && (!issuedField || Boolean(issuedField.value));
        if (!ok) ready = null;
        return ok;
      })
      .catch(function () {
        ready = null;
        // A page shown again to this reader already carries both: it can be sent without the fetch.
        return Boolean(cookie(cookieName)) && (!issuedField || Boolean(issuedField.value));
      });
    return ready;
  }

  function showSendError() {
    var note = form.querySelector(".send-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "form-error send-error";
      note.setAttribute("role", "alert");
      var submitRow = form.querySelector(".form-submit") || form.lastElementChild;
      submitRow.parentNode.insertBefore(note, submitRow);
    }
    note.textContent = text("data-text-fetch-failed", "Your comment could not be sent: the site did not answer. Your text is still here; please try again in a moment.");
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
    fetchTokens().then(function (ok) {
      if (!ok) {
        sending = false;
        if (button) button.disabled = false;
        showSendError();
        return;
      }
      if (csrfField) csrfField.value = cookie(cookieName);
      var early = issuedAt ? issuedAt + waitMs - Date.now() : 0;
      if (early > 0 && button) button.textContent = text("data-text-sending", "Sending…");
      setTimeout(function () { form.submit(); }, Math.max(early, 0));
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
      if (title) title.textContent = text("data-text-reply-to", "Leave a Reply to %s").replace("%s", link.getAttribute("data-reply-name"));
      if (cancel) cancel.hidden = false;
      var body = form.querySelector("textarea");
      if (body) body.focus();
      return;
    }
    if (event.target.closest && event.target.closest("[data-cancel-reply]")) {
      event.preventDefault();
      home.insertBefore(respond, homeNext);
      parentField.value = "";
      if (title) title.textContent = text("data-text-reply", "Leave a Reply");
      if (cancel) cancel.hidden = true;
    }
  });
})();
