"""
E-mail about comments: moderators hear of held comments, commenters of approved replies.

The request only queues the mail (comments/tasks.py) once the comment is committed; the task worker
sends it. A mail server that is down or slow fails the task, not the request: the comment is stored,
the failure logged, and the task tried again later (newsroom/tasks.py).
"""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage, send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Comment, ModerationRules

logger = logging.getLogger(__name__)

THROTTLE_KEY = "comments:moderator-mail:count"
# Mails per window sent one per held comment; past this a flood is summed up in the next window's mail.
BURST = 3
SINCE_KEY = "comments:moderator-mail:since"
SUMMARY_KEY = "comments:moderator-mail:summary-queued"
UNSUBSCRIBE_SALT = "comments.unsubscribe"
# A link in an old e-mail stops working; every reply e-mail carries a fresh one.
UNSUBSCRIBE_MAX_AGE = timedelta(days=90)
MAX_LISTED = 25


def moderator_emails():
    """Active staff who may change comments and have an e-mail address."""
    perm = Permission.objects.filter(content_type__app_label="comments", codename="change_comment").first()
    can_moderate = Q(is_superuser=True)
    if perm is not None:
        can_moderate |= Q(user_permissions=perm) | Q(groups__permissions=perm)
    users = get_user_model().objects.filter(can_moderate, is_active=True, is_staff=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def comment_held(comment, base_url):
    """Tell the moderators about a held comment once the comment is safely stored."""
    from newsroom.tasks import enqueue_on_commit

    from .tasks import mail_moderators

    enqueue_on_commit(mail_moderators, base_url)


def send_moderator_mail(base_url, force=False):
    """
    A mail listing every comment held since the previous mail. At most BURST mails go out per
    `notify_every_minutes`, so a flood makes a few mails, and a summary queued for the end of the
    window (or the first held comment after it, or `manage.py mail_held_comments`) sums up the rest.
    Returns whether a mail was sent; raises when the mail server fails, so that the task is retried.
    """
    rules = ModerationRules.load()
    window = rules.notify_every_minutes * 60
    if window and not force and _count_in_window(window) > BURST:
        _queue_summary(base_url, window)
        return False
    now = timezone.now()
    since = cache.get(SINCE_KEY)
    held = Comment.objects.pending().select_related("article__section")
    if since is not None:
        held = held.filter(created_at__gte=since)
    held = held.order_by("-created_at")
    total = held.count()
    if not total:
        return False
    recipients = moderator_emails()
    if not recipients:
        logger.warning("%s comment(s) held for moderation, but no moderator has an e-mail address.", total)
        return False
    context = {
        "comments": [(c, _admin_links(c, base_url)) for c in held[:MAX_LISTED]],
        "total": total,
        "more": max(total - MAX_LISTED, 0),
        "queue_url": base_url.rstrip("/") + reverse("admin:comments_comment_changelist") + "?status__exact=pending",
    }
    subject = (
        f"Comment held for moderation: {context['comments'][0][0].article}"
        if total == 1
        else f"{total} comments held for moderation"
    )
    body = render_to_string("comments/email/moderators.txt", context)
    send_mail(subject, body, None, recipients)
    cache.set(SINCE_KEY, now, timeout=None)
    return True


def _queue_summary(base_url, window):
    """One summary per window, sent when the window ends, where the task queue can run work later."""
    from newsroom.tasks import supports_defer

    from .tasks import mail_moderators

    if supports_defer() and cache.add(SUMMARY_KEY, True, timeout=window):
        mail_moderators.using(run_after=timezone.now() + timedelta(seconds=window)).enqueue(base_url, force=True)


def _count_in_window(window):
    cache.add(THROTTLE_KEY, 0, timeout=window)
    try:
        return cache.incr(THROTTLE_KEY)
    except ValueError:  # The window ended between the two calls.
        cache.set(THROTTLE_KEY, 1, timeout=window)
        return 1


def _admin_links(comment, base_url):
    base = base_url.rstrip("/")
    return {
        action: base + reverse("admin:comments_comment_moderate", args=[comment.pk, action])
        for action in ("approve", "spam")
    }


def unsubscribe_token(email):
    """A signed, timestamped token naming the address; good for UNSUBSCRIBE_MAX_AGE."""
    return signing.dumps(email, salt=UNSUBSCRIBE_SALT, compress=True)


def email_from_unsubscribe_token(token):
    """(e-mail, False) for a good token; (None, True) for one too old; (None, False) for a forged one."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE), False
    except signing.SignatureExpired:
        return None, True
    except signing.BadSignature:
        return None, False


def reply_approved(reply, base_url):
    """Tell the parent's author about an approved reply, if they asked to hear of one."""
    parent = reply.parent
    if (
        reply.status != Comment.Status.APPROVED
        or reply.reply_notice_sent
        or parent is None
        or not parent.notify_replies
        or not parent.author_email
        or parent.author_email == reply.author_email
    ):
        return
    from newsroom.tasks import enqueue_on_commit

    from .tasks import mail_reply

    enqueue_on_commit(mail_reply, reply.pk, base_url)


def send_reply_mail(reply_pk, base_url):
    reply = Comment.objects.select_related("parent", "article__section").filter(pk=reply_pk).first()
    if reply is None or reply.reply_notice_sent or reply.status != Comment.Status.APPROVED:
        return False
    base = base_url.rstrip("/")
    unsubscribe_url = base + reverse("comments:unsubscribe", args=[unsubscribe_token(reply.parent.author_email)])
    context = {
        "reply": reply,
        "parent": reply.parent,
        "reply_url": base + reply.get_page_url(ModerationRules.load().per_page),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMessage(
        subject=f"New reply to your comment on “{reply.article}”",
        body=render_to_string("comments/email/reply.txt", context),
        to=[reply.parent.author_email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    Comment.objects.filter(pk=reply.pk).update(reply_notice_sent=True)
    return True
