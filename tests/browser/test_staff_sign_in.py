"""
Staff sign-in with a passkey in Chromium (a virtual authenticator through the DevTools protocol):
an editor required to use a second factor sets one up at first sign-in, then signs in with it.
"""

import pytest
from django.contrib.auth.models import User
from django_otp_webauthn.models import WebAuthnCredential

from staff.models import AuditEvent
from tests.browser.conftest import editor_group

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple 7"


def sign_in_with_password(page, base):
    page.goto(base + "/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_editor_sets_up_a_passkey_at_first_sign_in_and_signs_in_with_it(page, browser_context, live_server, settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url.replace("127.0.0.1", "localhost")]
    base = live_server.url.replace("127.0.0.1", "localhost")
    editor = User.objects.create_user("editor", "editor@newsroom.example", PASSWORD, is_staff=True)
    editor.groups.add(editor_group())
    devtools = browser_context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True,
    }})

    missing = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    sign_in_with_password(page, base)
    assert "/admin/two-factor/" in page.url
    assert "Your role requires a second factor" in page.content()
    with page.expect_navigation():
        page.click("#passkey-register-button")
    assert page.locator("td", has_text="Passkey").count() == 1
    assert WebAuthnCredential.objects.filter(user=editor).count() == 1
    page.goto(base + "/admin/")
    assert page.locator("#site-name").is_visible() and "/admin/" == page.url.split(base, 1)[1]

    with page.expect_navigation():
        page.click("#logout-form button")
    sign_in_with_password(page, base)
    assert "/admin/verify/" in page.url
    page.goto(base + "/admin/articles/article/")
    assert "/admin/verify/" in page.url  # nothing opens before the second factor
    with page.expect_navigation():
        page.click("#passkey-verification-button")
    assert page.url.endswith("/admin/articles/article/")
    assert list(AuditEvent.objects.filter(user=editor, kind__in=["device_added", "login"]).values_list("kind", flat=True).order_by("pk")) == [
        "login", "device_added", "login"
    ]
    assert page.console_errors == [], missing
