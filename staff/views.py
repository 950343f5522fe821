"""
The staff sign-in steps that Django's admin does not have: the second factor, setting one up, and
password reset by e-mail with a limit on how often it may be asked for.
"""

import time
from base64 import b32encode
from functools import wraps
from binascii import unhexlify

import segno
from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp_webauthn.models import WebAuthnCredential

from newsroom.clientip import client_ip

from . import audit, twofactor
from .forms import CodeForm, NewAppForm
from .models import AuditEvent

# Wrong codes in one signed-in session before it is ended (the devices also slow guessing down).
MAX_CODE_FAILURES = 5
FAILURES_KEY = "staff_code_failures"
PENDING_KEY = "staff_pending_totp_key"
RECOVERY_NAME = "Recovery codes"


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _context(request, admin_site, title, **extra):
    # Until the second factor is given, the desk's menus would only lead back here: they are left out.
    locked = bool(request.session.get(twofactor.NEEDS_KEY)) and not request.user.is_verified()
    return {**admin_site.each_context(request), "title": title, "next": _next(request), "locked": locked, **extra}


def _staff_only(request):
    if not request.user.is_authenticated:
        raise _SignIn
    if not (request.user.is_active and request.user.is_staff):
        raise Http404


class _SignIn(Exception):
    """Not signed in: to the sign-in page."""


def _signed_in_staff(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))

    return wraps(view)(wrapper)


@_signed_in_staff
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def verify(request, admin_site):
    """Second step of signing in: a code from an authenticator app or a recovery code, or a passkey."""
    _staff_only(request)
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not twofactor.has_device(user):
        return redirect(f"{reverse('admin:staff_two_factor')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        throttled = []
        for device in twofactor.verifiable_devices(user, code):
            allowed, detail = device.verify_is_allowed()
            if not allowed:
                throttled.append(detail)
                continue
            accepted = verify_token(user, device.persistent_id, code)
            if accepted is not None:
                otp_login(request, accepted)
                request.session.pop(FAILURES_KEY, None)
                audit.record(AuditEvent.Kind.VERIFIED, user=user, request=request, detail=accepted.name)
                if isinstance(accepted, StaticDevice) and not accepted.token_set.exists():
                    messages.warning(request, "That was your last recovery code: make new ones on the two-factor page.")
                return redirect(_next(request))
        failures = request.session.get(FAILURES_KEY, 0) + 1
        audit.record(AuditEvent.Kind.SECOND_FACTOR_FAILED, user=user, request=request, detail=f"wrong code ({failures})")
        if failures >= MAX_CODE_FAILURES:
            logout(request)
            messages.error(request, "Too many wrong codes: you have been signed out. Sign in again to retry.")
            return redirect("admin:login")
        request.session[FAILURES_KEY] = failures
        form.add_error("code", "That code is not right. Codes change every 30 seconds; recovery codes work once."
                       if not throttled else "Too many wrong codes: wait a little before the next try.")
    passkeys = WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    context = _context(request, admin_site, "Second step: confirm it is you", form=form, has_passkeys=passkeys)
    return TemplateResponse(request, "admin/staff/verify.html", context)


def _qr_svg(url):
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", title="QR code"))


@_signed_in_staff
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def two_factor(request, admin_site):
    """The staff member's own second factors: add an authenticator app or a passkey, recovery codes, remove."""
    _staff_only(request)
    user = request.user
    devices = twofactor.devices(user)
    if devices and not user.is_verified():
        # Changing second factors needs one first.
        return redirect(f"{reverse('admin:staff_verify')}?next={request.get_full_path()}")
    action = request.POST.get("action") if request.method == "POST" else None
    app_form = NewAppForm(request.POST if action == "app_confirm" else None)
    new_codes = None

    if action == "app_start":
        request.session[PENDING_KEY] = random_hex(20)
    elif action == "app_cancel":
        request.session.pop(PENDING_KEY, None)
    elif action == "app_confirm" and app_form.is_valid() and request.session.get(PENDING_KEY):
        key = request.session[PENDING_KEY]
        totp = TOTP(unhexlify(key.encode()), step=30, digits=6)
        totp.time = time.time()
        # One step either way: the phone's clock may be a little off.
        if not totp.verify(int(app_form.cleaned_data["code"]), tolerance=1):
            app_form.add_error("code", "That code does not match. Check the app's clock and type the code it shows now.")
        else:
            device = TOTPDevice.objects.create(user=user, name=app_form.cleaned_data["name"], key=key, confirmed=True)
            request.session.pop(PENDING_KEY, None)
            return _added(request, user, device, "Authenticator app added.")
    elif action == "recovery":
        if not devices:
            messages.error(request, "Add an authenticator app or a passkey first: recovery codes stand in for one.")
        else:
            StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).delete()
            device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
            new_codes = [StaticToken.random_token() for _ in range(twofactor.RECOVERY_CODES)]
            StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in new_codes])
    elif action == "remove":
        return _remove(request, user, devices)

    pending = request.session.get(PENDING_KEY)
    context = _context(
        request, admin_site, "Two-factor sign-in",
        devices=[_describe(device) for device in devices],
        required=twofactor.is_required(user),
        app_form=app_form,
        pending_qr=_qr_svg(_config_url(user, pending)) if pending else None,
        pending_secret=b32encode(unhexlify(pending.encode())).decode() if pending else None,
        new_codes=new_codes,
    )
    return TemplateResponse(request, "admin/staff/two_factor.html", context)


def _config_url(user, key):
    device = TOTPDevice(user=user, key=key, name="pending")
    return device.config_url


def _describe(device):
    kind = {TOTPDevice: "Authenticator app", StaticDevice: "Recovery codes", WebAuthnCredential: "Passkey"}.get(type(device), "Device")
    left = device.token_set.count() if isinstance(device, StaticDevice) else None
    return {"kind": kind, "name": device.name, "id": device.persistent_id, "codes_left": left}


def _added(request, user, device, message):
    if not request.user.is_verified():
        otp_login(request, device)
    twofactor.remember_need(request, user)
    messages.success(request, message)
    if not StaticDevice.objects.filter(user=user).exists():
        messages.info(request, "Now make recovery codes, for the day your phone or key is not at hand.")
    return redirect(request.get_full_path())


def _remove(request, user, devices):
    target = next((device for device in devices if device.persistent_id == request.POST.get("device")), None)
    if target is None:
        raise Http404
    others = [device for device in devices if device is not target and not isinstance(device, StaticDevice)]
    if twofactor.is_required(user) and not others:
        messages.error(request, "Your role requires a second factor: add another one before removing this one.")
        return redirect(request.get_full_path())
    target.delete()
    if not others:
        # Recovery codes stand in for a device: without one they would be a second password.
        StaticDevice.objects.filter(user=user).delete()
    twofactor.remember_need(request, user)
    messages.success(request, f"{_describe(target)['kind']} “{target.name}” removed.")
    return redirect(request.get_full_path())


# Password reset by e-mail (Django's views), with a limit on requests per address and per account.

RESET_LIMITS = ((lambda request, email: f"staff:reset:ip:{client_ip(request)}", 5), (lambda request, email: f"staff:reset:email:{email}", 3))
RESET_WINDOW = 3600


class PasswordResetView(auth_views.PasswordResetView):
    """
    Mails a reset link to an active account with that address. Says the same whether or not one
    exists, and sends nothing past a few requests an hour per address and per sender, so the form
    cannot be used to flood someone's inbox.
    """

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.html"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        over = False
        for key_of, limit in RESET_LIMITS:
            key = key_of(self.request, email)
            cache.add(key, 0, timeout=RESET_WINDOW)
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=RESET_WINDOW)
                count = 1
            over = over or count > limit
        for user in form.get_users(email):
            audit.record(AuditEvent.Kind.PASSWORD_RESET_REQUESTED, user=user, request=self.request,
                         detail="not sent: too many requests" if over else "link e-mailed")
        if not over:
            # Links on the host the request came to (as feeds and sitemaps), not the sites framework's example.com.
            form.save(
                domain_override=self.request.get_host(),
                use_https=self.request.is_secure(),
                token_generator=self.token_generator,
                from_email=self.from_email,
                email_template_name=self.email_template_name,
                subject_template_name=self.subject_template_name,
                request=self.request,
                html_email_template_name=self.html_email_template_name,
                extra_email_context={"site_name": settings.SITE_NAME},
            )
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends a lockout the old one's guessers caused.
        reset_lockout(username=form.user.get_username())
        return response


def password_views():
    """(path, view, name) of the reset steps, under the admin (names as Django's views and e-mails expect)."""
    admin_context = {"site_header": settings.SITE_NAME + " admin", "site_title": settings.SITE_NAME + " admin"}
    return [
        ("password_reset/", PasswordResetView.as_view(extra_context=admin_context), "admin_password_reset"),
        ("password_reset/done/", auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html", extra_context=admin_context), "password_reset_done"),
        ("reset/<uidb64>/<token>/", PasswordResetConfirmView.as_view(extra_context=admin_context), "password_reset_confirm"),
        ("reset/done/", auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html", extra_context=admin_context), "password_reset_complete"),
    ]
