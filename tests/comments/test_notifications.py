"""E-mail to moderators about held comments and to commenters about replies; a broken mail server loses nothing."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from comments import notifications
from comments.models import Comment, ModerationRules

pytestmark = pytest.mark.django_db


class BrokenMailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("mod", "mod@newsroom.example", "pw", is_staff=True)
    group = Group.objects.create(name="Comment moderators")
    group.permissions.add(Permission.objects.get(codename="change_comment"))
    user.groups.add(group)
    return user


def url(article):
    return f"/comments/post/{article.pk}/"


def test_held_comment_mails_moderators_with_approve_and_spam_links(
    client, make_article, moderator, comment_form_data, django_capture_on_commit_callbacks, django_user_model
):
    django_user_model.objects.create_user("writer", "writer@newsroom.example", "pw", is_staff=True)
    article = make_article(title="Council budget")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(article), comment_form_data(body="Where does the money go?"), REMOTE_ADDR="198.51.100.4")
    comment = Comment.objects.get()
    [message] = mail.outbox
    assert message.to == ["mod@newsroom.example"]
    assert message.subject == "Comment held for moderation: Council budget"
    assert "Held because: first-time commenter" in message.body
    assert "Where does the money go?" in message.body
    assert "IP: 198.51.100.4" in message.body
    assert f"http://testserver/admin/comments/comment/{comment.pk}/moderate/approve/" in message.body
    assert f"http://testserver/admin/comments/comment/{comment.pk}/moderate/spam/" in message.body


def test_mail_is_sent_only_after_the_comment_is_committed(client, make_article, moderator, comment_form_data, django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url(article), comment_form_data())
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_approved_and_spam_comments_do_not_mail_moderators(client, make_article, moderator, comment_form_data, django_capture_on_commit_callbacks):
    rules = ModerationRules.load()
    rules.hold_all = False
    rules.save()
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(article), comment_form_data(body="approved"))
        client.post(url(article), comment_form_data(body="spam", homepage="x"))
    assert mail.outbox == []


def test_a_flood_of_held_comments_is_throttled_and_summed_up(make_article, make_comment, moderator):
    article = make_article()
    for n in range(10):
        make_comment(article, status="pending", body=f"Flood {n}")
        notifications.send_moderator_mail("http://testserver/")
    assert len(mail.outbox) == notifications.BURST
    assert [m.subject for m in mail.outbox] == [f"Comment held for moderation: {article}"] * notifications.BURST
    # The next mail (the first after the window, or the cron command) lists everything since the last one.
    assert notifications.send_moderator_mail("http://testserver/", force=True)
    summary = mail.outbox[-1]
    assert summary.subject == "7 comments held for moderation"
    assert [f"Flood {n}" in summary.body for n in range(3, 10)] == [True] * 7


def test_mail_held_comments_command_sends_the_summary(make_article, make_comment, moderator):
    from django.core.management import call_command

    make_comment(make_article(), status="pending")
    call_command("mail_held_comments", base_url="https://news.example")
    assert "https://news.example/admin/comments/comment/?status__exact=pending" in mail.outbox[0].body


def test_broken_mail_server_loses_nothing(
    client, make_article, moderator, comment_form_data, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.comments.test_notifications.BrokenMailBackend"
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(article), comment_form_data(body="Still here"))
    assert response.status_code == 302
    assert Comment.objects.get().body == "Still here"
    # The mail task failed (and is logged as such); the reader's request did not.
    assert "path=comments.tasks.mail_moderators state=FAILED" in caplog.text
    assert "ConnectionRefusedError: mail server down" in caplog.text
    assert "Still here" in client.get(response["Location"]).content.decode()


def test_reply_approved_mails_the_commenter_who_asked_with_unsubscribe(
    client, make_article, make_comment, comment_form_data, django_capture_on_commit_callbacks
):
    rules = ModerationRules.load()
    rules.hold_all = False
    rules.save()
    article = make_article(title="Night market")
    parent = make_comment(article, author_name="Ana", author_email="ana@example.com", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(article), comment_form_data(parent=parent.pk, body="I agree with Ana"))
    [message] = mail.outbox
    assert message.to == ["ana@example.com"]
    assert message.subject == "New reply to your comment on “Night market”"
    assert "I agree with Ana" in message.body
    reply = Comment.objects.get(body="I agree with Ana")
    assert f"Read the conversation: http://testserver{article.get_absolute_url()}#comment-{reply.pk}" in message.body
    unsubscribe = re.search(r"http://testserver(/comments/unsubscribe/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
    assert Comment.objects.get(pk=reply.pk).reply_notice_sent is True

    assert "Stop reply e-mails" in client.get(unsubscribe).content.decode()
    page = client.post(unsubscribe)
    assert page.status_code == 200
    assert "You are unsubscribed" in page.content.decode()
    assert Comment.objects.get(pk=parent.pk).notify_replies is False


def test_one_click_unsubscribe_by_post_from_the_mail_client(client, make_article, make_comment):
    parent = make_comment(make_article(), author_email="ana@example.com", notify_replies=True)
    token = notifications.unsubscribe_token("ana@example.com")
    assert client.post(f"/comments/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}).status_code == 200
    parent.refresh_from_db()
    assert parent.notify_replies is False


def test_forged_unsubscribe_link_changes_nothing(client, make_article, make_comment):
    parent = make_comment(make_article(), author_email="ana@example.com", notify_replies=True)
    assert client.get("/comments/unsubscribe/not-a-token/").status_code == 400
    parent.refresh_from_db()
    assert parent.notify_replies is True


def test_no_reply_mail_when_not_asked_held_or_own_reply(client, make_article, make_comment, comment_form_data, django_capture_on_commit_callbacks):
    article = make_article()
    quiet = make_comment(article, author_email="quiet@example.com", notify_replies=False)
    asked = make_comment(article, author_email="helen@example.com", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(article), comment_form_data(parent=quiet.pk, body="reply to quiet"))
        client.post(url(article), comment_form_data(parent=asked.pk, body="held reply"))  # held: no mail yet
    rules = ModerationRules.load()
    rules.hold_all = False
    rules.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(article), comment_form_data(parent=asked.pk, body="my own reply to myself"))
    assert [m.to for m in mail.outbox] == []


def test_broken_mail_server_on_reply_mail_keeps_the_reply_and_can_retry(make_article, make_comment, settings):
    settings.EMAIL_BACKEND = "tests.comments.test_notifications.BrokenMailBackend"
    article = make_article()
    parent = make_comment(article, author_email="ana@example.com", notify_replies=True)
    reply = make_comment(article, parent=parent)
    with pytest.raises(ConnectionRefusedError):  # the task fails, and is tried again (tests/newsroom/test_tasks.py)
        notifications.send_reply_mail(reply.pk, "http://testserver/")
    reply.refresh_from_db()
    assert reply.reply_notice_sent is False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.send_reply_mail(reply.pk, "http://testserver/") is True
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    assert notifications.send_reply_mail(reply.pk, "http://testserver/") is False  # sent once only
