from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """
    One event on a staff account: a sign-in, a failed one, a lockout, a second factor added or
    removed, a password changed or reset, a change of permissions. Written by staff/audit.py, read
    by superusers in the admin, never edited.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in (password)"
        VERIFIED = "verified", "Second factor accepted"
        LOGIN_FAILED = "login_failed", "Sign-in failed"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Second factor refused"
        LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"
        LOGOUT = "logout", "Signed out"
        SESSION_EXPIRED = "session_expired", "Signed out after inactivity"
        DEVICE_ADDED = "device_added", "Second factor added"
        DEVICE_REMOVED = "device_removed", "Second factor removed"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
        PERMISSIONS_CHANGED = "permissions_changed", "Permissions changed"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The account the event is about.",
    )
    username = models.CharField(max_length=150, blank=True, help_text="As typed or as it was then.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who made the change, when it was someone else.",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The audit list filtered to one account, newest first.
            models.Index(fields=["user", "-created_at"], name="audit_user_time_idx"),
            # Filtered to one kind (failed sign-ins, permission changes), newest first.
            models.Index(fields=["kind", "-created_at"], name="audit_kind_time_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username or 'unknown'} at {self.created_at:%Y-%m-%d %H:%M}"
