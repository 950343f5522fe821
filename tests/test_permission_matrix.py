"""
The permission matrix: every URL under /admin/ (from the URL resolver, never a hand-kept list) as
each role, by GET and by a forged POST (a POST the role's own pages would never offer, with no form
data), against the answers in EXPECTED. A new admin URL without a row fails with its name; a row
whose answers change fails with the old and new answers side by side.

Roles: anonymous; writer (the objects are theirs: their draft, its photo); other (another writer);
editor; moderator; superuser. Every signed-in role has passed the second factor
(TWO_FACTOR_REQUIRED on). Each request's effects are rolled back, so every row sees the same world
(tests/admin_matrix.py builds it).

Answers: ok (200), login (to the sign-in page), deny (403), 404, 405, bad (400), gone (Django's “does
not exist” redirect to the admin index: an object the role may not see), moved (any other redirect:
a save, a confirmation, a view's own redirect).

To add a row: run this test, copy the observed answers it prints for the new URL, and check that
each one is what that role should get before you commit it.
"""

import pytest
from django.test import Client

from tests.admin_matrix import ROLES, World, admin_routes, outcome, request
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db

# Django's unnamed `<id>/` pattern of every model admin only redirects to `<id>/change/` (whose own
# row decides), and its catch-all answers 404 to staff: one rule for those.
UNNAMED_OBJECT_REDIRECT = ("login moved moved moved moved moved", "login moved moved moved moved moved")
UNNAMED_CATCH_ALL = ("login 404 404 404 404 404", "login 404 404 404 404 404")

#   URL name: ("GET as  anonymous writer other editor moderator superuser", "forged POST as the same")
EXPECTED = {
    'admin_password_reset': ('ok ok ok ok ok ok', 'ok ok ok ok ok ok'),
    'password_reset_done': ('ok ok ok ok ok ok', '405 405 405 405 405 405'),
    'password_reset_confirm': ('moved moved moved moved moved moved', 'moved moved moved moved moved moved'),
    'password_reset_complete': ('ok ok ok ok ok ok', '405 405 405 405 405 405'),
    'otp_webauthn:credential-registration-begin': ('deny 405 405 405 405 405', 'deny ok ok ok ok ok'),
    'otp_webauthn:credential-registration-complete': ('deny 405 405 405 405 405', 'deny bad bad bad bad bad'),
    'otp_webauthn:credential-authentication-begin': ('deny 405 405 405 405 405', 'deny ok ok ok ok ok'),
    'otp_webauthn:credential-authentication-complete': ('deny 405 405 405 405 405', 'deny bad bad bad bad bad'),
    'otp_webauthn:js-i18n-catalog': ('ok ok ok ok ok ok', '405 405 405 405 405 405'),
    'admin:view_on_site': ('login 404 404 moved moved moved', 'login 404 404 moved moved moved'),
    'admin:staff_verify': ('login moved moved gone moved gone', 'login moved moved gone moved gone'),
    'admin:staff_two_factor': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
    'admin:index': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
    'admin:login': ('ok gone gone gone gone gone', 'ok ok ok ok ok ok'),
    'admin:logout': ('gone 405 405 405 405 405', 'gone ok ok ok ok ok'),
    'admin:password_change': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
    'admin:password_change_done': ('login ok ok ok ok ok', 'login 405 405 405 405 405'),
    'admin:autocomplete': ('login ok ok ok ok ok', 'login 405 405 405 405 405'),
    'admin:jsi18n': ('login ok ok ok ok ok', 'login 405 405 405 405 405'),
    'admin:auth_group_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_group_add': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_group_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_group_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_group_change': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_user_password_change': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_user_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_user_add': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_user_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_user_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:auth_user_change': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:sites_site_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:sites_site_add': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:sites_site_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:sites_site_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:sites_site_change': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:django_tasks_database_dbtaskresult_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:django_tasks_database_dbtaskresult_add': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:django_tasks_database_dbtaskresult_history': ('login gone gone gone gone gone', 'login gone gone gone gone gone'),
    'admin:django_tasks_database_dbtaskresult_delete': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:django_tasks_database_dbtaskresult_change': ('login deny deny deny deny gone', 'login deny deny deny deny deny'),
    'admin:authors_author_add_writer': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:authors_author_changelist': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
    'admin:authors_author_add': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:authors_author_history': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
    'admin:authors_author_delete': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:authors_author_change': ('login ok ok ok ok ok', 'login deny deny ok deny ok'),
    'admin:sponsors_sponsor_changelist': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:sponsors_sponsor_add': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:sponsors_sponsor_history': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:sponsors_sponsor_delete': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:sponsors_sponsor_change': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:taggit_tag_changelist': ('login ok ok ok deny ok', 'login ok ok ok deny ok'),
    'admin:taggit_tag_add': ('login ok ok ok deny ok', 'login ok ok ok deny ok'),
    'admin:taggit_tag_history': ('login ok ok ok deny ok', 'login ok ok ok deny ok'),
    'admin:taggit_tag_delete': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:taggit_tag_change': ('login ok ok ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_article_autosave_new': ('login 405 405 405 405 405', 'login ok ok ok 404 ok'),
    'admin:articles_article_autosave': ('login 405 405 405 405 405', 'login ok 404 ok 404 ok'),
    'admin:articles_section_recoverlist': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_section_recover': ('login deny deny 404 deny 404', 'login deny deny 404 deny 404'),
    'admin:articles_section_revision': ('login ok ok ok ok ok', 'login deny deny ok deny ok'),
    'admin:articles_section_changelist': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
    'admin:articles_section_add': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_section_history': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
    'admin:articles_section_delete': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_section_change': ('login ok ok ok ok ok', 'login deny deny ok deny ok'),
    'admin:articles_photo_recoverlist': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_photo_recover': ('login deny deny 404 deny 404', 'login deny deny 404 deny 404'),
    'admin:articles_photo_revision': ('login ok ok ok deny ok', 'login ok deny ok deny ok'),
    'admin:articles_photo_changelist': ('login ok ok ok deny ok', 'login ok ok ok deny ok'),
    'admin:articles_photo_add': ('login ok ok ok deny ok', 'login ok ok ok deny ok'),
    'admin:articles_photo_history': ('login ok ok ok deny ok', 'login ok ok ok deny ok'),
    'admin:articles_photo_delete': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_photo_change': ('login ok ok ok deny ok', 'login ok deny ok deny ok'),
    'admin:articles_photo_picker': ('login ok ok ok deny ok', 'login ok ok ok deny ok'),
    'admin:articles_embed_check': ('login ok ok ok deny ok', 'login ok ok ok deny ok'),
    'admin:articles_tag_suggest': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
    'admin:articles_article_compare': ('login ok 404 ok ok ok', 'login ok 404 ok ok ok'),
    'admin:articles_article_recoverlist': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_article_recover': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_article_revision': ('login ok 404 ok ok ok', 'login ok 404 ok deny ok'),
    'admin:articles_article_translate': ('login ok 404 ok 404 ok', 'login moved 404 moved 404 moved'),
    'admin:articles_article_changelist': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
    'admin:articles_article_add': ('login ok ok ok deny ok', 'login ok ok ok deny ok'),
    'admin:articles_article_history': ('login ok 404 ok ok ok', 'login ok 404 ok ok ok'),
    'admin:articles_article_delete': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_article_change': ('login ok gone ok ok ok', 'login ok gone ok deny ok'),
    'admin:articles_articleredirect_changelist': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_articleredirect_add': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_articleredirect_history': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_articleredirect_delete': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_articleredirect_change': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_sectionredirect_changelist': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_sectionredirect_add': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_sectionredirect_history': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_sectionredirect_delete': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:articles_sectionredirect_change': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:comments_comment_pending_count': ('login 404 404 ok ok ok', 'login 404 404 ok ok ok'),
    'admin:comments_comment_personal_data': ('login 404 404 ok ok ok', 'login 404 404 ok ok ok'),
    'admin:comments_comment_moderate': ('login 404 404 ok ok ok', 'login 404 404 moved moved moved'),
    'admin:comments_comment_reply': ('login 404 404 ok ok ok', 'login 404 404 ok ok ok'),
    'admin:comments_comment_changelist': ('login deny deny ok ok ok', 'login deny deny ok ok ok'),
    'admin:comments_comment_add': ('login deny deny ok deny ok', 'login deny deny ok deny ok'),
    'admin:comments_comment_history': ('login deny deny ok ok ok', 'login deny deny ok ok ok'),
    'admin:comments_comment_delete': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:comments_comment_change': ('login deny deny ok ok ok', 'login deny deny ok ok ok'),
    'admin:comments_moderationrules_changelist': ('login moved moved moved moved moved', 'login moved moved moved moved moved'),
    'admin:comments_moderationrules_add': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:comments_moderationrules_history': ('login deny deny ok ok ok', 'login deny deny ok ok ok'),
    'admin:comments_moderationrules_delete': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:comments_moderationrules_change': ('login deny deny ok ok ok', 'login deny deny ok deny ok'),
    'admin:comments_ban_changelist': ('login deny deny ok ok ok', 'login deny deny ok ok ok'),
    'admin:comments_ban_add': ('login deny deny ok ok ok', 'login deny deny ok ok ok'),
    'admin:comments_ban_history': ('login deny deny ok ok ok', 'login deny deny ok ok ok'),
    'admin:comments_ban_delete': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:comments_ban_change': ('login deny deny ok ok ok', 'login deny deny ok ok ok'),
    'admin:redirects_redirect_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:redirects_redirect_add': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:redirects_redirect_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:redirects_redirect_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:redirects_redirect_change': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:flatpages_flatpage_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:flatpages_flatpage_add': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:flatpages_flatpage_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:flatpages_flatpage_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:flatpages_flatpage_change': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:wpimport_wordpressitem_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:wpimport_wordpressitem_add': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:wpimport_wordpressitem_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:wpimport_wordpressitem_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:wpimport_wordpressitem_change': ('login deny deny deny deny ok', 'login deny deny deny deny deny'),
    'admin:staff_auditevent_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:staff_auditevent_add': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:staff_auditevent_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:staff_auditevent_delete': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:staff_auditevent_change': ('login deny deny deny deny ok', 'login deny deny deny deny deny'),
    'admin:django_otp_webauthn_webauthncredential_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:django_otp_webauthn_webauthncredential_add': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:django_otp_webauthn_webauthncredential_history': ('login gone gone gone gone gone', 'login gone gone gone gone gone'),
    'admin:django_otp_webauthn_webauthncredential_delete': ('login deny deny deny deny gone', 'login deny deny deny deny gone'),
    'admin:django_otp_webauthn_webauthncredential_change': ('login deny deny deny deny gone', 'login deny deny deny deny gone'),
    'admin:axes_accessattempt_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:axes_accessattempt_add': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:axes_accessattempt_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:axes_accessattempt_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:axes_accessattempt_change': ('login deny deny deny deny ok', 'login deny deny deny deny moved'),
    'admin:axes_accesslog_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:axes_accesslog_add': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:axes_accesslog_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:axes_accesslog_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:axes_accesslog_change': ('login deny deny deny deny ok', 'login deny deny deny deny moved'),
    'admin:axes_accessfailurelog_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:axes_accessfailurelog_add': ('login deny deny deny deny deny', 'login deny deny deny deny deny'),
    'admin:axes_accessfailurelog_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:axes_accessfailurelog_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:axes_accessfailurelog_change': ('login deny deny deny deny ok', 'login deny deny deny deny moved'),
    'admin:otp_totp_totpdevice_config': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_totp_totpdevice_qrcode': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_totp_totpdevice_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_totp_totpdevice_add': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_totp_totpdevice_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_totp_totpdevice_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_totp_totpdevice_change': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_static_staticdevice_changelist': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_static_staticdevice_add': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_static_staticdevice_history': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_static_staticdevice_delete': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:otp_static_staticdevice_change': ('login deny deny deny deny ok', 'login deny deny deny deny ok'),
    'admin:app_list': ('login ok ok ok ok ok', 'login ok ok ok ok ok'),
}


def expected_for(name, route):
    if name is not None:
        return EXPECTED.get(name)
    return UNNAMED_CATCH_ALL if route.endswith("(?P<url>.*)$") else UNNAMED_OBJECT_REDIRECT


def test_every_admin_url_has_a_row_and_every_row_an_url():
    routes = admin_routes()
    missing = [f"{name}  (/{route})" for name, route, _ in routes if name is not None and name not in EXPECTED]
    assert not missing, "Admin URLs without a row in EXPECTED (tests/test_permission_matrix.py): " + "; ".join(missing)
    names = {name for name, _, _ in routes}
    stale = sorted(set(EXPECTED) - names)
    assert not stale, "Rows in EXPECTED for URLs that no longer exist: " + ", ".join(stale)


def test_permission_matrix(settings):
    settings.TWO_FACTOR_REQUIRED = True
    world = World()
    clients = world.clients()
    wrong = []
    for name, route, pattern in admin_routes():
        expected = expected_for(name, route)
        if expected is None:
            continue  # reported by the test above
        url = world.url(name, route, pattern)
        for method, want in zip(("GET", "POST"), expected):
            got = " ".join(outcome(request(clients[role], method, url)) for role in ROLES)
            if got != want:
                wrong.append(f"{name or route} {method} {url}\n    expected {want}\n    observed {got}")
    assert not wrong, f"Roles ({' '.join(ROLES)}) get other answers than the matrix says:\n" + "\n".join(wrong)


def test_every_admin_post_without_a_csrf_token_is_refused(settings):
    world = World()
    boss = Client(enforce_csrf_checks=True)
    boss.force_login(world.users["superuser"])
    verify_second_factor(boss, world.users["superuser"])
    accepted = []
    for name, route, pattern in admin_routes():
        url = world.url(name, route, pattern)
        response = request(boss, "POST", url)
        if response.status_code != 403:
            accepted.append(f"{name or route} {url}: {response.status_code}")
    assert not accepted, "POSTs without a CSRF token that were not refused: " + "; ".join(accepted)
