"""
`manage.py import_wordpress` on WordPress's own theme unit test export, a real file. Every expected
number is counted from the XML here, with ElementTree, not taken from the importer.
"""

import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
import time_machine
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image
from taggit.models import Tag, TaggedItem

from articles.models import Article, Byline, Photo, Section
from authors.models import Author
from comments.models import Comment
from tests.shared_data import shared_file
from wpimport.models import WordPressItem

pytestmark = pytest.mark.django_db

EXPORT = shared_file("testdata", "wordpress-theme-unit-test.xml")

NS = {
    "wp": "https://wordpress.org/export/1.2/",
    "excerpt": "https://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
STATUS = {"publish": "published", "future": "published", "draft": "draft", "pending": "review", "private": "draft"}
COMMENT_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif"}
MODELS = [Author, Section, Tag, TaggedItem, Article, Byline, Photo, Comment, FlatPage, Redirect, WordPressItem]


def wp(elem, name):
    return (elem.findtext(name, namespaces=NS) or "").strip()


def meta(item, key):
    for pm in item.findall("wp:postmeta", NS):
        if wp(pm, "wp:meta_key") == key:
            return wp(pm, "wp:meta_value")
    return ""


class Export:
    """The theme unit test export, read independently of the importer."""

    def __init__(self, path):
        self.channel = ET.parse(path).getroot().find("channel")
        self.items = self.channel.findall("item")
        self.posts = [i for i in self.items if wp(i, "wp:post_type") == "post"]
        self.imported_posts = self.posts  # every one, untitled ones too
        self.untitled_posts = [i for i in self.posts if not (i.findtext("title") or "").strip()]
        self.pages = [i for i in self.items if wp(i, "wp:post_type") == "page" and wp(i, "wp:status") == "publish"]
        self.all_pages = [i for i in self.items if wp(i, "wp:post_type") == "page"]
        self.attachments = [i for i in self.items if wp(i, "wp:post_type") == "attachment"]
        self.images = [a for a in self.attachments if self.upload_path(a).suffix.lower() in IMAGE_SUFFIXES]
        self.categories = self.channel.findall("wp:category", NS)
        self.declared_tags = self.channel.findall("wp:tag", NS)
        self.authors = self.channel.findall("wp:author", NS)

    @staticmethod
    def upload_path(attachment):
        return PurePosixPath(urlsplit(wp(attachment, "wp:attachment_url")).path.lstrip("/"))

    def comments(self, items, types=("", "comment")):
        return [(i, c) for i in items for c in i.findall("wp:comment", NS) if wp(c, "wp:comment_type") in types]

    def tag_names(self):
        names = {wp(t, "wp:tag_name").lower() for t in self.declared_tags}
        declared_slugs = {wp(t, "wp:tag_slug") for t in self.declared_tags}
        for item in self.imported_posts:
            for c in item.findall("category"):
                if c.get("domain") == "post_tag" and c.get("nicename") not in declared_slugs:
                    names.add(c.text.strip().lower())
        slugs = declared_slugs | {c.get("nicename") for i in self.imported_posts for c in i.findall("category")
                                  if c.get("domain") == "post_tag"}
        for item in self.imported_posts:
            for nicename, name in self.other_categories(item):
                if nicename not in slugs:
                    names.add(name.lower())
        return names

    def categories_of(self, item):
        return [(c.get("nicename"), c.text.strip()) for c in item.findall("category") if c.get("domain") == "category"]

    def section_of(self, item):
        """The category that is the post's section: Yoast's primary, else the first that is not “uncategorized”."""
        categories = [n for n, _ in self.categories_of(item)]
        primary = meta(item, "_yoast_wpseo_primary_category")
        by_id = {wp(c, "wp:term_id"): wp(c, "wp:category_nicename") for c in self.categories}
        if by_id.get(primary) in categories:
            return by_id[primary]
        return next((n for n in categories if n != "uncategorized"), categories[0] if categories else None)

    def other_categories(self, item):
        section = self.section_of(item)
        return [(n, name) for n, name in self.categories_of(item) if n not in (section, "uncategorized")]

    def item(self, wp_id):
        return next(i for i in self.items if wp(i, "wp:post_id") == str(wp_id))


@pytest.fixture(scope="session")
def export():
    return Export(EXPORT)


@pytest.fixture
def media_dir(tmp_path_factory, export):
    """A stand-in for wp-content/uploads: a small real image at each attachment's path."""
    root = tmp_path_factory.mktemp("uploads")
    for attachment in export.images:
        path = root / export.upload_path(attachment)
        path.parent.mkdir(parents=True, exist_ok=True)
        fmt = {".png": "PNG", ".gif": "GIF"}.get(path.suffix.lower(), "JPEG")
        Image.new("RGB", (48, 32), (40, 80, 120)).save(path, fmt)
    return root


def run_import(path=EXPORT, *args):
    out = io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, verbosity=0)
    return out.getvalue()


@pytest.fixture
def imported(media_dir):
    return run_import(EXPORT, "--media-dir", str(media_dir))


def by_wp_id(kind, model):
    ids = dict(WordPressItem.objects.filter(kind=kind).values_list("wp_id", "object_id"))
    objects = model.objects.in_bulk(ids.values())
    return {wp_id: objects.get(pk) for wp_id, pk in ids.items()}


def snapshot():
    return {model.__name__: sorted(model.objects.values_list(), key=repr) for model in MODELS}


def table_row(report, kind):
    """created, updated, unchanged, skipped for one kind, from the report's table."""
    line = next(line for line in report.splitlines() if line.split()[:1] == [kind])
    return [int(n) for n in line.split()[1:]]


def test_counts_of_every_kind_match_the_export(imported, export):
    no_category = any(not [c for c in i.findall("category") if c.get("domain") == "category"] for i in export.imported_posts)
    assert Author.objects.count() == len(export.authors)
    assert Section.objects.count() == len(export.categories) + (1 if no_category else 0)
    assert Tag.objects.count() == len(export.tag_names())
    assert Article.objects.count() == len(export.imported_posts)
    assert Photo.objects.count() == len(export.images)
    assert FlatPage.objects.count() == len(export.pages)
    assert Comment.objects.count() == len(export.comments(export.imported_posts))
    assert len(export.posts) == 58
    assert table_row(imported, "articles") == [58, 0, 0, 0]
    pingbacks = len(export.comments(export.items, types=("pingback",)))
    trackbacks = len(export.comments(export.items, types=("trackback",)))
    menu_items = sum(1 for i in export.items if wp(i, "wp:post_type") == "nav_menu_item")
    assert f"pingbacks: {pingbacks}" in imported
    assert f"trackbacks: {trackbacks}" in imported
    assert f"navigation menu items: {menu_items}" in imported


def test_every_comment_on_posts_and_pages_is_accounted_for(imported, export):
    on_posts = export.comments(export.posts)
    on_pages = export.comments(export.all_pages)
    assert on_pages, "the theme unit test has comments on pages"
    assert Comment.objects.count() == len(on_posts)
    # Comments on pages are kept in the page's text (flat pages take no comments): approved ones
    # shown, the others reported as skipped; nothing is silently dropped.
    created, _, _, skipped = table_row(imported, "comments")
    assert created + skipped == len(on_posts) + len(on_pages)
    for page, c in on_pages:
        flat = by_wp_id("page", FlatPage).get(wp(page, "wp:post_id"))
        first_line = " ".join(re.sub(r"<[^>]+>", " ", wp(c, "wp:comment_content")).split()[:4])
        if wp(c, "wp:comment_approved") == "1" and flat is not None:
            text = " ".join(re.sub(r"<[^>]+>", " ", flat.content).split())
            assert wp(c, "wp:comment_author") in text and first_line in text.replace("&amp;", "&")
    assert f"comments: on a page: kept in the page's text, under “Comments”: {created - len(on_posts)}" in imported


def test_untitled_post_comes_across_with_a_headline_from_its_first_words(imported, export, client):
    untitled = [wp(i, "wp:post_id") for i in export.untitled_posts]
    assert untitled
    assert f"articles: no title: headline made from its first words: {len(untitled)} ({', '.join(untitled)})" in imported
    articles = by_wp_id("post", Article)
    for wp_id in untitled:
        item, article = export.item(wp_id), articles[wp_id]
        words = re.sub(r"<[^>]+>", " ", item.findtext("content:encoded", namespaces=NS)).split()
        assert article.title.rstrip("…").split() == words[: len(article.title.rstrip("…").split())]
        assert 2 <= len(article.title.split()) <= 10
        assert article.status == "published"
        assert client.get(article.get_absolute_url()).status_code == 200


def test_statuses_dates_slugs_and_standfirsts_come_from_the_posts(imported, export):
    articles = by_wp_id("post", Article)
    for item in export.imported_posts:
        article = articles[wp(item, "wp:post_id")]
        expected = "draft" if wp(item, "wp:post_password") else STATUS[wp(item, "wp:status")]
        assert article.status == expected, article.title
        if wp(item, "wp:post_name"):
            assert article.slug == unquote(wp(item, "wp:post_name"))
        if expected == "published":
            when = datetime.strptime(wp(item, "wp:post_date_gmt"), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            assert article.published_at == when
    defined = articles[wp(export.item(993), "wp:post_id")]
    assert defined.standfirst.startswith("This is a user-defined post excerpt.")


def test_scheduled_post_goes_live_at_its_wordpress_time(imported, export):
    scheduled = [i for i in export.posts if wp(i, "wp:status") == "future"]
    assert len(scheduled) == 1
    when = datetime.strptime(wp(scheduled[0], "wp:post_date_gmt"), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    article = by_wp_id("post", Article)[wp(scheduled[0], "wp:post_id")]
    assert (article.status, article.published_at) == ("published", when)
    with time_machine.travel(when.replace(year=when.year - 1)):
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(when.replace(minute=when.minute + 1)):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_sticky_post_is_pinned_on_the_front_page(imported, export):
    sticky = {wp(i, "wp:post_id") for i in export.imported_posts if wp(i, "wp:is_sticky") == "1"}
    assert sticky
    articles = by_wp_id("post", Article)
    pinned = {wp_id for wp_id, a in articles.items() if a.is_featured}
    assert pinned == sticky
    assert sorted(articles[w].front_position for w in sticky) == list(range(1, len(sticky) + 1))


def test_authors_keep_their_email_private_and_bylines_follow_the_creator(imported, export):
    for record in export.authors:
        author = Author.objects.get(name=wp(record, "wp:author_display_name"))
        assert author.email == wp(record, "wp:author_email")
        assert author.user is None
    articles = by_wp_id("post", Article)
    for item in export.imported_posts:
        login = item.findtext("dc:creator", namespaces=NS).strip().lstrip(">")
        display = next(wp(a, "wp:author_display_name") for a in export.authors if wp(a, "wp:author_login") == login)
        assert [a.name for a in articles[wp(item, "wp:post_id")].ordered_authors] == [display]


def test_category_tree_becomes_nested_sections(imported, export):
    sections = by_wp_id("category", Section)
    nicenames = {wp(c, "wp:category_nicename"): wp(c, "wp:term_id") for c in export.categories}
    nested = 0
    for category in export.categories:
        section = sections[wp(category, "wp:term_id")]
        assert section.name == wp(category, "wp:cat_name")
        parent = wp(category, "wp:category_parent")
        if parent:
            nested += 1
            assert section.parent == sections[nicenames[parent]]
        else:
            assert section.parent is None
    assert nested > 0
    assert Section.objects.filter(path="parent-category/child-category-03/grandchild-category").exists()


def test_tags_are_attached_to_their_articles(imported, export):
    articles = by_wp_id("post", Article)
    for item in export.imported_posts:
        expected = {c.text.strip().lower() for c in item.findall("category") if c.get("domain") == "post_tag"}
        # The categories besides the one that is the section are tags too.
        expected |= {name.lower() for _, name in export.other_categories(item)}
        # A tag declared twice under the same name is one tag.
        got = {t.name.lower() for t in articles[wp(item, "wp:post_id")].tags.all()}
        assert got == expected


def test_comments_keep_status_threading_and_commenter_details(imported, export):
    comments = by_wp_id("comment", Comment)
    threaded = 0
    for item, c in export.comments(export.imported_posts):
        comment = comments[wp(c, "wp:comment_id")]
        assert comment.status == COMMENT_STATUS[wp(c, "wp:comment_approved")]
        assert comment.author_name == wp(c, "wp:comment_author")
        assert comment.author_email == wp(c, "wp:comment_author_email")
        assert comment.author_url == wp(c, "wp:comment_author_url")
        assert comment.created_at == datetime.strptime(wp(c, "wp:comment_date_gmt"), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        assert comment.article_id == WordPressItem.objects.get(kind="post", wp_id=wp(item, "wp:post_id")).object_id
        parent = wp(c, "wp:comment_parent")
        if parent and parent != "0":
            threaded += 1
            assert comment.parent == comments[parent]
        else:
            assert comment.parent is None
    assert threaded > 0
    # Bodies are plain text: the commenter's tags are gone, what they wrote as text (&lt;cite&gt;) stays.
    body = comments["881"].body
    assert body.startswith("Headings\nHeader one\nHeader two")
    assert "<strong>" not in body and "the <cite> element" in body


def test_featured_images_become_photos_with_alt_text(imported, export):
    articles = by_wp_id("post", Article)
    photos = by_wp_id("attachment", Photo)
    featured = [i for i in export.imported_posts if meta(i, "_thumbnail_id")]
    assert featured
    for item in featured:
        thumbnail = meta(item, "_thumbnail_id")
        assert articles[wp(item, "wp:post_id")].photo == photos[thumbnail]
        attachment = export.item(thumbnail)
        photo = photos[thumbnail]
        assert photo.alt_text == (meta(attachment, "_wp_attachment_image_alt") or wp(attachment, "title"))
        assert photo.caption == " ".join((attachment.findtext("excerpt:encoded", namespaces=NS) or "").split())
        assert default_storage.exists(photo.image.name)
        assert (photo.width, photo.height) == (48, 32)


def test_without_media_dir_no_photo_is_made_and_the_report_says_why(export):
    report = run_import(EXPORT)
    assert Photo.objects.count() == 0
    assert f"no --media-dir or --fetch-media given: {len(export.images)}" in report


OLD_HOST = "https://wpthemetestdata.files.wordpress.com"


def body_images():
    return [src for body in Article.objects.values_list("body", flat=True) for src in re.findall(r'<img [^>]*src="([^"]*)"', body)]


def attachment_paths(export):
    """What the theme data's attachments are called on the old host, and their resized copies' names."""
    return {urlsplit(wp(a, "wp:attachment_url")).path for a in export.images}


def old_images_in_export(export):
    """The <img> addresses of imported posts that name an attachment, as it is or a resized copy of it."""
    paths = attachment_paths(export)
    srcs = []
    for item in export.imported_posts:
        if wp(item, "wp:status") not in STATUS:
            continue
        for src in re.findall(r'<img [^>]*src="([^"]*)"', item.findtext("content:encoded", namespaces=NS) or ""):
            path = urlsplit(src).path
            if src.startswith(OLD_HOST) and (path in paths or re.sub(r"-\d+x\d+(?=\.\w+$)", "", path) in paths):
                srcs.append(src)
    return srcs


def gallery_images(export):
    """How many pictures the posts' [gallery] shortcodes show: the attachments named by ids=, else the post's own."""
    images = {wp(a, "wp:post_id"): a for a in export.images}
    n = 0
    for item in export.imported_posts:
        attached = [i for i, a in images.items() if wp(a, "wp:post_parent") == wp(item, "wp:post_id")]
        for attrs in re.findall(r"\[gallery([^\]]*)\]", item.findtext("content:encoded", namespaces=NS) or ""):
            ids = re.search(r"ids=\"([^\"]*)\"", attrs)
            n += len([i for i in ids.group(1).split(",") if i.strip() in images]) if ids else len(attached)
    return n


def image_line(report, what):
    return int(re.search(rf"^  {what}: (\d+)", report, re.MULTILINE).group(1))


def test_images_in_bodies_point_at_the_imported_photos_sized_copies_too(imported, export):
    photos = {photo.image.url for photo in Photo.objects.all()}
    images = body_images()
    expected = [src for src in old_images_in_export(export)] + [None] * gallery_images(export)
    assert gallery_images(export) > 0
    assert [src for src in images if src.startswith(OLD_HOST)] == []
    assert len([src for src in images if src in photos]) == len(expected) > 0
    assert "srcset" not in "".join(Article.objects.values_list("body", flat=True))
    assert (image_line(imported, "moved to the imported photos"), image_line(imported, "images left on the old host")) == (
        len(expected),
        0,
    )


def test_a_later_run_with_media_dir_moves_the_images_of_unchanged_posts(export, media_dir):
    run_import(EXPORT)
    before = [src for src in body_images() if src.startswith(OLD_HOST)]

    report = run_import(EXPORT, "--media-dir", str(media_dir))

    photos = {photo.image.url for photo in Photo.objects.all()}
    assert [src for src in body_images() if src.startswith(OLD_HOST)] == []
    assert len([src for src in body_images() if src in photos]) == len(before)
    assert table_row(report, "articles")[:2] == [0, 0]
    assert image_line(report, "moved to the imported photos") == len(before)


def test_without_media_dir_every_image_stays_on_the_old_host_and_is_counted(export):
    report = run_import(EXPORT)
    old = [src for src in body_images() if src.startswith(OLD_HOST)]
    assert (image_line(report, "moved to the imported photos"), image_line(report, "images left on the old host")) == (
        0,
        len(old),
    )


def test_pages_become_flat_pages_at_their_old_addresses(imported, export, client):
    for page in export.pages:
        path = unquote(urlsplit(page.findtext("link")).path).replace("//", "/")
        flatpage = FlatPage.objects.get(url=path)
        assert flatpage.title == page.findtext("title")
    response = client.get("/about/")
    assert response.status_code == 200
    assert "<h1>About The Tests</h1>" in response.content.decode()
    greek = client.get("/greek/επίπεδο-2/επίπεδο-3/")
    assert greek.status_code == 200
    assert "Επίπεδο 3" in greek.content.decode()


def test_old_post_addresses_answer_301_to_the_article(imported, export, client):
    articles = by_wp_id("post", Article)
    published = [i for i in export.imported_posts if wp(i, "wp:status") == "publish" and not wp(i, "wp:post_password")]
    for item in published:
        url = articles[wp(item, "wp:post_id")].get_absolute_url()
        link = urlsplit(item.findtext("link"))
        date = wp(item, "wp:post_date")[:10].replace("-", "/")
        old = {link.path, f"/?p={wp(item, 'wp:post_id')}", f"/{date}/{wp(item, 'wp:post_name')}/"}
        for path in old - {url}:
            response = client.get(path)
            assert (response.status_code, response["Location"]) == (301, url), path
    sticky = articles[next(wp(i, "wp:post_id") for i in published if wp(i, "wp:is_sticky") == "1")]
    page = client.get("/2012/01/07/template-sticky/", follow=True)
    assert page.redirect_chain == [(sticky.get_absolute_url(), 301)]
    assert sticky.title in page.content.decode()


def test_old_category_tag_and_page_addresses_answer_301(imported, export, client):
    grandchild = Section.objects.get(path="parent-category/child-category-03/grandchild-category")
    term_id = next(wp(c, "wp:term_id") for c in export.categories if wp(c, "wp:category_nicename") == "grandchild-category")
    for path in [
        "/category/parent-category/child-category-03/grandchild-category/",
        "/category/grandchild-category/",
        f"/?cat={term_id}",
    ]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, grandchild.get_absolute_url()), path
    response = client.get("/?tag=8bit")
    assert (response.status_code, response["Location"]) == (301, "/tag/8bit/")
    about = next(p for p in export.pages if urlsplit(p.findtext("link")).path == "/about/")
    response = client.get(f"/?page_id={wp(about, 'wp:post_id')}")
    assert (response.status_code, response["Location"]) == (301, "/about/")
    assert client.get("/?p=999999").status_code == 200  # unknown IDs: just the front page


def test_second_run_changes_nothing(imported, media_dir):
    before = snapshot()
    report = run_import(EXPORT, "--media-dir", str(media_dir))
    assert snapshot() == before
    for kind in ["authors", "sections", "tags", "articles", "photos", "pages", "comments", "redirects"]:
        created, updated, *_ = table_row(report, kind)
        assert (kind, created, updated) == (kind, 0, 0)


def test_later_export_adds_what_is_new_and_updates_what_changed(imported, media_dir, tmp_path):
    text = EXPORT.read_text(encoding="utf-8")
    text = text.replace("<title>Template: Sticky</title>", "<title>Template: Sticky, revised</title>", 1)
    new_post = """<item><title>A new story</title><link>https://wpthemetestdata.wordpress.com/2025/01/02/a-new-story/</link>
<dc:creator>themedemos</dc:creator><content:encoded><![CDATA[First paragraph.

Second paragraph.]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>99001</wp:post_id><wp:post_date>2025-01-02 09:00:00</wp:post_date><wp:post_date_gmt>2025-01-02 14:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>a-new-story</wp:post_name><wp:status>publish</wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="classic"><![CDATA[Classic]]></category>
<wp:comment><wp:comment_id>99002</wp:comment_id><wp:comment_author>Reader</wp:comment_author>
<wp:comment_author_email>reader@example.org</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>
<wp:comment_author_IP>192.0.2.7</wp:comment_author_IP><wp:comment_date>2025-01-02 10:00:00</wp:comment_date>
<wp:comment_date_gmt>2025-01-02 15:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Good piece.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
</channel>"""
    later = tmp_path / "later.xml"
    later.write_text(text.replace("</channel>", new_post, 1), encoding="utf-8")
    articles_before = Article.objects.count()

    report = run_import(later, "--media-dir", str(media_dir))

    assert table_row(report, "articles")[:2] == [1, 1]
    assert table_row(report, "comments")[:2] == [1, 0]
    assert Article.objects.count() == articles_before + 1
    assert Article.objects.get(slug="template-sticky").title == "Template: Sticky, revised"
    story = Article.objects.get(slug="a-new-story")
    assert story.body == "<p>First paragraph.</p>\n<p>Second paragraph.</p>"
    assert [(c.author_name, c.ip_address) for c in story.comments.all()] == [("Reader", "192.0.2.7")]


def test_dry_run_prints_the_report_and_writes_nothing(media_dir):
    before = snapshot()
    dry = run_import(EXPORT, "--media-dir", str(media_dir), "--dry-run")
    assert snapshot() == before
    assert "Dry run: nothing was written." in dry
    assert not default_storage.exists("photos")
    real = run_import(EXPORT, "--media-dir", str(media_dir))
    table = lambda report: [line for line in report.splitlines() if line[:1] != "D"]  # noqa: E731
    assert table(dry) == table(real)


def test_truncated_file_stops_naming_the_line_and_leaves_the_database_as_it_was(imported, media_dir, tmp_path):
    data = EXPORT.read_bytes()
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(data.replace(b"Template: Sticky", b"Changed title")[: len(data) * 2 // 3])
    last_line = truncated.read_bytes().count(b"\n") + 1
    before = snapshot()
    with pytest.raises(CommandError, match=rf"not well-formed XML at line {last_line}, column \d+: unclosed CDATA section"):
        run_import(truncated, "--media-dir", str(media_dir))
    assert snapshot() == before


def test_truncated_file_on_an_empty_site_imports_nothing(tmp_path):
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(EXPORT.read_bytes()[:300_000])
    with pytest.raises(CommandError, match="database is as it was"):
        run_import(truncated)
    assert all(rows == [] for rows in snapshot().values())


def test_entity_expansion_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n'
        + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">\n' for p, n in zip("abcdefgh", "bcdefghi"))
        + ']>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&i;</title>'
        "<wp:wxr_version>1.2</wp:wxr_version></channel></rss>\n"
    )
    with pytest.raises(CommandError, match="refused"):
        run_import(bomb)
    assert all(rows == [] for rows in snapshot().values())


@pytest.mark.parametrize("namespace", ["http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/"])
def test_other_namespace_spellings_import_the_same(namespace, tmp_path, export):
    other = tmp_path / "other.xml"
    text = EXPORT.read_text(encoding="utf-8").replace("https://wordpress.org/export/1.2/", namespace)
    other.write_text(text, encoding="utf-8")
    run_import(other)
    assert Article.objects.count() == len(export.imported_posts)
    assert Comment.objects.count() == len(export.comments(export.imported_posts))
    assert Section.objects.filter(parent__isnull=False).count() == sum(
        1 for c in export.categories if wp(c, "wp:category_parent")
    )


def test_not_a_wordpress_export_is_refused(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>y</title></item></channel></rss>')
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(feed)


# The shortcodes WordPress itself registers; the theme unit test uses several of them.
WORDPRESS_SHORTCODES = ("caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed")


def test_no_wordpress_shortcode_is_left_as_raw_text(imported):
    pattern = re.compile(r"\[/?(?:%s)\b" % "|".join(WORDPRESS_SHORTCODES))
    bodies = [*Article.objects.values_list("title", "body"), *FlatPage.objects.values_list("title", "content")]
    assert [title for title, body in bodies if pattern.search(body)] == []
    assert not any(f"[{name}]" in imported for name in WORDPRESS_SHORTCODES)


def test_galleries_become_figures_of_the_imported_photos_with_captions(imported, export):
    articles = by_wp_id("post", Article)
    photos = {photo.image.url: photo for photo in Photo.objects.all()}
    body = articles["555"].body  # Post Format: Gallery: ten [gallery] of the post's own images, 1 to 9 columns
    galleries = re.findall(r'<figure class="gallery gallery-columns-(\d)">(.*?</figure>)</figure>', body, re.S)
    assert [columns for columns, _ in galleries] == ["3", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    attached = [a for a in export.images if wp(a, "wp:post_parent") == "555"]
    for _, gallery in galleries:
        srcs = re.findall(r'<img src="([^"]*)"', gallery)
        assert len(srcs) == len(attached) and all(src in photos for src in srcs)
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", galleries[0][1])
    assert captions == [photos[src].caption for src in re.findall(r'<img src="([^"]*)"', galleries[0][1]) if photos[src].caption]
    # ids= names the images and their order, wherever they are attached.
    tiled = articles["1031"].body
    ids = ["755", "757", "758", "760", "766", "763"]
    photo_of = {m.wp_id: m.object_id for m in WordPressItem.objects.filter(kind="attachment", wp_id__in=ids)}
    urls = {p.pk: p.image.url for p in Photo.objects.filter(pk__in=photo_of.values())}
    assert re.findall(r'<img src="([^"]*)"', tiled) == [urls[photo_of[i]] for i in ids if i in photo_of]


def test_audio_becomes_a_player_and_a_video_address_an_embed(imported, export):
    articles = by_wp_id("post", Article)
    audio = articles["587"].body
    assert re.search(r'<audio controls="" preload="metadata" src="https://[^"]+\.mp3">', audio)
    youtube = articles["1161"].body
    assert re.search(r'<figure data-embed="https://www\.youtube\.com/watch\?v=[^"]+">', youtube)
