"""
The comment form in a real browser (Playwright driving Debian's Chromium, from ../shared/realclients):
with the token endpoint unreachable the reader gets an error and keeps the text; once it answers,
the same form sends at once and the comment is held for moderation (not filed as spam).
Run by .ci/check-pages with the realclients venv's Python: check-comment-form.py ARTICLE_URL
"""

import sys
import tempfile

from playwright.sync_api import sync_playwright

url = sys.argv[1]
failures = []
with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
    browser = p.chromium.launch_persistent_context(
        profile,
        executable_path="/usr/bin/chromium",
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    )
    page = browser.new_page()
    page.route("**/comments/csrf/", lambda route: route.abort())
    page.goto(url)
    page.fill("#id_name", "Browser Check")
    page.fill("#id_email", "browser-check@example.com")
    page.fill("#id_body", "Written in a real browser; this text must survive a failed send.")
    send = "form.comment-form button[type=submit]"
    page.click(send)
    page.wait_for_selector(".send-error", timeout=10_000)
    if page.input_value("#id_body") != "Written in a real browser; this text must survive a failed send.":
        failures.append("the comment text was lost after a failed send")
    if page.url != url:
        failures.append(f"a failed send left the page: {page.url}")

    page.unroute("**/comments/csrf/")
    page.click(send)
    page.wait_for_url("**#comment-*", timeout=20_000)
    if "Your comment is awaiting moderation." not in page.content():
        failures.append("the writer does not see their comment awaiting moderation")
    browser.close()

for failure in failures:
    print("FAIL comment-form:", failure)
if not failures:
    print("PASS comment-form: a failed send keeps the text; the retry is sent")
sys.exit(1 if failures else 0)
