"""Posting a comment from the article page: stored for moderation, shown only to its writer, escaped."""

import re
import time

import pytest
from django.test import Client

from comments.forms import issue_token
from comments.models import Comment

pytestmark = pytest.mark.django_db

VALID = {"name": "Helen Wu", "email": "helen@example.com", "url": "https://helen.example", "body": "Clear summary, thank you."}


def post(client, article, data=None, **extra):
    # comments.js adds the signed time the reader started on the form; a minute ago passes the minimum-time rule.
    data = {"issued": issue_token(time.time() - 60), **(data or VALID)}
    return client.post(f"/comments/post/{article.pk}/", data, **extra)


def test_valid_comment_is_held_with_ip_and_user_agent(client, make_article):
    article = make_article()
    response = post(client, article, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="TestBrowser/1.0")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.status, comment.author_name, comment.author_email, comment.author_url, comment.body) == (
        "pending", "Helen Wu", "helen@example.com", "https://helen.example", "Clear summary, thank you."
    )
    assert (comment.ip_address, comment.user_agent) == ("203.0.113.9", "TestBrowser/1.0")


def test_writer_sees_own_pending_comment_and_others_do_not(client, make_article):
    article = make_article()
    post(client, article)
    own = client.get(article.get_absolute_url())
    html = own.content.decode()
    assert "Your comment is awaiting moderation." in html
    assert "Clear summary, thank you." in html
    assert "private" in own["Cache-Control"]

    other = Client().get(article.get_absolute_url())
    assert "Clear summary, thank you." not in other.content.decode()
    assert "awaiting moderation" not in other.content.decode()
    assert "private" not in other.get("Cache-Control", "")


def test_pending_comment_not_shown_on_another_article(client, make_article):
    first, second = make_article(), make_article()
    post(client, first)
    assert "Clear summary" not in client.get(second.get_absolute_url()).content.decode()


def test_invalid_comment_shows_errors_and_keeps_what_was_typed(client, make_article):
    article = make_article()
    data = {"name": "", "email": "not-an-email", "url": "https://kept.example", "body": "My long considered reply."}
    response = post(client, article, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert re.search(r'field-name has-error.*?This field is required\.', html, re.S)
    assert "Enter a valid email address." in html
    assert 'value="not-an-email"' in html
    assert 'value="https://kept.example"' in html
    assert "My long considered reply.</textarea>" in html


def test_approved_comment_shows_name_linked_nofollow_and_escaped_body(client, make_article, make_comment):
    article = make_article()
    make_comment(article, author_name="<b>Eve</b>", author_url="https://eve.example", body="<script>alert(1)</script> & more")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://eve.example" rel="nofollow ugc">&lt;b&gt;Eve&lt;/b&gt;</a>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<script>alert(1)" not in html


def test_email_address_never_appears_on_the_page(client, make_article, make_comment):
    article = make_article()
    make_comment(article, author_email="secret.reader@example.com")
    post(client, article, {**VALID, "email": "pending.reader@example.com"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert "secret.reader@example.com" not in html
    assert "pending.reader@example.com" not in html


@pytest.mark.parametrize("status", ["pending", "spam", "trash"])
def test_unapproved_comments_of_others_are_not_shown(client, make_article, make_comment, status):
    article = make_article()
    make_comment(article, status=status, body="Hidden words")
    assert "Hidden words" not in client.get(article.get_absolute_url()).content.decode()


def test_comment_on_closed_article_is_refused_and_text_kept(client, make_article):
    article = make_article(allow_comments=False)
    response = post(client, article)
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_comment_on_unpublished_article_is_404(client, make_article):
    article = make_article(status="draft")
    assert post(client, article).status_code == 404


def test_get_on_post_address_is_not_allowed(client, make_article):
    assert client.get(f"/comments/post/{make_article().pk}/").status_code == 405


def test_post_without_csrf_token_is_refused_and_gives_text_back(make_article):
    article = make_article()
    # A browser says where a form post came from: here, one of our own pages.
    browser = Client(enforce_csrf_checks=True, headers={"Sec-Fetch-Site": "same-origin"})
    response = post(browser, article)
    html = response.content.decode()
    assert response.status_code == 403
    assert Comment.objects.count() == 0
    assert "Clear summary, thank you.</textarea>" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    retry = post(browser, article, {**VALID, "csrfmiddlewaretoken": token})
    assert retry.status_code == 302
    assert Comment.objects.count() == 1


def test_cached_article_page_carries_no_csrf_token_and_cookie_endpoint_gives_one(make_article):
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(article.get_absolute_url())
    assert 'name="csrfmiddlewaretoken" value=""' in page.content.decode()
    assert "csrftoken" not in page.cookies
    cookie = browser.get("/comments/csrf/")
    assert cookie.status_code == 200
    assert cookie.json()["issued"]
    # How long comments.js holds back a send right after fetching: the rules' minimum time.
    assert cookie.json()["wait"] == 3
    token = browser.cookies["csrftoken"].value
    response = post(browser, article, {**VALID, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_comment_sent_again_is_answered_duplicate_without_using_up_the_rate_limit(client, make_article, comment_form_data):
    from comments.models import ModerationRules

    rules = ModerationRules.load()
    rules.posts_per_minute, rules.posts_per_hour = 2, 0
    rules.save()
    article = make_article()
    url = f"/comments/post/{article.pk}/"
    assert client.post(url, comment_form_data(body="First thoughts")).status_code == 302
    # The answer was lost (a server died): the reader sends it again, maybe twice.
    assert client.post(url, comment_form_data(body="First thoughts")).status_code == 409
    assert client.post(url, comment_form_data(body="First thoughts")).status_code == 409
    assert client.post(url, comment_form_data(body="Second thoughts")).status_code == 302
    limited = client.post(url, comment_form_data(body="Third thoughts"))
    assert (limited.status_code, limited["Retry-After"].isdigit()) == (429, True)
    assert sorted(Comment.objects.values_list("body", flat=True)) == ["First thoughts", "Second thoughts"]
