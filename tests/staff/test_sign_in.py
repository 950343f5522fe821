"""Staff sign-in as an attacker meets it: guesses are locked out, and a stolen password alone is not enough."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.models import AuditEvent

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def totp_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_brute_force_on_an_editor_is_locked_out_and_the_right_password_then_fails(staff_user):
    editor = staff_user("Editor")
    client = Client()
    for attempt in range(40):
        sign_in(client, editor.username, password=f"guess-{attempt}")
    response = sign_in(client, editor.username)
    assert response.status_code == 429
    assert "locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the sign-in page


def test_lockout_follows_the_account_across_addresses(staff_user, settings):
    editor = staff_user("Editor")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{attempt + 1}"), editor.username, password="wrong")
    response = sign_in(Client(REMOTE_ADDR="203.0.113.50"), editor.username)
    assert response.status_code == 429


def test_lockout_ends_after_the_cool_off(staff_user, settings):
    editor = staff_user("Writer", username="wendy")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, editor.username, password="wrong")
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert sign_in(client, editor.username).status_code == 302


def test_failed_and_successful_sign_ins_and_the_lockout_are_in_the_audit_trail(staff_user, settings):
    editor = staff_user("Editor")
    client = Client(REMOTE_ADDR="203.0.113.7")
    sign_in(client, editor.username, password="wrong")
    sign_in(client, editor.username)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(REMOTE_ADDR="198.51.100.9"), editor.username, password="wrong")
    kinds = list(
        AuditEvent.objects.filter(username=editor.username).exclude(kind="permissions_changed")
        .order_by("pk").values_list("kind", "ip_address")
    )
    assert kinds[:2] == [("login_failed", "203.0.113.7"), ("login", "203.0.113.7")]
    assert ("locked_out", "198.51.100.9") in kinds


# The second factor.


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def test_editor_without_a_second_factor_is_sent_to_set_one_up_when_it_is_required(staff_user, required):
    editor = staff_user("Editor")
    client = Client()
    sign_in(client, editor.username)
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/")
    page = client.get(response["Location"]).content.decode()
    assert "Your role requires a second factor" in page


def test_password_alone_opens_nothing_for_an_editor_with_an_authenticator_app(staff_user, required, make_article):
    editor = staff_user("Editor")
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    draft = make_article(status="draft")
    client = Client()
    sign_in(client, editor.username)
    for url in ["/admin/", "/admin/articles/article/", f"/admin/articles/article/{draft.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/verify/"), url
    # A staff-only page outside the admin treats the half-signed-in session as a stranger.
    assert client.get(f"/preview/article/{draft.pk}/").status_code == 404


def test_the_right_code_opens_the_desk_and_a_wrong_one_does_not(staff_user, required):
    editor = staff_user("Editor")
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    client = Client()
    sign_in(client, editor.username)
    wrong = client.post("/admin/verify/", {"code": "000000" if totp_code(device) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # past the throttle's delay after a failure
        response = client.post("/admin/verify/", {"code": totp_code(device), "next": "/admin/articles/article/"})
    assert response.status_code == 302 and response["Location"] == "/admin/articles/article/"
    assert client.get("/admin/articles/article/").status_code == 200
    kinds = ["login", "second_factor_failed", "verified"]
    assert list(AuditEvent.objects.filter(user=editor, kind__in=kinds).values_list("kind", flat=True).order_by("pk")) == [
        "login", "second_factor_failed", "verified"
    ]


def test_wrong_codes_end_the_session(staff_user, required):
    editor = staff_user("Editor")
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    client = Client()
    sign_in(client, editor.username)
    for _ in range(5):
        client.post("/admin/verify/", {"code": "12345x"})
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(staff_user, required):
    editor = staff_user("Editor")
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    codes = StaticDevice.objects.create(user=editor, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=codes, token="abcd2345")
    first = Client()
    sign_in(first, editor.username)
    assert first.post("/admin/verify/", {"code": "abcd 2345"}).status_code == 302
    assert first.get("/admin/").status_code == 200
    second = Client()
    sign_in(second, editor.username)
    assert "That code is not right" in second.post("/admin/verify/", {"code": "abcd2345"}).content.decode()


def test_someone_who_set_up_a_second_factor_is_asked_for_it_even_when_not_required(staff_user):
    writer = staff_user("Writer", username="wendy")
    TOTPDevice.objects.create(user=writer, name="Phone", confirmed=True)
    client = Client()
    sign_in(client, writer.username)
    assert client.get("/admin/").status_code == 302


def test_writer_signs_in_with_a_password_when_the_setting_requires_it_of_editors_only(staff_user, required):
    writer = staff_user("Writer", username="wendy")
    client = Client()
    sign_in(client, writer.username)
    assert client.get("/admin/").status_code == 200


def test_setting_off_lets_an_editor_in_with_a_password(staff_user, settings):
    settings.TWO_FACTOR_REQUIRED = False
    editor = staff_user("Editor")
    client = Client()
    sign_in(client, editor.username)
    assert client.get("/admin/").status_code == 200


def test_setting_up_an_authenticator_app_verifies_the_session_and_mails_the_owner(staff_user, required):
    editor = staff_user("Editor")
    client = Client()
    sign_in(client, editor.username)
    page = client.post("/admin/two-factor/", {"action": "app_start"}).content.decode()
    assert "<svg" in page
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)
    import base64

    key = base64.b32decode(secret)
    code = f"{TOTP(key).token():06d}"
    response = client.post("/admin/two-factor/", {"action": "app_confirm", "code": code, "name": "Work phone"})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=editor).name == "Work phone"
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(user=editor, kind="device_added").exists()
    assert mail.outbox[-1].to == [editor.email]
    assert "Second factor added" in mail.outbox[-1].subject


def test_staff_session_ends_after_inactivity(staff_user, settings):
    settings.STAFF_IDLE_MINUTES = 30
    editor = staff_user("Editor")
    client = Client()
    sign_in(client, editor.username)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=20)):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=45)):
        assert client.get("/admin/").status_code == 200  # 25 minutes after the last request
    with time_machine.travel(start + timedelta(minutes=80)):
        response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert AuditEvent.objects.filter(user=editor, kind="session_expired").exists()


# Password reset by e-mail.


def test_password_reset_by_email_sets_a_new_password_and_lifts_a_lockout(staff_user, settings):
    editor = staff_user("Editor")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), editor.username, password="wrong")
    client = Client()
    assert "Forgotten your login credentials?" in client.get("/admin/login/").content.decode()
    client.post("/admin/password_reset/", {"email": editor.email})
    link = re.search(r"http://testserver(/admin/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "a brand new passphrase 42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert sign_in(Client(), editor.username, password=new).status_code == 302
    assert AuditEvent.objects.filter(user=editor, kind="password_changed").exists()


def test_password_reset_cannot_flood_an_inbox(staff_user):
    editor = staff_user("Editor")
    client = Client()
    for _ in range(6):
        response = client.post("/admin/password_reset/", {"email": editor.email})
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_password_reset_says_the_same_for_an_unknown_address(db):
    response = Client().post("/admin/password_reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


# The audit trail.


def test_permission_changes_are_audited_with_who_made_them(staff_user, login):
    boss = staff_user(None, username="boss", superuser=True)
    writer = staff_user("Writer", username="wendy")
    client = login(boss)
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name="Editor")
    response = client.post(f"/admin/auth/user/{writer.pk}/change/", {
        "username": "wendy", "email": writer.email, "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "groups": [editors.pk], "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "last_login_0": "", "last_login_1": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    details = list(AuditEvent.objects.filter(user=writer, kind="permissions_changed").values_list("detail", "actor__username"))
    assert ("is_superuser: False → True", "boss") in details
    assert ("groups added: Editor", "boss") in details
    assert ("groups removed: Writer", "boss") in details


def test_audit_trail_is_visible_to_superusers_only(staff_user, login):
    boss = staff_user(None, username="boss", superuser=True)
    editor = staff_user("Editor")
    sign_in(Client(REMOTE_ADDR="203.0.113.7"), editor.username, password="wrong")
    page = login(boss).get("/admin/staff/auditevent/").content.decode()
    assert "203.0.113.7" in page and "Sign-in failed" in page
    assert login(editor).get("/admin/staff/auditevent/").status_code == 403
