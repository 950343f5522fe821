// The article form keeps what is typed: autosave to the server (articles/autosave.py) with a visible
// "Saved at HH:MM", and a warning before leaving the form with changes that are not saved.
(function () {
  "use strict";
  var FIELDS = ["title", "standfirst", "body", "tags", "seo_title", "meta_description"];
  var EVERY_MS = 5000;

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Everything the form would post except files and the token: the yardstick of "changed".
  function snapshot(form) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") parts.push(name + "=" + value);
    });
    return parts.join("&");
  }

  function textOf(form) {
    var data = {};
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field) data[name] = field.value;
    });
    return data;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var config = document.getElementById("autosave-config");
    var form = document.getElementById("article_form");
    if (!config || !form) return;
    var url = config.dataset.url;
    var localKey = "newsroom-autosave:" + url;
    var status = document.getElementById("autosave-status");
    // The yardstick is taken once the admin's own scripts have set the form up (select boxes, the
    // body editor), and only what the user does counts: a widget that rewrites a value is no change.
    var loaded = snapshot(form);
    var touched = false;
    window.addEventListener("load", function () { setTimeout(function () { loaded = snapshot(form); }, 0); });
    ["input", "change", "keydown", "paste", "drop"].forEach(function (type) {
      form.addEventListener(type, function (event) { if (event.isTrusted) touched = true; }, true);
    });
    // A restored text is not saved yet, though the form shows it from the start.
    var restored = config.dataset.restored === "1";
    var lastSent = JSON.stringify(textOf(form));
    var submitting = false;
    var leaving = false;
    var sending = false;

    function say(text, problem) {
      status.textContent = text;
      status.classList.toggle("autosave-problem", Boolean(problem));
    }

    function dirty() {
      return restored || (touched && snapshot(form) !== loaded);
    }

    function post(data, extra, keepalive) {
      var body = new FormData();
      Object.keys(data).forEach(function (name) { body.append(name, data[name]); });
      Object.keys(extra || {}).forEach(function (name) { body.append(name, extra[name]); });
      return fetch(url, {
        method: "POST", body: body, credentials: "same-origin", redirect: "manual", keepalive: Boolean(keepalive),
        headers: { "X-CSRFToken": cookie("csrftoken"), "X-Requested-With": "XMLHttpRequest" },
      });
    }

    function keepLocally(data) {
      try {
        localStorage.setItem(localKey, JSON.stringify({ data: data, at: Date.now() }));
      } catch (error) { /* private mode or full: the warning on leaving still stands */ }
    }

    // Only when the text changed since the last autosave: an idle tab sends nothing, so it cannot keep
    // a staff session alive (staff/middleware.py ends it after STAFF_IDLE_MINUTES without a request).
    function autosave() {
      if (sending || submitting) return;
      var data = textOf(form);
      var json = JSON.stringify(data);
      if (json === lastSent) return;
      sending = true;
      post(data).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 302 || response.status === 403) {
          keepLocally(data);
          say("Not autosaved: you were signed out. Your text is kept in this browser; sign in again in another tab, " +
              "then save. It is offered back when you open this article again.", true);
          return;
        }
        if (!response.ok) throw new Error(response.status);
        return response.json().then(function (answer) {
          lastSent = json;
          try { localStorage.removeItem(localKey); } catch (error) { /* nothing kept */ }
          say("Saved at " + answer.saved_at + " (autosave; not published until you save)");
        });
      }).catch(function () {
        keepLocally(data);
        say("Not autosaved: no connection to the server. Your text is kept in this browser.", true);
      }).then(function () { sending = false; });
    }

    // Text kept in this browser while the session had ended goes to the server, and is offered back.
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(localKey) || "null"); } catch (error) { kept = null; }
    if (kept && kept.data && !restored) {
      post(kept.data, { written_at: String(kept.at) }).then(function (response) {
        if (!response.ok) return;
        localStorage.removeItem(localKey);
        if (!document.getElementById("autosave-offer")) window.location.reload();
      });
    }

    setInterval(autosave, EVERY_MS);
    form.addEventListener("submit", function () { submitting = true; });
    // A closed tab: what was typed since the last autosave goes too.
    window.addEventListener("pagehide", function () {
      if (submitting) return;
      var data = textOf(form);
      if (JSON.stringify(data) !== lastSent) {
        keepLocally(data);
        post(data, {}, true);
      }
    });

    window.addEventListener("beforeunload", function (event) {
      if (submitting || leaving || !dirty()) return;
      event.preventDefault();
      event.returnValue = "";
    });

    // Links that leave the form (breadcrumbs, menus, History...): ask first. Links that open a
    // pop-up or a new tab, or act inside the form, leave nothing behind.
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[href]");
      if (!link || event.defaultPrevented || link.target || link.getAttribute("href").charAt(0) === "#") return;
      if (link.closest(".related-widget-wrapper, .add-row, .inline-deletelink, .autosave-offer, .datetimeshortcuts")) return;
      if (!dirty()) return;
      if (window.confirm("This article has changes that are not saved. Leave the page and lose them?")) {
        leaving = true;
      } else {
        event.preventDefault();
      }
    });

    var discard = document.querySelector("[data-autosave-discard]");
    if (discard) {
      discard.addEventListener("click", function () {
        post({}, { discard: "1" }).then(function () {
          document.getElementById("autosave-offer").remove();
          say("The autosaved text was discarded.");
        });
      });
    }
  });
})();
