"""
The audit trail of staff accounts (AuditEvent): sign-ins, failed ones, lockouts, second factors,
passwords and permission changes, with the address and browser they came from and who made a change.
The account's owner is e-mailed when a second factor or the password changes, so a change they did
not make does not go unnoticed.
"""

import contextvars
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.mail import send_mail
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import AuditEvent

logger = logging.getLogger(__name__)

# The request being served, so model signals know who made a change and from where.
current_request = contextvars.ContextVar("staff_current_request", default=None)

# Changes the owner of the account hears about by e-mail.
NOTIFY = {AuditEvent.Kind.DEVICE_ADDED, AuditEvent.Kind.DEVICE_REMOVED, AuditEvent.Kind.PASSWORD_CHANGED}


def record(kind, user=None, username="", request=None, detail=""):
    request = request if request is not None else current_request.get()
    actor = None
    ip, agent = None, ""
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
        agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        who = getattr(request, "_cached_user", None) or getattr(request, "user", None)
        who = getattr(who, "_wrapped", who)
        if who is not None and getattr(who, "is_authenticated", False) and (user is None or who.pk != user.pk):
            actor = who if hasattr(who, "_meta") else None
    event = AuditEvent.objects.create(
        kind=kind, user=user, username=username or (user.get_username() if user is not None else ""),
        actor=actor, ip_address=ip, user_agent=agent, detail=detail[:2000],
    )
    if kind in NOTIFY and user is not None and user.email:
        _notify(user, event)
    return event


def _notify(user, event):
    when = f"{event.created_at:%Y-%m-%d %H:%M} UTC"
    body = (
        f"On your {settings.SITE_NAME} account ({user.get_username()}): {event.get_kind_display().lower()}, {when}, "
        f"from {event.ip_address or 'an unknown address'}.\n{event.detail}\n\n"
        "If this was not you, tell a site administrator at once: they can lock the account and remove the change."
    )
    send_mail(f"{settings.SITE_NAME}: {event.get_kind_display()}", body, None, [user.email], fail_silently=True)


# Sign-in, sign-out, failures, lockouts.

def _logged_in(sender, request, user, **kwargs):
    from .twofactor import remember_need

    if request is not None and hasattr(request, "session"):
        remember_need(request, user)
    record(AuditEvent.Kind.LOGIN, user=user, request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEvent.Kind.LOGOUT, user=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    record(AuditEvent.Kind.LOGIN_FAILED, user=user, username=username, request=request)


def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    user = get_user_model().objects.filter(username=username).first() if username else None
    record(AuditEvent.Kind.LOCKED_OUT, user=user, username=username or "", request=request,
           detail=f"Locked out for {settings.AXES_COOLOFF_TIME} after {settings.AXES_FAILURE_LIMIT} failed sign-ins.")


# Permission changes: groups, user permissions, group permissions, the staff/superuser/active flags.

FLAGS = ("is_staff", "is_superuser", "is_active")


def _remember_flags(sender, instance, **kwargs):
    if instance.pk:
        instance._audit_flags = (
            get_user_model().objects.filter(pk=instance.pk).values(*FLAGS, "password").first()
        )


def _flags_saved(sender, instance, created, **kwargs):
    before = getattr(instance, "_audit_flags", None)
    if created or before is None:
        if created and (instance.is_staff or instance.is_superuser):
            record(AuditEvent.Kind.PERMISSIONS_CHANGED, user=instance,
                   detail=f"Account created: staff={instance.is_staff}, superuser={instance.is_superuser}.")
        return
    changes = [f"{flag}: {before[flag]} → {getattr(instance, flag)}" for flag in FLAGS if before[flag] != getattr(instance, flag)]
    if changes:
        record(AuditEvent.Kind.PERMISSIONS_CHANGED, user=instance, detail="; ".join(changes))
    if before["password"] != instance.password:
        record(AuditEvent.Kind.PASSWORD_CHANGED, user=instance)
    instance._audit_flags = None


def _names(model, pks):
    if model is Permission:
        rows = Permission.objects.filter(pk__in=pks).select_related("content_type")
        return ", ".join(sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows))
    return ", ".join(sorted(str(obj) for obj in model.objects.filter(pk__in=pks)))


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    User = get_user_model()
    if action == "pre_clear":
        # clear() names nothing: what is about to go is read first.
        related = {
            (User, Group): "groups", (User, Permission): "user_permissions", (Group, Permission): "permissions",
            (Group, User): "user_set", (Permission, User): "user_set", (Permission, Group): "group_set",
        }[type(instance), model]
        pk_set = set(getattr(instance, related).values_list("pk", flat=True))
    if not pk_set:
        return
    verb = "added" if action == "post_add" else "removed"
    what = "groups" if model is Group else "permissions"
    if isinstance(instance, User):
        record(AuditEvent.Kind.PERMISSIONS_CHANGED, user=instance, detail=f"{what} {verb}: {_names(model, pk_set)}")
    elif isinstance(instance, Group) and model is Permission:
        record(AuditEvent.Kind.PERMISSIONS_CHANGED, username=f"group {instance.name}",
               detail=f"permissions {verb}: {_names(model, pk_set)}")
    elif isinstance(instance, Group) and model is User:
        for user in User.objects.filter(pk__in=pk_set):
            record(AuditEvent.Kind.PERMISSIONS_CHANGED, user=user, detail=f"groups {verb}: {instance.name}")
    elif isinstance(instance, Permission):
        record(AuditEvent.Kind.PERMISSIONS_CHANGED, username=f"permission {instance.codename}",
               detail=f"{verb} for {model._meta.verbose_name_plural}: {_names(model, pk_set)}")


# Second factors, whoever adds or removes them (the owner, or a superuser in the admin).

def _device_saved(sender, instance, created, **kwargs):
    if created and getattr(instance, "confirmed", True):
        record(AuditEvent.Kind.DEVICE_ADDED, user=instance.user, detail=f"{sender._meta.verbose_name}: {instance.name}")


def _device_deleted(sender, instance, **kwargs):
    record(AuditEvent.Kind.DEVICE_REMOVED, user=instance.user, detail=f"{sender._meta.verbose_name}: {instance.name}")


def connect():
    from axes.signals import user_locked_out
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    User = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="staff_audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="staff_audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="staff_audit_login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="staff_audit_locked_out")
    pre_save.connect(_remember_flags, sender=User, dispatch_uid="staff_audit_flags_before")
    post_save.connect(_flags_saved, sender=User, dispatch_uid="staff_audit_flags_after")
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"staff_audit_{through._meta.label}")
    for device in (TOTPDevice, StaticDevice, WebAuthnCredential):
        post_save.connect(_device_saved, sender=device, dispatch_uid=f"staff_audit_add_{device._meta.label}")
        post_delete.connect(_device_deleted, sender=device, dispatch_uid=f"staff_audit_del_{device._meta.label}")
