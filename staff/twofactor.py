"""
Who must pass a second factor, and the devices that give one: authenticator apps (TOTP), passkeys
(WebAuthn, through django-otp-webauthn) and single-use recovery codes.
"""

from django.conf import settings
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# The session remembers, from sign-in on, whether this user must pass a second factor: no query per request.
NEEDS_KEY = "staff_two_factor"
RECOVERY_CODES = 10


def is_required(user):
    """Whether the newsroom requires a second factor of this user (superusers and TWO_FACTOR_REQUIRED_GROUPS)."""
    if not (settings.TWO_FACTOR_REQUIRED and user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name__in=settings.TWO_FACTOR_REQUIRED_GROUPS).exists()


def devices(user):
    """The user's confirmed devices: authenticator apps, passkeys, recovery codes."""
    return list(devices_for_user(user, confirmed=True))


def has_device(user):
    return bool(devices(user))


def needs_second_factor(user):
    """A second factor is asked of anyone who has one, and of those the newsroom requires it of."""
    return user.is_authenticated and user.is_staff and (is_required(user) or has_device(user))


def remember_need(request, user):
    request.session[NEEDS_KEY] = needs_second_factor(user)


def verifiable_devices(user, code):
    """
    The devices a typed code is for: six digits are an authenticator app's, anything else a recovery
    code (8 letters and digits), so a recovery code never counts as a wrong guess against the app.
    """
    if len(code) == 6 and code.isdigit():
        return list(TOTPDevice.objects.devices_for_user(user))
    return list(StaticDevice.objects.devices_for_user(user))
