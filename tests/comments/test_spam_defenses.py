"""Bots and floods: honeypot, minimum time, per-IP rate limits, duplicates. Nothing a reader writes is lost."""

import time

import pytest
import time_machine
from django.test import Client

from comments.forms import issue_token
from comments.models import Comment, ModerationRules

pytestmark = pytest.mark.django_db

# A whole hour (and so a whole minute): rate-limit windows start here.
START = 1_899_997_200


def url(article):
    return f"/comments/post/{article.pk}/"


def test_filled_honeypot_sends_comment_to_spam_not_the_void(client, make_article, comment_form_data):
    response = client.post(url(make_article()), comment_form_data(homepage="http://bot.example"))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert (comment.status, comment.moderation_reason) == ("spam", "honeypot field filled in")


def test_honeypot_is_hidden_from_people(client, make_article):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert '<p class="field field-homepage" aria-hidden="true">' in html
    assert 'name="homepage"' in html and 'tabindex="-1"' in html


def test_form_sent_instantly_goes_to_spam(client, make_article, comment_form_data):
    article = make_article()
    with time_machine.travel(START, tick=False):
        token = client.get("/comments/csrf/").json()["issued"]
        client.post(url(article), comment_form_data(issued=token))
    comment = Comment.objects.get()
    assert (comment.status, comment.moderation_reason) == ("spam", "sent 0.0 s after the form was opened (minimum 3 s)")


def test_form_sent_after_minimum_time_is_held_as_usual(client, make_article, comment_form_data):
    article = make_article()
    with time_machine.travel(START, tick=False) as traveller:
        token = client.get("/comments/csrf/").json()["issued"]
        traveller.shift(4)
        client.post(url(article), comment_form_data(issued=token))
    assert Comment.objects.get().status == "pending"


@pytest.mark.parametrize("token", ["", "forged:value", "expired"])
def test_form_without_a_valid_timing_token_goes_to_spam(client, make_article, comment_form_data, token):
    if token == "expired":
        token = issue_token(time.time() - 3 * 24 * 3600)
    client.post(url(make_article()), comment_form_data(issued=token))
    comment = Comment.objects.get()
    assert (comment.status, comment.moderation_reason) == ("spam", "sent without a valid form timing token")


def test_cached_page_has_no_timing_token_and_form_shown_again_carries_one(client, make_article, comment_form_data):
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<input type="hidden" name="issued" value="" data-issued>' in page
    again = client.post(url(article), comment_form_data(email="broken")).content.decode()
    assert '<input type="hidden" name="issued" value="" data-issued>' not in again
    assert 'name="issued" value="' in again


def test_rate_limit_answers_429_with_message_and_text_kept(client, make_article, comment_form_data):
    rules = ModerationRules.load()
    rules.posts_per_minute = 2
    rules.save()
    article = make_article()
    with time_machine.travel(START, tick=False):
        for n in range(2):
            assert client.post(url(article), comment_form_data(body=f"Fine {n}")).status_code == 302
        response = client.post(url(article), comment_form_data(body="My third thought, kept."))
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "You are sending comments faster than this site allows." in html
    assert "My third thought, kept.</textarea>" in html
    assert "private" in response["Cache-Control"]
    assert Comment.objects.count() == 2


def test_rate_limit_is_per_ip_and_resets_next_minute(make_article, comment_form_data):
    rules = ModerationRules.load()
    rules.posts_per_minute = 1
    rules.save()
    article = make_article()
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        assert client.post(url(article), comment_form_data(body="a"), REMOTE_ADDR="192.0.2.1").status_code == 302
        assert client.post(url(article), comment_form_data(body="b"), REMOTE_ADDR="192.0.2.1").status_code == 429
        assert client.post(url(article), comment_form_data(body="c"), REMOTE_ADDR="192.0.2.2").status_code == 302
        traveller.shift(60)
        assert client.post(url(article), comment_form_data(body="d"), REMOTE_ADDR="192.0.2.1").status_code == 302
    assert sorted(Comment.objects.values_list("body", flat=True)) == ["a", "c", "d"]


def test_hourly_rate_limit(client, make_article, comment_form_data):
    rules = ModerationRules.load()
    rules.posts_per_minute = 0
    rules.posts_per_hour = 3
    rules.save()
    article = make_article()
    with time_machine.travel(START, tick=False):
        codes = [client.post(url(article), comment_form_data(body=f"n{n}")).status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]


def test_identical_comment_twice_is_refused_as_duplicate(client, make_article, comment_form_data):
    article = make_article()
    client.post(url(article), comment_form_data())
    response = client.post(url(article), comment_form_data(body="  Clear summary,   thank you. "))
    assert response.status_code == 409
    assert "You have already posted this comment on this article; it was not sent twice." in response.content.decode()
    assert Comment.objects.count() == 1


def test_same_text_on_another_article_or_by_another_reader_is_not_a_duplicate(client, make_article, comment_form_data):
    first, second = make_article(), make_article()
    client.post(url(first), comment_form_data())
    assert client.post(url(second), comment_form_data()).status_code == 302
    assert client.post(url(first), comment_form_data(email="other@example.com")).status_code == 302
    assert Comment.objects.count() == 3


def test_duplicate_that_races_past_the_form_check_is_stored_once(make_article, make_comment):
    from django.db import IntegrityError, transaction

    article = make_article()
    make_comment(article, author_email="a@example.com", body="Same words")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_comment(article, author_email="A@example.com ".strip(), body="Same   words")
    assert Comment.objects.count() == 1


def test_reader_without_javascript_gets_a_timing_token_with_the_csrf_retry(make_article):
    """No JavaScript: no CSRF token, no timing token. The 403 page gives both; sent again, it is a normal comment."""
    import re

    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    fields = {"name": "Ana", "email": "ana@example.com", "body": "Written without JavaScript"}
    browser = Client(enforce_csrf_checks=True, headers={"Origin": "http://testserver"})
    with time_machine.travel(START, tick=False) as traveller:
        page = browser.post(url(article), fields).content.decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        issued = re.search(r'name="issued" value="([^"]+)"', page).group(1)
        traveller.shift(8)  # reading the message and pressing the button again
        response = browser.post(url(article), {**fields, "csrfmiddlewaretoken": csrf, "issued": issued})
    assert response.status_code == 302
    assert Comment.objects.get().status == "pending"
