"""`manage.py purge_comments`: spam and trash go after 30 days, IP addresses after the rules' limit."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment, ModerationRules

pytestmark = pytest.mark.django_db


def test_purge_deletes_old_spam_and_trash_only(make_article, make_comment):
    article = make_article()
    now = timezone.now()
    old_spam = make_comment(article, status="spam", created_at=now - timedelta(days=31))
    old_trash = make_comment(article, status="trash", created_at=now - timedelta(days=40))
    young_spam = make_comment(article, status="spam", created_at=now - timedelta(days=29))
    old_approved = make_comment(article, created_at=now - timedelta(days=400))
    old_pending = make_comment(article, status="pending", created_at=now - timedelta(days=400))
    call_command("purge_comments")
    kept = set(Comment.objects.values_list("pk", flat=True))
    assert kept == {young_spam.pk, old_approved.pk, old_pending.pk}
    assert old_spam.pk not in kept and old_trash.pk not in kept


def test_purge_counts_from_when_a_moderator_trashed_it(make_article, make_comment):
    """A year-old comment trashed today still gets its 30 days to be rescued."""
    comment = make_comment(make_article(), created_at=timezone.now() - timedelta(days=365))
    Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.TRASH)
    call_command("purge_comments")
    assert Comment.objects.filter(pk=comment.pk).exists()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        call_command("purge_comments")
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_purge_erases_ip_addresses_after_the_limit(make_article, make_comment):
    article = make_article()
    now = timezone.now()
    old = make_comment(article, ip_address="198.51.100.1", user_agent="Old", created_at=now - timedelta(days=91))
    recent = make_comment(article, ip_address="198.51.100.2", user_agent="New", created_at=now - timedelta(days=89))
    call_command("purge_comments")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent, old.body) == (None, "", old.body)
    assert (recent.ip_address, recent.user_agent) == ("198.51.100.2", "New")


def test_ip_limit_comes_from_the_rules(make_article, make_comment):
    rules = ModerationRules.load()
    rules.erase_ip_after_days = 7
    rules.save()
    comment = make_comment(make_article(), ip_address="198.51.100.1", created_at=timezone.now() - timedelta(days=8))
    call_command("purge_comments")
    comment.refresh_from_db()
    assert comment.ip_address is None


def test_dry_run_changes_nothing(make_article, make_comment, capsys):
    make_comment(make_article(), status="spam", created_at=timezone.now() - timedelta(days=31))
    call_command("purge_comments", "--dry-run")
    assert Comment.objects.count() == 1
    assert "Would delete 1 spam or trashed comment(s)." in capsys.readouterr().out
