"""The moderation rules: what each comment's status becomes, and why it was held."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from comments.models import Ban, Comment, ModerationRules

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules():
    return ModerationRules.load()


@pytest.fixture
def post(client, comment_form_data):
    def send(article, ip="198.51.100.7", **fields):
        return client.post(f"/comments/post/{article.pk}/", comment_form_data(**fields), REMOTE_ADDR=ip)

    return send


def test_rules_row_exists_with_safe_defaults():
    rules = ModerationRules.objects.get()
    assert (rules.hold_all, rules.approve_known_commenters, rules.max_links, rules.close_after_days, rules.max_depth) == (
        True, False, 2, None, 3
    )
    assert (rules.erase_ip_after_days, rules.min_seconds) == (90, 3)


def test_rules_stay_one_row(rules):
    rules.pk = None
    rules.max_links = 7
    rules.save()
    assert list(ModerationRules.objects.values_list("pk", "max_links")) == [(1, 7)]


def test_first_time_commenter_is_held_with_reason(post, make_article):
    post(make_article())
    comment = Comment.objects.get()
    assert (comment.status, comment.moderation_reason) == ("pending", "first-time commenter")


def test_known_commenter_is_still_held_when_every_comment_is_held(post, make_article, make_comment):
    article = make_article()
    make_comment(article, author_email="helen@example.com", body="An earlier comment.")
    post(article)
    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.moderation_reason) == ("pending", "every comment is held (known commenter)")


def test_known_commenter_is_approved_when_rule_allows(post, make_article, make_comment, rules):
    rules.approve_known_commenters = True
    rules.save()
    article = make_article()
    make_comment(article, author_email="helen@example.com", body="An earlier comment.")
    post(article, email="Helen@Example.com")
    assert Comment.objects.latest("pk").status == "approved"


def test_known_commenter_with_only_a_pending_comment_is_not_known(post, make_article, make_comment, rules):
    rules.approve_known_commenters = True
    rules.save()
    article = make_article()
    make_comment(article, status="pending", author_email="helen@example.com", body="Still waiting.")
    post(article)
    assert Comment.objects.latest("pk").moderation_reason == "first-time commenter"


def test_nothing_held_when_holding_is_off(post, make_article, rules):
    rules.hold_all = False
    rules.save()
    post(make_article())
    comment = Comment.objects.get()
    assert (comment.status, comment.moderation_reason) == ("approved", "")


@pytest.mark.parametrize(
    "body, status, reason",
    [
        ("See https://a.example and https://b.example", "approved", ""),
        ("See https://a.example, http://b.example and www.c.example", "pending", "3 links"),
    ],
)
def test_link_limit_holds_comment_with_more_links(post, make_article, rules, body, status, reason):
    rules.hold_all = False
    rules.save()
    post(make_article(), body=body)
    comment = Comment.objects.get()
    assert (comment.status, comment.moderation_reason) == (status, reason)


@pytest.mark.parametrize(
    "fields, word",
    [
        ({"body": "This is about CASINO bonuses"}, "casino"),
        ({"name": "Mallory Smith"}, "mallory"),
        ({"email": "troll@bad.example"}, "troll@bad.example"),
    ],
)
def test_hold_list_matches_words_names_and_emails(post, make_article, rules, fields, word):
    rules.hold_all = False
    rules.hold_words = "casino\nmallory\ntroll@bad.example\n"
    rules.save()
    post(make_article(), **fields)
    comment = Comment.objects.get()
    assert (comment.status, comment.moderation_reason) == ("pending", f"matched word “{word}”")


def test_hold_list_matches_ip_address(post, make_article, rules):
    rules.hold_all = False
    rules.hold_words = "203.0.113.50"
    rules.save()
    post(make_article(), ip="203.0.113.50")
    assert Comment.objects.get().moderation_reason == "matched word “203.0.113.50”"


def test_spam_list_sends_comment_to_spam_and_it_is_kept(post, make_article, rules):
    rules.spam_words = "cheap pills"
    rules.save()
    response = post(make_article(), body="Buy Cheap Pills here")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert (comment.status, comment.moderation_reason) == ("spam", "matched spam word “cheap pills”")


def test_spam_list_wins_over_hold_list(post, make_article, rules):
    rules.hold_words = "pills"
    rules.spam_words = "cheap pills"
    rules.save()
    post(make_article(), body="cheap pills")
    assert Comment.objects.get().status == "spam"


def test_several_reasons_are_all_given(post, make_article, rules):
    rules.hold_words = "casino"
    rules.max_links = 0
    rules.save()
    post(make_article(), body="casino at https://x.example")
    assert Comment.objects.get().moderation_reason == "1 links; matched word “casino”"


def test_rate_of_posting_holds_comment(post, make_article, rules):
    rules.hold_all = False
    rules.hold_after_per_hour = 2
    rules.save()
    article = make_article()
    for n in range(3):
        post(article, body=f"Comment {n}")
    statuses = list(Comment.objects.order_by("pk").values_list("status", "moderation_reason"))
    assert statuses == [
        ("approved", ""),
        ("approved", ""),
        ("pending", "rate of posting (3 comments from this IP in an hour)"),
    ]


@pytest.mark.parametrize("ban_field", ["email", "ip_address"])
def test_banned_commenter_goes_straight_to_spam(post, make_article, rules, ban_field):
    ban = {"email": "helen@example.com"} if ban_field == "email" else {"ip_address": "198.51.100.7"}
    Ban.objects.create(reason="Abuse of other readers", **ban)
    rules.hold_all = False
    rules.save()
    post(make_article())
    comment = Comment.objects.get()
    assert comment.status == "spam"
    assert comment.moderation_reason.startswith("banned commenter (")
    assert "Abuse of other readers" in comment.moderation_reason


def test_expired_or_lifted_ban_no_longer_applies(post, make_article, rules):
    rules.hold_all = False
    rules.save()
    Ban.objects.create(email="helen@example.com", reason="Cool off", expires_at=timezone.now() - timedelta(minutes=1))
    Ban.objects.create(email="helen@example.com", reason="Mistake", lifted_at=timezone.now())
    post(make_article())
    assert Comment.objects.get().status == "approved"


def test_ban_for_a_period_ends_by_itself(make_article, rules, client, comment_form_data):
    rules.hold_all = False
    rules.save()
    Ban.objects.create(email="helen@example.com", reason="Cool off", expires_at=timezone.now() + timedelta(days=7))
    article = make_article()
    client.post(f"/comments/post/{article.pk}/", comment_form_data(body="During the ban"))
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        client.post(f"/comments/post/{article.pk}/", comment_form_data(body="After the ban"))
    assert list(Comment.objects.order_by("pk").values_list("status", flat=True)) == ["spam", "approved"]


def test_comments_close_on_articles_older_than_the_limit(post, client, make_article, rules):
    rules.close_after_days = 14
    rules.save()
    article = make_article(published_at=timezone.now() - timedelta(days=10))
    assert "Leave a Reply" in client.get(article.get_absolute_url()).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=5)):
        page = client.get(article.get_absolute_url()).content.decode()
        response = post(article)
    assert "Leave a Reply" not in page
    assert "Comments are closed." in page
    assert response.status_code == 400
    assert "Comments are closed on this article." in response.content.decode()
    assert Comment.objects.count() == 0


def test_closing_by_age_is_off_by_default(post, make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=3650))
    assert post(article).status_code == 302


def test_banned_commenter_is_told_what_a_held_commenter_is_told(make_article, rules, comment_form_data):
    """
    Decided (issue 11): a ban is not announced. The banned commenter sees their comment “awaiting
    moderation”, exactly as a held one, while it goes to spam: told they are banned, they would come
    back under a new address at once; not told, they usually give up. A mistaken ban costs nothing
    for 30 days: the comment waits in Spam with its reason, for a moderator to restore.
    """
    Ban.objects.create(email="helen@example.com", reason="Abuse of other readers")
    article = make_article()
    pages = {}
    for who, email in [("banned", "helen@example.com"), ("held", "other@example.com")]:
        reader = Client()
        response = reader.post(f"/comments/post/{article.pk}/", comment_form_data(email=email, body=f"Text of the {who}"), follow=True)
        html = response.content.decode()
        pages[who] = (response.status_code, "Your comment is awaiting moderation." in html, f"Text of the {who}" in html)
    assert pages == {"banned": (200, True, True), "held": (200, True, True)}
    assert dict(Comment.objects.values_list("author_email", "status")) == {"helen@example.com": "spam", "other@example.com": "pending"}
    stranger = Client().get(article.get_absolute_url()).content.decode()
    assert ("Text of the banned" in stranger, "Text of the held" in stranger) == (False, False)
