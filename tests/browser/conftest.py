"""
Browser suites: Playwright for Python driving Debian's Chromium against a live test server.

`make test-browser` installs what they need and runs them. A failing test leaves a full-page
screenshot in $BROWSER_ARTIFACTS (default tests/browser/artifacts/), named after the test.
"""

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import verify_second_factor

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the message is the point
    pytest.exit("Playwright is not installed: run the browser suites with `make test-browser`.", returncode=2)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# As ../shared/realclients starts it: no sandbox as root, and nothing that reaches for the network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--no-default-browser-check",
    "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
]
# Playwright's sync API keeps an event loop running in the test's thread; the test's own database
# work is still plain synchronous code, so Django's async-safety guard does not apply to it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", Path(__file__).resolve().parent / "artifacts"))
# Desk and reader journeys are checked on a laptop and on a phone.
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.exit(f"No Chromium at {CHROMIUM}: run the browser suites with `make test-browser`.", returncode=2)
    profile = tempfile.mkdtemp(prefix="newsroom-chromium-")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def viewport():
    """Override (or parametrize indirectly) to test at another width."""
    return WIDE


@pytest.fixture
def browser_context(chromium, viewport):
    context = chromium.new_context(viewport=viewport, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(float(os.environ.get("BROWSER_TIMEOUT_MS", 10_000)))
    yield context
    context.close()


@pytest.fixture
def page(request, browser_context):
    """A page in a fresh context; a failure leaves a screenshot of it behind, and console errors are kept."""
    page = browser_context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])[:150]
        path = ARTIFACTS / f"{name}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
            print(f"\nScreenshot of the failure: {path}")
        except Exception as error:  # a crashed page cannot be pictured; the failure itself is reported
            print(f"\nNo screenshot of the failure: {error}")


@pytest.fixture
def login(live_server, browser_context, client):
    """
    Signs `user` in for the browser context by giving it a session made by Django's test client: a
    fully signed-in one, with the second factor passed when the user needs one (staff/twofactor.py).
    """

    def sign_in(user):
        client.force_login(user)
        verify_second_factor(client, user)
        cookie = client.cookies["sessionid"]
        browser_context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url, "httpOnly": True}]
        )
        return user

    return sign_in


def editor_group():
    """
    The Editor role. Its group comes with a data migration, which the flush after a transactional
    test removes: made again here when it is missing, with the permissions the migration gives it.
    """
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name="Editor")
    if created:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label__in=["articles", "authors", "sponsors", "taggit", "comments"])
        )
    return group
