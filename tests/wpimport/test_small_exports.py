"""Small hand-written exports for what the theme unit test file does not exercise."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from PIL import Image

from articles.models import Article, Photo
from comments.models import Comment

pytestmark = pytest.mark.django_db

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.1/"><channel><title>Small Town Times</title>
<link>https://times.example</link><wp:wxr_version>1.1</wp:wxr_version>
<wp:base_blog_url>https://times.example</wp:base_blog_url>
<wp:author><wp:author_id>7</wp:author_id><wp:author_login>jdoe</wp:author_login>
<wp:author_email>jdoe@times.example</wp:author_email><wp:author_display_name>Jane Doe</wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>2019</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>2019</wp:cat_name></wp:category>
"""


def post(n, comments=0, category="2019"):
    replies = "".join(
        f"<wp:comment><wp:comment_id>{n * 100 + c}</wp:comment_id><wp:comment_author>R{c}</wp:comment_author>"
        f"<wp:comment_author_email>r{c}@mail.example</wp:comment_author_email>"
        f"<wp:comment_author_IP>not-an-ip</wp:comment_author_IP><wp:comment_date_gmt>2020-01-0{n % 9 + 1} 10:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>Comment {c}</wp:comment_content><wp:comment_approved>{'spam' if c == 2 else '1'}</wp:comment_approved>"
        f"<wp:comment_type></wp:comment_type><wp:comment_parent>{n * 100 + c - 1 if c else 0}</wp:comment_parent></wp:comment>"
        for c in range(comments)
    )
    return (
        f"<item><title>Story {n}</title><link>https://times.example/?p={n}</link><dc:creator>jdoe</dc:creator>"
        f"<content:encoded>Body {n}.</content:encoded><excerpt:encoded></excerpt:encoded><wp:post_id>{n}</wp:post_id>"
        f"<wp:post_date>2020-01-01 09:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 14:00:00</wp:post_date_gmt>"
        f"<wp:post_name>story-{n}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        f'<category domain="category" nicename="{category}">{category}</category>{replies}</item>'
    )


def export(tmp_path, *items):
    path = tmp_path / "small.xml"
    path.write_text(HEAD + "".join(items) + "</channel></rss>", encoding="utf-8")
    return path


def run_import(path):
    out = io.StringIO()
    call_command("import_wordpress", str(path), stdout=out, verbosity=0)
    return out.getvalue()


def test_all_digit_category_gets_a_safe_slug_and_author_links_redirect(tmp_path, client):
    report = run_import(export(tmp_path, post(1)))
    article = Article.objects.get()
    assert article.section.slug == "2019-section"
    assert "slug “2019” is all digits; used “2019-section”" in report
    assert article.ordered_authors[0].email == "jdoe@times.example"
    response = client.get("/?author=7")
    assert (response.status_code, response["Location"]) == (301, "/author/jdoe/")
    response = client.get("/?s=harbour+plan")
    assert (response.status_code, response["Location"]) == (301, "/search/?q=harbour+plan")


def test_comments_keep_spam_status_and_drop_bad_ip_addresses(tmp_path):
    run_import(export(tmp_path, post(1, comments=3)))
    assert [(c.author_name, c.status, c.ip_address, c.parent and c.parent.author_name) for c in Comment.objects.order_by("pk")] == [
        ("R0", "approved", None, None),
        ("R1", "approved", None, "R0"),
        ("R2", "spam", None, "R1"),
    ]


# Each post's six comments are a chain of replies six deep: one insert per level of threading.
# PostgreSQL makes one more: the stored search vectors, which SQLite does without.
@pytest.mark.parametrize("posts, queries", [(1, {"sqlite": 31, "postgresql": 32}), (5, {"sqlite": 31, "postgresql": 32})])
def test_queries_do_not_grow_with_posts_or_comments(tmp_path, django_assert_num_queries, posts, queries):
    path = export(tmp_path, *(post(n, comments=6) for n in range(1, posts + 1)))
    with django_assert_num_queries(queries[connection.vendor]):
        run_import(path)
    assert Comment.objects.count() == posts * 6


def attachment(n, path):
    return (
        f"<item><title>Photo {n}</title><link>https://times.example/?attachment_id={n}</link><dc:creator>jdoe</dc:creator>"
        f"<content:encoded></content:encoded><excerpt:encoded>Harbour at dawn</excerpt:encoded><wp:post_id>{n}</wp:post_id>"
        f"<wp:post_date_gmt>2020-01-01 08:00:00</wp:post_date_gmt><wp:status>inherit</wp:status>"
        f"<wp:post_type>attachment</wp:post_type><wp:attachment_url>https://times.example/wp-content/uploads/{path}"
        f"</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
        f"<wp:meta_value>{path}</wp:meta_value></wp:postmeta></item>"
    )


def post_with_images(n):
    body = (
        '<img src="https://times.example/wp-content/uploads/2011/07/harbour-300x200.jpg" '
        'srcset="https://times.example/wp-content/uploads/2011/07/harbour-300x200.jpg 300w, '
        'https://times.example/wp-content/uploads/2011/07/harbour.jpg 1200w" sizes="(max-width: 300px) 100vw" '
        'alt="The harbour" width="300" height="200">\n\n'
        '<a href="http://www.times.example/wp-content/uploads/2011/07/harbour.jpg"><img src="/wp-content/uploads/2011/07/harbour.jpg" alt=""></a>\n\n'
        '<img src="https://times.example/wp-content/uploads/2009/01/lost.jpg" alt="Never exported">\n\n'
        '<img src="https://elsewhere.example/chart.png" alt="A chart from another site">'
    )
    return post(n).replace(f"<content:encoded>Body {n}.</content:encoded>", f"<content:encoded><![CDATA[{body}]]></content:encoded>")


def test_images_of_imported_attachments_point_at_the_photo_others_are_left_and_counted(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2011/07").mkdir(parents=True)
    Image.new("RGB", (1200, 800), (40, 80, 120)).save(uploads / "2011/07/harbour.jpg")
    path = export(tmp_path, post_with_images(1), attachment(50, "2011/07/harbour.jpg"))  # the photo after the post

    out = io.StringIO()
    call_command("import_wordpress", str(path), "--media-dir", str(uploads), stdout=out, verbosity=0)

    photo_url = Photo.objects.get().image.url
    body = Article.objects.get().body
    assert re.findall(r'<(?:img|a) [^>]*(?:src|href)="([^"]*)"', body) == [
        photo_url,
        photo_url,
        photo_url,
        "https://times.example/wp-content/uploads/2009/01/lost.jpg",
        "https://elsewhere.example/chart.png",
    ]
    assert "srcset" not in body and "sizes" not in body
    assert '<img src="%s" alt="The harbour" width="300" height="200">' % photo_url in body
    assert "  moved to the imported photos: 2\n  images left on the old host: 1 (" in out.getvalue()


def test_without_media_dir_images_keep_their_old_address_and_are_counted(tmp_path):
    report = run_import(export(tmp_path, post_with_images(1)))

    body = Article.objects.get().body
    assert re.findall(r'<img [^>]*src="([^"]*)"', body) == [
        "https://times.example/wp-content/uploads/2011/07/harbour-300x200.jpg",
        "/wp-content/uploads/2011/07/harbour.jpg",
        "https://times.example/wp-content/uploads/2009/01/lost.jpg",
        "https://elsewhere.example/chart.png",
    ]
    assert "  moved to the imported photos: 0\n  images left on the old host: 3 (" in report


def test_attachment_that_fails_the_photo_checks_is_skipped_and_the_rest_imported(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2011/07").mkdir(parents=True)
    Image.new("RGB", (40, 30)).save(uploads / "2011/07/scan.jpg", format="BMP")  # a BMP under a .jpg name
    Image.new("RGB", (1200, 800), (40, 80, 120)).save(uploads / "2011/07/harbour.jpg")
    path = export(tmp_path, post(1), attachment(50, "2011/07/scan.jpg"), attachment(51, "2011/07/harbour.jpg"))

    out = io.StringIO()
    call_command("import_wordpress", str(path), "--media-dir", str(uploads), stdout=out, verbosity=0)

    assert Article.objects.count() == 1
    assert [p.image.name.rsplit("/", 1)[-1] for p in Photo.objects.all()] == ["harbour.jpg"]
    assert "2011/07/scan.jpg" in out.getvalue()


def test_old_addresses_of_a_scheduled_post_give_nothing_away_until_it_is_live(tmp_path, client):
    from datetime import datetime, timezone as dt_timezone

    import time_machine

    scheduled = (
        post(7)
        .replace("<wp:status>publish</wp:status>", "<wp:status>future</wp:status>")
        .replace("2020-01-01 09:00:00", "2030-01-01 09:00:00")
        .replace("2020-01-01 14:00:00", "2030-01-01 14:00:00")
    )
    run_import(export(tmp_path, post(1), scheduled))
    article = Article.objects.get(slug="story-7")
    assert article.is_scheduled
    for old in ["/?p=7", "/2030/01/01/story-7/"]:
        response = client.get(old)
        assert response.status_code in (200, 404), old  # the front page, or not found
        assert article.slug not in response.get("Location", ""), old
    assert client.get("/?p=1").status_code == 301

    with time_machine.travel(datetime(2030, 1, 2, tzinfo=dt_timezone.utc)):
        response = client.get("/?p=7")
        assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())
        assert client.get("/2030/01/01/story-7/")["Location"] == article.get_absolute_url()


def page(n, status, comments):
    replies = "".join(
        f"<wp:comment><wp:comment_id>{n * 100 + c}</wp:comment_id><wp:comment_author>Reader {c}</wp:comment_author>"
        f"<wp:comment_date_gmt>2020-02-0{c + 1} 10:00:00</wp:comment_date_gmt><wp:comment_content>Thanks &lt;3 line {c}</wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type></wp:comment_type>"
        f"<wp:comment_parent>{n * 100 if c else 0}</wp:comment_parent></wp:comment>"
        for c, approved in enumerate(comments)
    )
    return (
        f"<item><title>About {n}</title><link>https://times.example/about-{n}/</link><dc:creator>jdoe</dc:creator>"
        f"<content:encoded>Who we are.</content:encoded><wp:post_id>{n}</wp:post_id><wp:status>{status}</wp:status>"
        f"<wp:post_type>page</wp:post_type>{replies}</item>"
    )


def test_comments_on_pages_are_shown_on_the_page_or_reported_with_where_they_went(tmp_path, client):
    report = run_import(export(tmp_path, page(5, "publish", ["1", "1", "0"]), page(6, "draft", ["1"])))
    content = client.get("/about-5/").content.decode()
    assert "<h2>Comments</h2>" in content
    # Threaded as they were: the reply inside the comment it answers; text escaped, never markup.
    assert re.search(r"<li><p><strong>Reader 0</strong>, 1 February 2020</p><p>Thanks &lt;3 line 0</p>"
                     r"<ul><li><p><strong>Reader 1</strong>, 2 February 2020</p><p>Thanks &lt;3 line 1</p></li></ul></li>", content)
    assert "line 2" not in content
    assert "comments: pending comment on a page: not kept (pages show approved comments only): 1 (502)" in report
    assert "comments: its page was not imported: 1 (600)" in report
    assert "comments: on a page: kept in the page's text, under “Comments”: 2 (500, 501)" in report
    assert Comment.objects.count() == 0


def test_an_import_refreshes_every_cached_page(tmp_path, client, no_replica_lag):
    """Imports create stories in bulk, with no signals: the page cache is told of the whole site at the end."""
    run_import(export(tmp_path, post(1)))
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "HIT"
    run_import(export(tmp_path, post(1), post(2)))
    assert "Story 2" in client.get("/").content.decode()
