"""Comment e-mail, sent by the task worker so that no reader or moderator waits for the mail server."""

from newsroom.tasks import task

from . import notifications


@task()
def mail_moderators(base_url, force=False):
    """The held-comments mail (one per held comment in quiet times, a summary after a flood)."""
    return notifications.send_moderator_mail(base_url, force=force)


@task()
def mail_reply(reply_pk, base_url):
    """Tell a commenter who asked that a reply to their comment is published."""
    return notifications.send_reply_mail(reply_pk, base_url)
