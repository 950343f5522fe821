// The article form, live: the body's word count and reading time (counted as articles/text.py does:
// Chinese and Japanese by character), length hints for the SEO title and meta description, and a
// preview of the article as a search result.
(function () {
  "use strict";
  var UNSPACED = /[\u3005\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/gu;
  var WORDS_PER_MINUTE = 230;
  var UNSPACED_PER_MINUTE = 400;
  var TITLE_ROOM = 60;
  var DESCRIPTION_ROOM = 155;

  function plainText(html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    doc.querySelectorAll("figure, table, script, style").forEach(function (node) { node.remove(); });
    doc.querySelectorAll("p, h2, h3, h4, li, blockquote, br").forEach(function (node) { node.after(" "); });
    return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
  }

  function count(text) {
    var characters = (text.match(UNSPACED) || []).length;
    var rest = text.replace(UNSPACED, " ").trim();
    var words = rest ? rest.split(/\s+/).filter(function (token) { return /[\p{L}\p{N}]/u.test(token); }).length : 0;
    return { words: words, characters: characters };
  }

  function readingMinutes(n) {
    return Math.max(1, Math.round(n.words / WORDS_PER_MINUTE + n.characters / UNSPACED_PER_MINUTE));
  }

  function note(field, className) {
    var row = field.closest(".form-row") || field.parentNode;
    var p = row.querySelector("." + className);
    if (!p) {
      p = document.createElement("p");
      p.className = "help " + className;
      p.setAttribute("aria-live", "polite");
      // Under the field, above its help text.
      var box = field.closest(".flex-container");
      if (box) box.after(p); else row.appendChild(p);
    }
    return p;
  }

  function lengthHint(field, room) {
    var p = note(field, "length-hint");
    function update() {
      var n = Array.from(field.value).length;
      p.textContent = n + " characters" + (n ? "" : " (empty: the page's own text is used)") +
        "; about " + room + " show in search results" + (n > room ? ": the rest is cut off." : ".");
      p.classList.toggle("length-over", n > room);
    }
    field.addEventListener("input", update);
    update();
  }

  function clipTo(text, room) {
    var chars = Array.from(text);
    return chars.length > room ? chars.slice(0, room - 1).join("").replace(/\s+\S*$/, "") + " …" : text;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("article_form");
    if (!form) return;
    var el = function (name) { return form.elements.namedItem(name); };
    var body = el("body");
    var stats = null;
    if (body) {
      stats = note(body, "body-length");
      var updateStats = function () {
        var n = count(plainText(body.value));
        var size = n.characters > n.words ? n.characters + " characters" : n.words + " words";
        if (n.characters && n.words && n.characters <= n.words) size += " and " + n.characters + " characters";
        if (n.words && n.characters > n.words) size += " and " + n.words + " words";
        stats.textContent = size + " · about " + readingMinutes(n) + " min read";
      };
      body.addEventListener("input", updateStats);
      updateStats();
    }
    var seoTitle = el("seo_title");
    var description = el("meta_description");
    if (!seoTitle || !description) return;
    lengthHint(seoTitle, TITLE_ROOM);
    lengthHint(description, DESCRIPTION_ROOM);

    var config = document.getElementById("autosave-config");
    var preview = document.createElement("div");
    preview.className = "serp-preview";
    preview.setAttribute("aria-label", "Search result preview");
    preview.innerHTML = '<p class="serp-heading">How a search engine may show it</p>' +
      '<p class="serp-url"></p><p class="serp-title"></p><p class="serp-description"></p>';
    description.closest(".form-row").after(preview);
    var siteName = (config && config.dataset.siteName) || "";
    var address = (config && config.dataset.address) || window.location.host + "/…";
    function updatePreview() {
      var title = seoTitle.value.trim() || (el("title") ? el("title").value.trim() : "");
      var text = description.value.trim() || (el("standfirst") ? el("standfirst").value.trim() : "") ||
        plainText(body ? body.value : "");
      preview.querySelector(".serp-url").textContent = address;
      preview.querySelector(".serp-title").textContent = clipTo(title + (siteName ? " – " + siteName : ""), TITLE_ROOM);
      preview.querySelector(".serp-description").textContent = clipTo(text, DESCRIPTION_ROOM);
    }
    ["title", "standfirst", "body", "seo_title", "meta_description"].forEach(function (name) {
      if (el(name)) el(name).addEventListener("input", updatePreview);
    });
    updatePreview();
  });
})();
