"""
Staff sessions: a second factor where one is needed before anything of the admin (or any staff-only
page) opens, and an end to a session left idle. Also tells the audit trail which request it is in.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from . import audit, twofactor
from .models import AuditEvent

LAST_SEEN_KEY = "staff_last_seen"
# The last-seen time is written at most this often, not on every request.
LAST_SEEN_STEP = 60


def open_paths():
    """Where a signed-in staff member who still owes a second factor may go: to give it, or to leave."""
    return (
        reverse("admin:staff_verify"),
        reverse("admin:staff_two_factor"),
        reverse("admin:logout"),
        reverse("admin:jsi18n"),
        # The passkey ceremonies (django-otp-webauthn), to verify or to set up a first passkey.
        reverse("otp_webauthn:credential-registration-begin").split("registration/")[0],
        settings.STATIC_URL,
    )


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_request.set(request)
        try:
            return self.check(request) or self.get_response(request)
        finally:
            audit.current_request.reset(token)

    def check(self, request):
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None
        session = request.session
        now = int(time.time())
        last_seen = session.get(LAST_SEEN_KEY)
        idle = settings.STAFF_IDLE_MINUTES * 60
        if last_seen is not None and idle and now - last_seen > idle:
            audit.record(AuditEvent.Kind.SESSION_EXPIRED, user=user, request=request,
                         detail=f"No request for {settings.STAFF_IDLE_MINUTES} minutes.")
            logout(request)
            if request.path.startswith(reverse("admin:index")):
                messages.info(request, "You were signed out after a period of inactivity. Please sign in again.")
                return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}")
            return None
        if last_seen is None or now - last_seen >= LAST_SEEN_STEP:
            session[LAST_SEEN_KEY] = now
        if twofactor.NEEDS_KEY not in session:
            twofactor.remember_need(request, user)
        if not session[twofactor.NEEDS_KEY] or user.is_verified():
            return None
        if request.path.startswith(open_paths()):
            return None
        if request.path.startswith(reverse("admin:index")):
            step = "admin:staff_verify" if twofactor.has_device(user) else "admin:staff_two_factor"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        # Elsewhere (a staff preview) the session counts for nothing until the second factor is given.
        request.user = AnonymousUser()
        return None
