"""Threaded replies, pages of comments, approved-only counts, and the remember-me and notify options."""

import re

import pytest
from django.template import Context, Template
from django.test import Client

from comments.models import Comment, ModerationRules

pytestmark = pytest.mark.django_db


def url(article):
    return f"/comments/post/{article.pk}/"


def comment_ids(html):
    return [int(pk) for pk in re.findall(r'<li class="comment [^"]*" id="comment-(\d+)"', html)]


def test_reply_links_under_approved_comments_up_to_the_depth_limit(client, make_article, make_comment):
    article = make_article()
    top = make_comment(article)
    reply = make_comment(article, parent=top)
    deepest = make_comment(article, parent=reply)
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.findall(r'data-reply-to="(\d+)"', html) == [str(top.pk), str(reply.pk)]
    assert f'href="{article.get_absolute_url()}?replytocom={top.pk}#respond"' in html
    assert f'<li class="comment depth-2" id="comment-{deepest.pk}">' in html


def test_reply_is_threaded_under_its_parent(client, make_article, make_comment, comment_form_data):
    article = make_article()
    first, second = make_comment(article), make_comment(article)
    rules = ModerationRules.load()
    rules.hold_all = False
    rules.save()
    client.post(url(article), comment_form_data(parent=first.pk, body="A reply to the first"))
    reply = Comment.objects.get(body="A reply to the first")
    html = Client().get(article.get_absolute_url()).content.decode()
    assert reply.parent == first
    assert comment_ids(html) == [first.pk, reply.pk, second.pk]
    assert f'<li class="comment depth-1" id="comment-{reply.pk}">' in html


def test_reply_deeper_than_the_limit_is_refused_with_text_kept(client, make_article, make_comment, comment_form_data):
    article = make_article()
    top = make_comment(article)
    deepest = make_comment(article, parent=make_comment(article, parent=top))
    response = client.post(url(article), comment_form_data(parent=deepest.pk, body="Too deep a reply"))
    assert response.status_code == 400
    assert "Replies cannot be nested any deeper here" in response.content.decode()
    assert "Too deep a reply</textarea>" in response.content.decode()
    assert not Comment.objects.filter(body="Too deep a reply").exists()


def test_depth_one_allows_no_replies(client, make_article, make_comment):
    rules = ModerationRules.load()
    rules.max_depth = 1
    rules.save()
    article = make_article()
    make_comment(article)
    assert "data-reply-to" not in client.get(article.get_absolute_url()).content.decode()


def test_reply_to_unapproved_comment_is_refused(client, make_article, make_comment, comment_form_data):
    article = make_article()
    held = make_comment(article, status="pending")
    response = client.post(url(article), comment_form_data(parent=held.pk))
    assert response.status_code == 400
    assert "The comment you replied to is not available any more." in response.content.decode()


def test_reply_link_without_javascript_prefills_parent(client, make_article, make_comment):
    article = make_article()
    top = make_comment(article, author_name="Ana")
    html = client.get(f"{article.get_absolute_url()}?replytocom={top.pk}").content.decode()
    assert "<h2>Leave a Reply to Ana</h2>" in html
    assert f'name="parent" value="{top.pk}"' in html


def test_long_threads_are_split_into_pages_of_threads(client, make_article, make_comment):
    rules = ModerationRules.load()
    rules.per_page = 2
    rules.save()
    article = make_article()
    a, b, c = make_comment(article), make_comment(article), make_comment(article)
    a_reply = make_comment(article, parent=a)
    first = client.get(article.get_absolute_url()).content.decode()
    second = client.get(f"{article.get_absolute_url()}?cpage=2").content.decode()
    assert comment_ids(first) == [a.pk, a_reply.pk, b.pk]
    assert comment_ids(second) == [c.pk]
    assert "Comments page 1 of 2" in first
    assert f'href="{article.get_absolute_url()}?cpage=2#comments" rel="next"' in first
    assert "4 comments" in second


def test_posting_on_a_later_page_redirects_there(client, make_article, make_comment, comment_form_data):
    rules = ModerationRules.load()
    rules.per_page = 1
    rules.save()
    article = make_article()
    make_comment(article)
    response = client.post(url(article), comment_form_data())
    comment = Comment.objects.latest("pk")
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{comment.pk}"
    assert "Your comment is awaiting moderation." in client.get(response["Location"]).content.decode()


def test_comment_count_counts_approved_only(client, make_article, make_comment):
    article = make_article()
    make_comment(article)
    make_comment(article)
    for status in ("pending", "spam", "trash"):
        make_comment(article, status=status)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h2 id="comments-title">2 comments</h2>' in html


def staff_reply_meta(html):
    return re.search(r'<span class="comment-author">((?:(?!</span>\s*<a class="comment-time").)*)', html, flags=re.S).group(1)


def test_staff_reply_shows_a_staff_badge_and_links_to_the_author_page(client, make_article, make_comment, make_author):
    author = make_author("Kevin Zhang", title="Community editor")
    article = make_article(authors=[author])
    make_comment(article, author_name="Kevin Zhang", author_profile=author, parent=make_comment(article, author_name="Ann"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert staff_reply_meta(html.split('id="comment-', 2)[2]) == (
        f'<a href="{author.get_absolute_url()}">Kevin Zhang</a> <span class="staff-badge">Staff</span> '
        '<span class="comment-role">Community editor</span>'
    )
    assert client.get(author.get_absolute_url()).status_code == 200


def test_staff_reply_of_an_author_without_a_page_is_not_a_link(client, make_article, make_comment, make_author):
    moderator = make_author("Mo Derator")  # nothing published: /author/<slug>/ answers 404
    article = make_article()
    make_comment(article, author_name="Mo Derator", author_profile=moderator, parent=make_comment(article))
    html = client.get(article.get_absolute_url()).content.decode()
    assert client.get(moderator.get_absolute_url()).status_code == 404
    assert moderator.get_absolute_url() not in html
    assert 'Mo Derator <span class="staff-badge">Staff</span>' in html


@pytest.mark.parametrize("count", [1, 5])
def test_comment_list_query_count_does_not_grow(rf, make_article, make_comment, count, django_assert_num_queries):
    article = make_article()
    for _ in range(count):
        make_comment(article, parent=make_comment(article))
    template = Template("{% load comment_tags %}{% comment_section article %}")
    request = rf.get(article.get_absolute_url())
    # The rules row and the article's whole thread of comments.
    with django_assert_num_queries(2):
        html = template.render(Context({"request": request, "article": article}))
    assert len(comment_ids(html)) == 2 * count


def test_a_long_thread_is_placed_from_ids_then_its_page_loaded(rf, make_article, make_comment, monkeypatch, django_assert_num_queries):
    """Past WHOLE_THREAD_ROWS comments, the thread is placed from ids and only the page's comments are read."""
    monkeypatch.setattr("comments.models.WHOLE_THREAD_ROWS", 3)
    article = make_article()
    first = make_comment(article)
    reply = make_comment(article, parent=first)
    others = [make_comment(article) for _ in range(3)]
    template = Template("{% load comment_tags %}{% comment_section article %}")
    request = rf.get(article.get_absolute_url())
    # The rules row, the first rows of the thread (too many), its ids, the comments on the page.
    with django_assert_num_queries(4):
        html = template.render(Context({"request": request, "article": article}))
    assert comment_ids(html) == [c.pk for c in [first, reply, *others]]


# Remember me


def test_no_cookie_without_consent(client, make_article, comment_form_data):
    response = client.post(url(make_article()), comment_form_data())
    assert "newsroom_commenter" not in response.cookies or response.cookies["newsroom_commenter"].value == ""


def test_remember_box_is_unticked_by_default(client, make_article):
    html = client.get(make_article().get_absolute_url()).content.decode()
    box = re.search(r'<input type="checkbox" name="remember"[^>]*>', html).group(0)
    assert "checked" not in box
    assert "Save my name, email, and website in this browser for the next time I comment." in html


def test_ticked_box_sets_cookie_that_prefills_the_form_for_that_reader_only(client, make_article, comment_form_data):
    article = make_article()
    response = client.post(url(article), comment_form_data(remember="on", url="https://helen.example"))
    assert response.cookies["newsroom_commenter"]["httponly"]
    page = client.get(make_article().get_absolute_url())
    html = page.content.decode()
    assert 'value="Helen Wu"' in html and 'value="helen@example.com"' in html and 'value="https://helen.example"' in html
    assert re.search(r'<input type="checkbox" name="remember"[^>]*checked', html)
    assert "private" in page["Cache-Control"]
    stranger = Client().get(article.get_absolute_url())
    assert "Helen Wu" not in stranger.content.decode()
    assert "private" not in stranger.get("Cache-Control", "")


def test_unticking_the_box_forgets_the_reader(client, make_article, comment_form_data):
    article = make_article()
    client.post(url(article), comment_form_data(remember="on"))
    response = client.post(url(article), comment_form_data(body="Second thought"))
    assert response.cookies["newsroom_commenter"].value == ""
    assert 'value="Helen Wu"' not in client.get(article.get_absolute_url()).content.decode()


def test_notify_box_is_stored_with_the_comment(client, make_article, comment_form_data):
    client.post(url(make_article()), comment_form_data(notify="on"))
    assert Comment.objects.get().notify_replies is True


def test_reply_and_page_links_lead_to_the_article_from_a_form_shown_again(client, make_article, make_comment, comment_form_data):
    article = make_article()
    top = make_comment(article)
    response = client.post(url(article), comment_form_data(email="not-an-email"))
    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="{article.get_absolute_url()}?replytocom={top.pk}#respond"' in html
    assert 'href="?' not in html


def test_comment_times_are_written_in_the_pages_language_and_the_sites_time_zone(client, settings, make_article, make_comment):
    from datetime import datetime, timezone as dt_timezone

    settings.PAGE_CACHE_SECONDS = 0
    settings.TIME_ZONE = "America/Los_Angeles"
    moment = datetime(2026, 3, 5, 18, 7, tzinfo=dt_timezone.utc)
    english = make_article(title="Talks")
    chinese = make_article(title="会谈", language="zh-hans", original=english)
    for article in (english, chinese):
        Comment.objects.filter(pk=make_comment(article).pk).update(created_at=moment)

    def time_of(article):
        html = client.get(article.get_absolute_url()).content.decode()
        return re.search(r'class="comment-time"[^>]*><time datetime="([^"]+)">([^<]+)</time>', html).groups()

    assert time_of(english) == ("2026-03-05T10:07:00-0800", "March 5, 2026, 10:07 a.m.")
    assert time_of(chinese) == ("2026-03-05T10:07:00-0800", "2026年3月5日 10:07")
    assert time_of(english) == ("2026-03-05T10:07:00-0800", "March 5, 2026, 10:07 a.m.")  # each language its own, though kept
    settings.TIME_ZONE = "Asia/Shanghai"
    assert time_of(english) == ("2026-03-06T02:07:00+0800", "March 6, 2026, 2:07 a.m.")
    assert time_of(chinese) == ("2026-03-06T02:07:00+0800", "2026年3月6日 02:07")
