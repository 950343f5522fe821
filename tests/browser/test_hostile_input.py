"""
Hostile input in a real browser. Every string of the Big List of Naughty Strings goes in through
the forms people use: the comment form, and the admin's text fields that reach a public page, a
feed, a sitemap or JSON-LD (headline, standfirst, body, tags, byline role, correction; section,
author, sponsor and photo texts). Then every public surface is loaded in Chromium with a trap for
executed script (alert/confirm/prompt replaced by recorders before any page script, dialogs and
CSP violations recorded, the DOM searched for event-handler attributes, inline scripts and
javascript: addresses), and every feed and sitemap is parsed.

Expected: 0 executions, 0 server errors, 0 invalid XML.
"""

import json
import math
import time
import xml.etree.ElementTree as ET
from urllib.parse import quote

import feedparser
import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article, Section
from authors.models import Author
from comments.forms import issue_token
from comments.models import Comment, ModerationRules
from tests.browser.conftest import editor_group
from tests.conftest import image_bytes
from tests.shared_data import shared_file

pytestmark = pytest.mark.django_db(transaction=True)

NAUGHTY = json.loads(shared_file("testdata", "naughty-strings.json").read_text(encoding="utf-8"))
# Fields of an article, each given its own share of the strings.
ARTICLE_FIELDS = ["title", "standfirst", "body", "tags", "role", "correction"]
# Searches and tag pages are each one template whatever the string: a sample of each is loaded.
SEARCHES = 20
TAG_PAGES = 20

TRAP = """
(() => {
  const record = { calls: [], csp: [] };
  Object.defineProperty(window, "__hostile", { value: record });
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = function () { record.calls.push(name + "(" + Array.from(arguments).map(String).join(", ") + ")"); };
  }
  document.addEventListener("securitypolicyviolation", (e) => {
    record.csp.push(e.effectiveDirective + " blocked " + e.blockedURI + " " + (e.sample || ""));
  });
})();
"""

# Run in the page after load: what a payload would have left behind even where nothing ran.
INSPECT = """
() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase().replace(/[\\s\\x00-\\x1f]+/g, "");
      if (name.startsWith("on")) found.push(`${el.tagName} ${name}="${attr.value.slice(0, 60)}"`);
      if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(name) && /^(javascript|vbscript|data:text\\/html)/.test(value)) {
        found.push(`${el.tagName} ${name}="${attr.value.slice(0, 60)}"`);
      }
    }
    if (el.tagName === "SCRIPT" && !el.src && !["application/ld+json", "application/json"].includes(el.type)) {
      found.push("inline <script>: " + el.textContent.slice(0, 60));
    }
    if (["IFRAME", "OBJECT", "EMBED", "BASE", "META"].includes(el.tagName) && el.closest("main")) {
      found.push(`<${el.tagName.toLowerCase()}> inside the content`);
    }
  }
  return { calls: window.__hostile.calls, csp: window.__hostile.csp, found };
}
"""


class Hostile:
    """Puts the strings in through the site's forms over HTTP (Playwright's request context) and keeps score."""

    def __init__(self, live_server, browser_context):
        self.base = live_server.url
        self.http = browser_context.request
        self.context = browser_context
        self.server_errors = []
        self.refused = 0

    def csrf(self):
        return next(c["value"] for c in self.context.cookies() if c["name"] == "csrftoken")

    def post(self, path, form, multipart=None):
        data = {"csrfmiddlewaretoken": self.csrf(), **form}
        if multipart is not None:
            response = self.http.post(self.base + path, multipart={**data, **multipart}, max_redirects=0)
        else:
            response = self.http.post(self.base + path, form=data, max_redirects=0)
        if response.status >= 500:
            self.server_errors.append(f"POST {path}: {response.status}")
        elif response.status == 200 or response.status == 400:
            self.refused += 1  # the form came back with its errors: the input was refused, not lost
        return response

    def get(self, path):
        response = self.http.get(self.base + path, max_redirects=0)
        if response.status >= 500:
            self.server_errors.append(f"GET {path}: {response.status}")
        return response


def strings_for(count, offset):
    return [NAUGHTY[(offset + i) % len(NAUGHTY)] for i in range(count)]


def one_line(text, limit):
    """What fits a single-line field: the string with its line breaks as spaces, cut to the field's length."""
    return " ".join(text.split())[:limit] or "x"


def test_naughty_strings_everywhere_execute_nothing_break_nothing(live_server, browser_context, page, login, settings):
    settings.ALLOWED_HOSTS = ["*"]
    started = time.monotonic()
    editor = User.objects.create_user("ed", "ed@newsroom.example", password=None, is_staff=True, first_name="Ed")
    editor.groups.add(editor_group())
    login(editor)
    site = Hostile(live_server, browser_context)
    site.get("/admin/")  # the CSRF cookie for the admin forms
    # Saved, not updated: an earlier transactional browser test's flush may have removed the rules' row.
    rules = ModerationRules.load()
    for name, value in dict(hold_all=False, min_seconds=0, posts_per_minute=0, posts_per_hour=0,
                            hold_after_per_hour=0, max_links=100).items():
        setattr(rules, name, value)
    rules.save()

    # The desk's own texts, through the admin.
    sections = []
    for i, text in enumerate(strings_for(6, 0)):
        site.post("/admin/articles/section/add/", {"name": one_line(text, 100), "slug": f"section-{i}", "position": i,
                                                    "description": text})
    sections = list(Section.objects.values_list("pk", flat=True)) or [Section.objects.create(name="News", slug="news").pk]
    for i, (name, bio) in enumerate(zip(strings_for(6, 6), strings_for(6, 12))):
        site.post("/admin/authors/author/add/", {"name": one_line(name, 200), "slug": f"author-{i}", "bio": bio,
                                                  "title": one_line(bio, 200), "website": ""})
    authors = list(Author.objects.values_list("pk", flat=True)) or [Author.objects.create(name="A", slug="a").pk]
    for i, (name, about) in enumerate(zip(strings_for(3, 18), strings_for(3, 21))):
        site.post("/admin/sponsors/sponsor/add/", {"name": one_line(name, 200), "url": "https://sponsor.example/",
                                                    "description": about, "is_active": "on", "position": i})
    for i, (caption, credit) in enumerate(zip(strings_for(4, 24), strings_for(4, 28))):
        site.post("/admin/articles/photo/add/", {"caption": caption, "credit": one_line(credit, 200),
                                                  "alt_text": one_line(caption, 300)},
                  multipart={"image": {"name": f"p{i}.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(size=(640, 400))}})
    photos = list(Article._meta.get_field("photo").related_model.objects.values_list("pk", flat=True))

    # Every string in one article field, each article published through the admin.
    per_field = math.ceil(len(NAUGHTY) / len(ARTICLE_FIELDS))
    now = timezone.localtime()
    for k in range(per_field):
        value = {field: NAUGHTY[(j * per_field + k) % len(NAUGHTY)] for j, field in enumerate(ARTICLE_FIELDS)}
        site.post("/admin/articles/article/add/", {
            "title": f"{one_line(value['title'], 280)} #{k}", "slug": "", "section": sections[k % len(sections)],
            "standfirst": value["standfirst"][:600], "body": value["body"], "tags": value["tags"][:250],
            "photo": photos[k % len(photos)] if photos else "", "status": "draft", "allow_comments": "on",
            "published_at_0": "", "published_at_1": "", "is_featured": "", "front_position": "", "check_also": "",
            "sponsor": "", "_publish": "Publish now",
            "bylines-TOTAL_FORMS": "2", "bylines-INITIAL_FORMS": "0",
            "bylines-0-author": authors[k % len(authors)], "bylines-0-role": "", "bylines-0-position": "0",
            "bylines-1-author": authors[(k + 1) % len(authors)], "bylines-1-role": one_line(value["role"], 100),
            "bylines-1-position": "1",
            "corrections-TOTAL_FORMS": "1", "corrections-INITIAL_FORMS": "0", "corrections-0-kind": "correction",
            "corrections-0-text": value["correction"], "corrections-0-published_at_0": f"{now:%Y-%m-%d}",
            "corrections-0-published_at_1": f"{now:%H:%M:%S}",
        })
    articles = list(Article.objects.published().select_related("section"))
    assert len(articles) >= per_field * 0.8, f"only {len(articles)} of {per_field} stories were published"

    # Every string through the comment form, as a reader's browser posts it.
    browser_context.request.get(live_server.url + "/comments/csrf/")
    for i, text in enumerate(NAUGHTY):
        article = articles[i % len(articles)]
        site.post(f"/comments/post/{article.pk}/", {
            "name": one_line(text, 100), "email": f"reader{i}@example.com", "url": "", "body": text,
            "issued": issue_token(time.time() - 60), "homepage": "",
        })
    Comment.objects.exclude(status=Comment.Status.APPROVED).update(status=Comment.Status.APPROVED)
    assert Comment.objects.count() >= len(NAUGHTY) * 0.9
    filled = time.monotonic() - started

    # A few strings typed into the comment form in Chromium itself, as a reader would.
    page.add_init_script(TRAP)
    typed = [text for text in NAUGHTY if "<script" in text][:3]
    for text in typed:
        page.goto(live_server.url + articles[0].get_absolute_url())
        page.fill("#id_name", "Typed Reader")
        page.fill("#id_email", "typed@example.com")
        page.fill("#id_body", text)
        with page.expect_navigation():
            page.locator("#comments form button[type=submit], #comments form input[type=submit]").first.click()
    assert Comment.objects.filter(author_email="typed@example.com").count() == len(typed)
    Comment.objects.exclude(status=Comment.Status.APPROVED).update(status=Comment.Status.APPROVED)

    # The trap itself catches what it is there for: a call, and a handler that CSP blocked.
    page.goto(live_server.url + "/no/such/page/")
    page.evaluate("""() => { alert("self-test");
        const img = document.createElement("img"); img.setAttribute("onerror", "alert(2)"); img.src = "/x.png";
        document.querySelector("main").append(img); }""")
    page.wait_for_timeout(300)
    caught = page.evaluate(INSPECT)
    assert caught["calls"] == ["alert(self-test)"] and caught["found"] and caught["csp"], caught

    # Every public surface, in Chromium, with the trap set.
    dialogs, server_errors, findings = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.type} {dialog.message}"), dialog.dismiss()))
    page.on("response", lambda r: r.status >= 500 and server_errors.append(f"{r.status} {r.url}"))
    paths = ["/", "/?page=2", "/sponsors/", "/corrections/", f"/{now:%Y}/{now:%m}/", "/no/such/page/"]
    paths += [a.get_absolute_url() for a in articles]
    paths += [s.get_absolute_url() for s in Section.objects.all()]
    paths += [f"/author/{slug}/" for slug in Author.objects.with_published_articles().values_list("slug", flat=True)]
    tag_slugs = sorted(set(Article.objects.published().values_list("tags__slug", flat=True)) - {None, ""})
    paths += [f"/tag/{quote(slug)}/" for slug in tag_slugs[:: max(1, len(tag_slugs) // TAG_PAGES)]]
    paths += [f"/search/?q={quote(text)}" for text in NAUGHTY[:: max(1, len(NAUGHTY) // SEARCHES)]]
    for path in paths:
        page.console_errors.clear()
        page.goto(live_server.url + path, wait_until="load")
        result = page.evaluate(INSPECT)
        for kind in ("calls", "csp", "found"):
            findings += [f"{path}: {kind}: {item}" for item in result[kind]]
        findings += [f"{path}: console: {error}" for error in page.console_errors if "404" not in error]
        for block in page.locator('script[type="application/ld+json"]').all_text_contents():
            try:
                json.loads(block)
            except ValueError as error:
                findings.append(f"{path}: JSON-LD does not parse: {error}")

    # Every feed and sitemap, parsed.
    invalid_xml = []
    feeds = ["/feed/", "/feed/atom/", "/corrections/feed/"]
    feeds += [s.get_absolute_url() + "feed/" for s in Section.objects.all()]
    feeds += [s.get_absolute_url() + "feed/atom/" for s in Section.objects.all()]
    feeds += [f"/author/{slug}/feed/" for slug in Author.objects.with_published_articles().values_list("slug", flat=True)]
    feeds += [f"/tag/{quote(slug)}/feed/atom/" for slug in tag_slugs]
    sitemaps = ["/sitemap.xml", "/news-sitemap.xml"]
    index = site.get("/sitemap.xml")
    sitemaps += [loc.text.split(live_server.url, 1)[-1] for loc in ET.fromstring(index.body()).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    for path in feeds + sitemaps:
        response = site.get(path)
        try:
            ET.fromstring(response.body())
        except ET.ParseError as error:
            invalid_xml.append(f"{path}: {error}")
            continue
        if path in feeds:
            parsed = feedparser.parse(response.body())
            if parsed.bozo:
                invalid_xml.append(f"{path}: feedparser: {parsed.bozo_exception}")
    robots = site.get("/robots.txt")
    assert robots.status == 200

    report = (
        f"{len(NAUGHTY)} strings; {len(articles)} stories, {Comment.objects.count()} comments, {site.refused} inputs "
        f"refused by a form; {len(paths)} pages in Chromium, {len(feeds)} feeds, {len(sitemaps)} sitemaps; filled in "
        f"{filled:.0f} s, checked in {time.monotonic() - started - filled:.0f} s"
    )
    print("\n" + report)
    assert dialogs == [], "\n".join(dialogs)
    assert site.server_errors + server_errors == [], "\n".join(site.server_errors + server_errors)
    assert invalid_xml == [], "\n".join(invalid_xml)
    assert findings == [], f"{len(findings)} findings ({report}):\n" + "\n".join(findings[:80])
