"""The invitation mail of a writer added by an editor, sent by the task worker (newsroom/tasks.py)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from newsroom.tasks import task


@task()
def mail_invitation(user_pk, base_url, invited_by=""):
    """
    A link to choose a first password: Django's password-reset token, made when the mail is sent so
    its validity (PASSWORD_RESET_TIMEOUT) counts from then. It stops working once the password is
    set or the writer signs in, as any reset link does; after it expired, the sign-in page's
    “Forgotten your password?” sends a new one (the account has a random password nobody knows,
    not an unusable one, which that form would skip).
    """
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.email:
        return False
    path = reverse(
        "password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
    )
    context = {
        "user": user,
        "name": getattr(getattr(user, "author", None), "name", "") or user.get_full_name(),
        "link": base_url.rstrip("/") + path,
        "site_name": settings.SITE_NAME,
        "invited_by": invited_by,
        "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
    }
    send_mail(
        f"Your {settings.SITE_NAME} writer's account",
        render_to_string("authors/email/invitation.txt", context),
        None,
        [user.email],
    )
    return True
