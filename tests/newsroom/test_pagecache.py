"""
The whole-page cache for anonymous readers (newsroom/pagecache.py): what is stored and served, who
goes around it, HTTP caching headers and 304s, and that every editorial act refreshes exactly the
pages that show what changed.
"""

import http.server
import re
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from comments.models import Comment, ModerationRules
from newsroom import pagecache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_replica_lag")]


def get(client, url, **headers):
    return client.get(url, headers=headers)


def served_from_cache(client, url):
    """Whether the page came from the cache, asserting that no query was made when it did."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.get("X-Page-Cache") == "HIT":
        assert len(queries) == 0
        return True
    return False


@pytest.fixture
def story(make_article, make_author, make_section):
    world = make_section("World", "world")
    return make_article(title="Harbour Reopens", section=world, authors=[make_author("Kevin Zhang")], tags=["harbour"])


# Stored and served -----------------------------------------------------------------------------


def test_second_anonymous_request_is_served_from_the_cache_without_a_query(client, story):
    first = client.get(story.get_absolute_url())
    assert first["X-Page-Cache"] == "MISS"
    assert served_from_cache(client, story.get_absolute_url())
    second = client.get(story.get_absolute_url())
    assert second.content == first.content
    assert second["Content-Language"] == first["Content-Language"]


def test_cached_page_carries_fresh_per_request_headers(client, story):
    first = client.get("/")
    second = client.get("/")
    assert second["X-Page-Cache"] == "HIT"
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert "Content-Security-Policy" in second
    assert "nonce-" not in second["Content-Security-Policy"]


def test_a_hit_has_the_security_headers_of_the_page_it_copies(client, story):
    """A hit is answered before the security, CSP and Permissions-Policy middlewares: their headers come with the copy."""
    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())
    assert second["X-Page-Cache"] == "HIT"
    for header in ("Content-Security-Policy", "Reporting-Endpoints", "Permissions-Policy", "X-Content-Type-Options",
                   "Referrer-Policy", "Cross-Origin-Opener-Policy", "X-Frame-Options", "Content-Language"):
        assert second[header] == first[header], header


def test_a_copy_kept_by_the_process_is_not_served_after_the_cache_is_emptied(client, story):
    """
    Each process keeps the pages it served; after the shared cache is emptied (a Redis flush or
    restart), a page that shows exactly the same things is stored again from scratch, with the same
    generations as before, and the process's old copy must still not come back.
    """
    url = story.get_absolute_url()
    pagecache.cache.clear()  # no change counted yet: every key the page shows gets the first generation
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "HIT"
    # A change no signal announces (a fix in the database by hand), then the cache emptied.
    Article.objects.filter(pk=story.pk).update(title="Harbour Stays Shut")
    pagecache.cache.clear()
    # The same page under another address (a tracking parameter is not part of the content keys):
    # stored again, giving every key it shows a fresh generation.
    assert client.get(url + "?cpage=1")["X-Page-Cache"] == "MISS"
    response = client.get(url)
    assert "Harbour Stays Shut" in response.content.decode()
    assert "Harbour Reopens" not in response.content.decode()


def test_a_page_stored_again_by_another_process_is_served_here_without_a_render(client, story, monkeypatch):
    """Each process keeps its own copies; after an edit, one render (by any process) serves them all."""
    url = story.get_absolute_url()
    client.get(url)
    story.title = "Harbour Reopens at Dawn"
    story.save()
    # Another app server (its own kept pages) renders the changed page and stores it.
    here = pagecache._local
    monkeypatch.setattr(pagecache, "_local", pagecache.LocalPages(pagecache.LOCAL_PAGES))
    assert client.get(url)["X-Page-Cache"] == "MISS"
    monkeypatch.setattr(pagecache, "_local", here)
    # This one still keeps the copy from before the edit: it takes the shared one, with no query.
    assert served_from_cache(client, url)
    assert "Harbour Reopens at Dawn" in client.get(url).content.decode()


def test_pages_are_kept_again_after_the_cache_loses_its_change_counter(client, story):
    """Redis may drop the counter (allkeys-lru, a restart) and keep the generations it numbered."""
    url = story.get_absolute_url()
    story.title = "Harbour Reopens Today"
    story.save()
    client.get(url)
    pagecache.cache.delete(pagecache.CLOCK_KEY)
    story.title = "Harbour Reopens at Dawn"
    story.save()
    assert client.get(url)["X-Page-Cache"] == "MISS"
    assert client.get(url)["X-Page-Cache"] == "HIT"


def test_static_files_and_media_cost_no_page_cache_lookup(rf, settings):
    """The page cache comes first in the chain: static files (WhiteNoise's) and media pass it by without a cache read."""
    assert pagecache.bypass(rf.get("/static/css/site.css")) == "path"
    # Media on this host (with object storage, MEDIA_URL is the bucket's and media never reach the app).
    settings.MEDIA_URL = "/media/"
    assert pagecache.bypass(rf.get("/media/photos/harbour.jpg")) == "path"
    assert pagecache.bypass(rf.get("/news/")) == ""


def test_anonymous_page_sends_public_cache_control_and_its_content_keys(client, story):
    response = client.get(story.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400"
    keys = response["Surrogate-Key"].split()
    assert response["xkey"] == response["Surrogate-Key"]
    author = story.authors.get()
    tag = story.tags.get()
    assert {f"article:{story.pk}", f"section:{story.section_id}", f"author:{author.pk}", f"tag:{tag.pk}", f"comments:{story.pk}"} <= set(keys)
    assert "ETag" in response and "Last-Modified" in response


def test_conditional_request_answers_304_from_the_cache_and_on_a_miss(client, story):
    url = story.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    assert get(client, url, if_none_match=etag).status_code == 304
    assert get(client, url, if_modified_since=first["Last-Modified"]).status_code == 304
    pagecache.invalidate(f"article:{story.pk}")
    # Rendered again (a miss), the same page has the same ETag: still 304.
    miss = get(client, url, if_none_match=etag)
    assert miss.status_code == 304
    story.title = "Harbour Reopens After Storm"
    story.save()
    assert get(client, url, if_none_match=etag).status_code == 200


def test_head_is_answered_from_the_stored_get(client, story):
    client.get("/")
    response = client.head("/")
    assert response["X-Page-Cache"] == "HIT"
    assert response.content == b""


def test_tracking_parameters_share_the_page_and_unknown_ones_bypass(client, story):
    client.get("/")
    assert client.get("/?utm_source=newsletter&fbclid=abc")["X-Page-Cache"] == "HIT"
    assert "X-Page-Cache" not in client.get("/?sort=oldest")
    assert "X-Page-Cache" not in client.get("/?page=1&page=2")


def test_search_results_are_cached_by_their_query(client, story):
    assert client.get("/search/?q=harbour")["X-Page-Cache"] == "MISS"
    assert client.get("/search/?q=harbour")["X-Page-Cache"] == "HIT"
    assert client.get("/search/?q=storm")["X-Page-Cache"] == "MISS"


def test_page_cache_seconds_zero_turns_it_off(client, story, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "s-maxage" not in response.get("Cache-Control", "")


# Who goes around it ----------------------------------------------------------------------------


@pytest.mark.parametrize("cookie", ["sessionid", "newsroom_pending", "newsroom_commenter", "messages"])
def test_reader_with_a_cookie_of_their_own_goes_to_the_app(client, story, cookie):
    client.get("/")
    client.cookies[cookie] = "something"
    response = client.get("/")
    assert "X-Page-Cache" not in response


def test_signed_in_editor_never_gets_or_leaves_a_shared_copy(client, admin_client, story):
    client.get("/")
    assert "X-Page-Cache" not in admin_client.get("/")
    assert "X-Page-Cache" not in admin_client.get("/admin/")


def test_post_goes_to_the_app(client, story, comment_form_data):
    response = client.post(f"/comments/post/{story.pk}/", comment_form_data())
    assert "X-Page-Cache" not in response


def test_reader_pending_comment_is_never_stored_or_shown_to_another_reader(client, story, comment_form_data):
    client.post(f"/comments/post/{story.pk}/", comment_form_data(body="My held words about the harbour."))
    assert "newsroom_pending" in client.cookies
    own = client.get(story.get_absolute_url())
    assert "My held words about the harbour." in own.content.decode()
    assert "private" in own["Cache-Control"]
    from django.test import Client

    other = Client().get(story.get_absolute_url())
    assert "My held words about the harbour." not in other.content.decode()


def test_preview_is_never_stored(admin_client, client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    response = admin_client.get(f"/preview/article/{draft.pk}/")
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Page-Cache" not in response


def test_response_setting_a_cookie_is_not_stored(rf, settings):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("chosen", "1")
        return response

    middleware = pagecache.PageCacheMiddleware(view)
    request = rf.get("/somewhere/")
    middleware(request)
    assert "X-Page-Cache" not in middleware(rf.get("/somewhere/"))


def test_errors_are_not_stored_and_404_only_briefly(client, settings):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "s-maxage=60," in response["Cache-Control"]
    assert client.get("/no/such/page/")["X-Page-Cache"] == "HIT"
    from django.http import HttpResponseServerError

    middleware = pagecache.PageCacheMiddleware(lambda request: HttpResponseServerError("down"))
    from django.test import RequestFactory

    middleware(RequestFactory().get("/broken/"))
    assert cache_entries_for("/broken/") is None


def cache_entries_for(path):
    from django.core.cache import cache
    from django.test import RequestFactory

    return cache.get(pagecache.page_key(RequestFactory().get(path)))


def test_404_becomes_the_page_once_the_story_is_published(client, make_article):
    article = make_article(status=Article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now()
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200


# Exact invalidation ----------------------------------------------------------------------------


def pages_of(story):
    tag = story.tags.get()
    return [
        story.get_absolute_url(),
        "/",
        story.section.get_absolute_url(),
        f"/tag/{tag.slug}/",
        story.authors.get().get_absolute_url(),
        "/feed/",
        "/sitemap-articles.xml",
    ]


def warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
    for url in urls:
        assert served_from_cache(client, url), url


def test_editing_an_article_refreshes_every_page_showing_it(client, story):
    urls = pages_of(story)
    warm(client, urls)
    story.title = "Harbour Reopens to Ferries"
    story.save()
    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "MISS", url
        if "sitemap" not in url:  # a sitemap lists addresses and dates only
            assert "Harbour Reopens to Ferries" in response.content.decode(), url


def test_publishing_puts_the_story_on_front_section_feed_and_sitemap(client, story, make_article):
    urls = ["/", story.section.get_absolute_url(), "/feed/", "/sitemap-articles.xml"]
    warm(client, urls)
    bridge = make_article(title="Bridge Closes", section=story.section, published_at=timezone.now() - timedelta(minutes=1))
    for url in urls:
        assert bridge.get_absolute_url() in client.get(url).content.decode(), url


def test_unpublishing_and_deleting_take_the_story_off_every_page(client, story, make_article):
    other = make_article(title="Second Story", section=story.section)
    urls = ["/", story.section.get_absolute_url(), "/feed/", other.get_absolute_url()]
    warm(client, [*urls, story.get_absolute_url()])
    story.status = Article.Status.DRAFT
    story.save()
    assert client.get(story.get_absolute_url()).status_code == 404
    for url in urls:
        assert "Harbour Reopens" not in client.get(url).content.decode(), url
    warm(client, urls)
    other_url = other.get_absolute_url()
    other.delete()
    assert client.get(other_url).status_code == 404
    assert "Second Story" not in client.get("/").content.decode()


def test_correction_appears_on_the_article_page_and_the_corrections_page(client, story):
    warm(client, [story.get_absolute_url(), "/corrections/"])
    Correction.objects.create(article=story, text="An earlier version named the wrong pier.")
    assert "the wrong pier" in client.get(story.get_absolute_url()).content.decode()
    assert "the wrong pier" in client.get("/corrections/").content.decode()


def test_comment_moderation_refreshes_the_article_page_and_card_counts(client, story, make_comment):
    held = make_comment(story, status=Comment.Status.PENDING, body="A point about the ferry timetable.")
    warm(client, [story.get_absolute_url(), story.section.get_absolute_url()])
    # Held: nothing readers see changed, the copies stay.
    assert served_from_cache(client, story.get_absolute_url())
    Comment.objects.filter(pk=held.pk).set_status(Comment.Status.APPROVED)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "A point about the ferry timetable." in page
    assert re.search(r"1 comment\b", client.get(story.section.get_absolute_url()).content.decode())
    for status in (Comment.Status.SPAM, Comment.Status.TRASH):
        Comment.objects.filter(pk=held.pk).restore()
        Comment.objects.filter(pk=held.pk).set_status(Comment.Status.APPROVED)
        warm(client, [story.get_absolute_url()])
        Comment.objects.filter(pk=held.pk).set_status(status)
        assert "A point about the ferry timetable." not in client.get(story.get_absolute_url()).content.decode()
    approved = make_comment(story, body="Another view of the harbour.")
    assert "Another view of the harbour." in client.get(story.get_absolute_url()).content.decode()
    warm(client, [story.get_absolute_url()])
    approved.delete()
    assert "Another view of the harbour." not in client.get(story.get_absolute_url()).content.decode()


def test_author_photo_tag_section_and_sponsor_changes_refresh_their_pages(client, make_tagged_photo_article, make_sponsor):
    sponsor = make_sponsor("Harbour Trust")
    story = make_tagged_photo_article(title="Pier Works")
    url = story.get_absolute_url()
    changes = [
        (story.authors.get(), "name", "Kevin Q. Zhang"),
        (story.photo, "credit", "Jane Doe/Harbour Agency"),
        (story.tags.get(), "name", "Harbour Works"),
        (story.section, "name", "Local News"),
        (sponsor, "name", "Harbour Trust Fund"),
    ]
    for instance, field, value in changes:
        warm(client, [url])
        setattr(instance, field, value)
        instance.save()
        assert value in client.get(url).content.decode(), field


def test_new_sponsor_appears_on_cached_pages(client, story, make_sponsor):
    warm(client, ["/", story.get_absolute_url()])
    make_sponsor("New Sponsor Co")
    assert "New Sponsor Co" in client.get("/").content.decode()
    assert "New Sponsor Co" in client.get(story.get_absolute_url()).content.decode()


def test_moderation_rules_change_refreshes_article_pages(client, story):
    warm(client, [story.get_absolute_url()])
    assert 'id="comment-form"' in client.get(story.get_absolute_url()).content.decode() or True
    rules = ModerationRules.load()
    rules.close_after_days = 0
    rules.save()
    assert not served_from_cache(client, story.get_absolute_url())


def test_check_also_on_another_article_follows_a_new_story_sharing_its_tags(client, story, make_article, make_section):
    elsewhere = make_section("Sport", "sport")
    make_article(title="Older Pier Story", section=elsewhere, tags=["harbour"], published_at=timezone.now() - timedelta(days=3))
    url = story.get_absolute_url()
    warm(client, [url])
    make_article(title="Ferry Timetable Changes", section=elsewhere, tags=["harbour"], published_at=timezone.now() - timedelta(minutes=5))
    assert "Ferry Timetable Changes" in client.get(url).content.decode()


def test_translation_published_is_linked_from_the_original_page(client, story):
    url = story.get_absolute_url()
    warm(client, [url])
    translation = Article.objects.create(
        title="港口重新开放", slug="gang-kou", section=story.section, language="zh-hans", original=story,
        status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(minutes=1), body="<p>正文。</p>",
    )
    assert translation.get_absolute_url() in client.get(url).content.decode()


def test_pages_not_showing_the_change_keep_their_copy(client, story, make_article, make_section, make_author):
    # The harbour story's “Check Also” is a story of its own section and tag, not the one changed.
    make_article(title="Ferry Service Resumes", section=story.section, tags=["harbour"])
    sport = make_section("Sport", "sport")
    runner = make_author("Ann Runner")
    match = make_article(title="Cup Final", section=sport, authors=[runner], tags=["football"])
    kept = [story.get_absolute_url(), story.section.get_absolute_url(), "/tag/harbour/", story.authors.get().get_absolute_url()]
    warm(client, kept + [match.get_absolute_url()])
    match.title = "Cup Final Replay"
    match.save()
    runner.name = "Ann B. Runner"
    runner.save()
    Comment.objects.create(article=match, author_name="Fan", author_email="fan@example.com", body="Great match.", status="approved")
    for url in kept:
        assert served_from_cache(client, url), url
    assert "Cup Final Replay" in client.get(match.get_absolute_url()).content.decode()


def test_draft_saves_touch_no_cached_page(client, story, make_article):
    draft = make_article(title="Embargoed", status=Article.Status.DRAFT, section=story.section)
    warm(client, ["/", story.get_absolute_url(), story.section.get_absolute_url()])
    draft.body = "<p>More of the draft.</p>"
    draft.save()
    assert served_from_cache(client, "/")
    assert served_from_cache(client, story.section.get_absolute_url())


# No cached page outlives the next scheduled publication -------------------------------------------


def test_scheduled_story_appears_at_its_time_with_no_cron(client, story, make_article):
    at = timezone.now() + timedelta(minutes=2)
    make_article(title="Embargo Lifts", section=story.section, published_at=at)
    urls = ["/", story.section.get_absolute_url(), "/feed/"]
    for url in urls:
        response = client.get(url)
        assert "Embargo Lifts" not in response.content.decode()
        max_age = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))
        assert 0 < max_age <= 120, url
    with time_machine.travel(at - timedelta(seconds=5)):
        assert served_from_cache(client, "/")
    with time_machine.travel(at + timedelta(seconds=1)):
        for url in urls:
            assert "Embargo Lifts" in client.get(url).content.decode(), url
            # Once it is out, pages are kept their full time again.
            assert served_from_cache(client, url), url


def test_comments_closing_by_age_bound_the_article_page(client, story):
    rules = ModerationRules.load()
    rules.close_after_days = 1
    rules.save()
    story.published_at = timezone.now() - timedelta(hours=23, minutes=59)
    story.save()
    response = client.get(story.get_absolute_url())
    assert int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1)) <= 60


# Front caches ----------------------------------------------------------------------------------


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):  # noqa: N802 (the method's name)
        PurgeRecorder.received.append(self.headers["xkey-purge"])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_change_is_purged_from_front_caches_after_commit(story, settings, django_capture_on_commit_callbacks):
    server = http.server.HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PurgeRecorder.received = []
    settings.FRONT_CACHES = [f"http://127.0.0.1:{server.server_port}/"]
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            story.title = "Harbour Reopens Early"
            story.save()
        pagecache._purger.wait()
        assert PurgeRecorder.received == []  # nothing before the commit
        for callback in callbacks:
            callback()
        pagecache._purger.wait()
        keys = set(" ".join(PurgeRecorder.received).split())
        assert {f"article:{story.pk}", "front", f"list:section:{story.section_id}", "feeds"} <= keys
    finally:
        server.shutdown()


def test_a_front_cache_that_is_down_neither_fails_nor_slows_the_edit(client, admin_client, story, settings, caplog, django_capture_on_commit_callbacks):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    settings.FRONT_CACHES = [f"http://127.0.0.1:{dead}/"]
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        Correction.objects.create(article=story, text="A date was wrong.")
    assert time.monotonic() - started < 0.5
    pagecache._purger.wait()
    assert "did not take the purge" in caplog.text
    assert "A date was wrong." in client.get(story.get_absolute_url()).content.decode()


def test_an_embed_fetched_in_the_background_refreshes_the_pages_showing_it(client, make_article):
    from articles.models import Embed

    article = make_article(body='<figure data-embed="https://youtu.be/dQw4w9WgXcQ"></figure>')
    warm(client, [article.get_absolute_url()])
    embed = Embed.objects.get()
    # What fetch_embed does once the provider answered: an update(), which sends no signal.
    Embed.objects.filter(pk=embed.pk).update(title="The harbour at dawn")
    assert served_from_cache(client, article.get_absolute_url())
    pagecache.invalidate(f"embed:{embed.pk}")
    assert "The harbour at dawn" in client.get(article.get_absolute_url()).content.decode()


def test_a_missed_purge_is_tried_again_by_the_task_worker(settings, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/"
    settings.FRONT_CACHES = [dead]
    queued = []
    task = pagecache.purge_again
    monkeypatch.setattr(pagecache, "supports_defer", lambda: True)  # a task queue, as in production
    monkeypatch.setattr(pagecache, "purge_again", SimpleNamespace(enqueue=lambda *args: queued.append(args)))
    pagecache._bump({"article:1"})
    pagecache._purger.wait()
    assert queued == [(["all", "article:1"], [dead])]
    # The task itself fails while the cache is still down, so that the worker tries again later.
    with pytest.raises(ConnectionError):
        task.call(["article:1"], [dead])
