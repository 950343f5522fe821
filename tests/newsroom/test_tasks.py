"""Background tasks: work leaves the request, a worker runs it, failures are retried and shown in the admin."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Photo
from comments.models import Comment, ModerationRules
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db

BROKEN_MAIL = "tests.comments.test_notifications.BrokenMailBackend"
WORKING_MAIL = "django.core.mail.backends.locmem.EmailBackend"


class MailInTheRequest(Exception):
    pass


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("mod", "mod@newsroom.example", "pw", is_staff=True)
    group = Group.objects.create(name="Comment moderators")
    group.permissions.add(Permission.objects.get(codename="change_comment"))
    user.groups.add(group)
    return user


def post_comment(client, article, comment_form_data, **fields):
    return client.post(f"/comments/post/{article.pk}/", comment_form_data(**fields), REMOTE_ADDR="198.51.100.7")


def test_held_comment_queues_the_moderator_mail_and_the_worker_sends_it(
    client, make_article, moderator, comment_form_data, database_tasks, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN_MAIL  # a request that tried to send mail would log a failure, not send
    article = make_article(title="Tram fares")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article, comment_form_data, body="Fares are too high")
    assert response.status_code == 302
    assert Comment.objects.get().body == "Fares are too high"
    [queued] = DBTaskResult.objects.all()
    assert (queued.task_path, queued.status) == ("comments.tasks.mail_moderators", "READY")

    settings.EMAIL_BACKEND = WORKING_MAIL
    database_tasks()

    [message] = mail.outbox
    assert message.subject == "Comment held for moderation: Tram fares"
    assert "Fares are too high" in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_failed_task_is_retried_later_with_its_error_kept_until_it_succeeds(
    make_article, make_comment, database_tasks, settings, django_capture_on_commit_callbacks
):
    from comments import notifications

    settings.EMAIL_BACKEND = BROKEN_MAIL
    article = make_article()
    parent = make_comment(article, author_email="ana@example.com", notify_replies=True)
    reply = make_comment(article, parent=parent)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.reply_approved(reply, "https://news.example/")

    with time_machine.travel(timezone.now(), tick=False) as clock:
        database_tasks()
        task = DBTaskResult.objects.get()
        assert task.status == "READY"  # back in the queue ...
        assert task.run_after == timezone.now() + timedelta(minutes=1)  # ... for a minute from now
        assert task.exception_class_path == "builtins.ConnectionRefusedError"
        assert "mail server down" in task.traceback

        database_tasks()  # not due yet: nothing runs
        assert len(DBTaskResult.objects.get().worker_ids) == 1

        clock.shift(timedelta(minutes=2))
        database_tasks()  # second try fails too: the pause grows
        task = DBTaskResult.objects.get()
        assert (task.status, len(task.worker_ids)) == ("READY", 2)
        assert task.run_after == timezone.now() + timedelta(minutes=5)

        settings.EMAIL_BACKEND = WORKING_MAIL  # the mail server is back
        clock.shift(timedelta(minutes=6))
        database_tasks()

    task = DBTaskResult.objects.get()
    assert (task.status, len(task.worker_ids)) == ("SUCCESSFUL", 3)
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    reply.refresh_from_db()
    assert reply.reply_notice_sent is True


def test_task_that_keeps_failing_stays_failed_in_the_admin_and_can_be_run_again(
    admin_client, make_article, make_comment, database_tasks, settings, django_capture_on_commit_callbacks
):
    from comments import notifications

    settings.EMAIL_BACKEND = BROKEN_MAIL
    settings.TASK_MAX_ATTEMPTS = 2
    article = make_article()
    parent = make_comment(article, author_email="ana@example.com", notify_replies=True)
    reply = make_comment(article, parent=parent)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.reply_approved(reply, "https://news.example/")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        database_tasks()
        clock.shift(timedelta(minutes=2))
        database_tasks()
        clock.shift(timedelta(hours=3))
        database_tasks()  # no third try
    task = DBTaskResult.objects.get()
    assert (task.status, len(task.worker_ids)) == ("FAILED", 2)

    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED").content.decode()
    assert "mail_reply" in page
    assert "ConnectionRefusedError" in page
    detail = admin_client.get(f"/admin/django_tasks_database/dbtaskresult/{task.pk}/change/").content.decode()
    assert "mail server down" in detail

    response = admin_client.post(
        "/admin/django_tasks_database/dbtaskresult/",
        {"action": "run_again", "_selected_action": [str(task.pk)]},
        follow=True,
    )
    assert "1 failed task(s) queued again." in response.content.decode()
    settings.EMAIL_BACKEND = WORKING_MAIL
    database_tasks()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(mail.outbox) == 1


def test_flood_summary_is_queued_for_the_end_of_the_window(
    make_article, make_comment, moderator, database_tasks, settings
):
    from comments import notifications

    settings.EMAIL_BACKEND = WORKING_MAIL
    rules = ModerationRules.load()
    article = make_article()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(8):
            make_comment(article, status="pending", body=f"Flood {n}")
            clock.shift(timedelta(seconds=1))
            notifications.send_moderator_mail("https://news.example/")
        assert len(mail.outbox) == notifications.BURST
        [summary_task] = DBTaskResult.objects.all()  # one summary, however long the flood
        # Queued by the first comment past the burst (the 4th, 4 seconds from the flood's start).
        assert summary_task.run_after == timezone.now() - timedelta(seconds=4) + timedelta(minutes=rules.notify_every_minutes)

        database_tasks()
        assert len(mail.outbox) == notifications.BURST  # not before the window ends
        clock.shift(timedelta(minutes=rules.notify_every_minutes, seconds=1))
        database_tasks()
    assert mail.outbox[-1].subject == "5 comments held for moderation"
    assert [f"Flood {n}" in mail.outbox[-1].body for n in range(3, 8)] == [True] * 5


def test_uploaded_photo_gets_its_renditions_from_a_task_before_any_page_shows_it(
    admin_client, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/articles/photo/add/", {
            "image": SimpleUploadedFile("harbour.jpg", image_bytes(size=(1000, 600))),
            "caption": "The harbour", "credit": "Staff", "alt_text": "Boats in the harbour",
        })
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.renditions == {}  # the upload did not wait for them
    assert DBTaskResult.objects.get().task_path == "articles.tasks.make_renditions"

    database_tasks()

    photo.refresh_from_db()
    assert [size["width"] for size in photo.renditions["sizes"]] == [320, 640, 960, 1000]
    assert photo.renditions["source"] == photo.image.name
    assert photo.image.storage.exists(photo.renditions["sizes"][0]["webp"])


def test_tasks_run_at_once_by_default(admin_client, django_capture_on_commit_callbacks, settings):
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/articles/photo/add/", {
            "image": SimpleUploadedFile("harbour.png", image_bytes("PNG", size=(700, 400))),
            "caption": "The harbour", "credit": "Staff", "alt_text": "Boats in the harbour",
        })
    photo = Photo.objects.get()
    assert [size["width"] for size in photo.renditions["sizes"]] == [320, 640, 700]
    assert not DBTaskResult.objects.exists()


def test_with_a_task_queue_pages_never_make_renditions_and_show_the_original(
    client, make_article, make_photo, database_tasks
):
    photo = make_photo(size=(1000, 600))  # its task is queued by the commit (not in this test's transaction)
    article = make_article(photo=photo)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{photo.image.url}"' in html
    photo.refresh_from_db()
    assert photo.renditions == {}

    from articles.tasks import make_renditions

    make_renditions.enqueue(photo.pk)
    database_tasks()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in html and "-640w.jpg" in html
