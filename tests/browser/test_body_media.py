"""
Photos and embeds in the body, in Chromium: a desk member picks a library photo and pastes a video's
address, saves, and the preview shows the picture and a placeholder that loads the player only when
clicked. Typing after a figure goes on below it, not into its caption (defect 10 of issue 11).
No request leaves the machine: oEmbed and the "player" are a local server.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from articles.models import Article, Embed, Photo
from tests.browser.conftest import ARTIFACTS, editor_group

pytestmark = pytest.mark.django_db(transaction=True)

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


class Provider:
    """oEmbed answers at /oembed and a stand-in player page at /player, on loopback."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path.startswith("/oembed"):
                    body, kind = json.dumps({"title": "A tour of the harbour", "author_name": "Harbour TV"}), "application/json"
                else:
                    body, kind = "<!doctype html><title>player</title><p id=playing>Local player playing</p>", "text/html"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def provider(settings):
    provider = Provider()
    settings.OEMBED_ENDPOINTS = {"youtube": provider.origin + "/oembed"}
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"], "frame-src": [*policy["DIRECTIVES"]["frame-src"], provider.origin]}
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    yield provider
    provider.server.shutdown()
    provider.server.server_close()


@pytest.fixture
def desk(login):
    user = User.objects.create_user("desk", "desk@newsroom.example", password=None, is_staff=True)
    user.groups.add(editor_group())
    return login(user)


def open_new_article(page, live_server, section):
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.fill("#id_title", "Ferries return to the harbour")
    # The section box is an autocomplete: its chosen option is added as select2 adds it.
    page.evaluate("([id, name]) => document.querySelector('#id_section').add(new Option(name, id, true, true))", [str(section.pk), section.name])
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    return editor


def test_library_photo_and_embed_in_the_body(page, live_server, desk, provider, make_photo, make_section):
    section = make_section("Harbour", "harbour")
    make_photo(caption="City hall at night", credit="John Roe")
    photo = make_photo(caption="Boats leave the harbour at dawn.", credit="Jane Doe/Newsroom", alt_text="Fishing boats", size=(900, 600))

    editor = open_new_article(page, live_server, section)
    page.keyboard.type("The ferries are back.")
    page.get_by_role("button", name="Library photo").click()
    page.fill(".body-photo-search", "harbour")
    expect(page.locator(".body-photo-choice")).to_have_count(1)  # City hall does not match
    page.locator(".body-photo-choice", has_text="Boats leave the harbour").click()
    page.get_by_role("button", name="Embed a video, post or podcast").click()
    page.fill("dialog input[name=url]", VIDEO)
    page.locator("dialog").get_by_role("button", name="Insert", exact=True).click()
    editor.locator("figure.body-media-embed").wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "body_media_editor.png"), full_page=True)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get(title="Ferries return to the harbour")
    assert article.body == (
        f'<p>The ferries are back.</p><figure data-photo="{photo.pk}"></figure><figure data-embed="{VIDEO}"></figure><p></p>'
    )
    embed = Embed.objects.get()
    assert embed.title == "A tour of the harbour"  # fetched by the task, from the local endpoint
    # The real player is YouTube's; the reader's click loads a local stand-in instead.
    Embed.objects.filter(pk=embed.pk).update(player_url=provider.origin + "/player")

    page.goto(live_server.url + page.get_by_role("link", name="Preview").get_attribute("href"))
    body = page.locator(".article-body")
    body.locator("picture img[alt='Fishing boats']").wait_for()
    assert body.locator("figure.body-photo figcaption").inner_text() == "Boats leave the harbour at dawn. Jane Doe/Newsroom"
    assert page.locator("iframe").count() == 0
    assert "A tour of the harbour" in body.locator("figure.embed").inner_text()
    page.screenshot(path=str(ARTIFACTS / "body_media_preview.png"), full_page=True)

    body.get_by_role("button", name="Show content from YouTube").click()

    frame = page.frame_locator("figure.embed iframe")
    assert frame.locator("#playing").inner_text() == "Local player playing"
    assert page.locator("figure.embed .embed-placeholder").count() == 0
    page.screenshot(path=str(ARTIFACTS / "body_media_loaded.png"), full_page=True)
    assert page.console_errors == []


def test_typing_after_inserting_a_figure_goes_below_it(page, live_server, desk, make_section):
    section = make_section("Harbour", "harbour")
    editor = open_new_article(page, live_server, section)
    page.keyboard.type("Before the figure.")
    page.get_by_role("button", name="figure", exact=True).click()
    page.fill("dialog input[name=imageUrl]", "/static/img/logo.png")
    page.fill("dialog input[name=altText]", "The logo")
    page.fill("dialog input[name=caption]", "Our logo")
    page.locator("dialog").get_by_role("button", name="Insert", exact=True).click()
    editor.locator("figure figcaption").wait_for()

    page.keyboard.type("After the figure.")
    editor.locator("figcaption").click()
    page.keyboard.press("End")
    page.keyboard.type(", in 2026")
    page.keyboard.press("Enter")
    page.keyboard.type("The next sentence.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    body = Article.objects.get().body
    assert body.endswith("<figcaption>Our logo, in 2026</figcaption></figure><p>The next sentence.</p><p>After the figure.</p>")


def test_photo_uploaded_from_the_picker_goes_into_the_body(page, live_server, desk, make_section):
    from tests.conftest import image_bytes

    section = make_section("Harbour", "harbour")
    editor = open_new_article(page, live_server, section)
    page.get_by_role("button", name="Library photo").click()
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Upload a new photo…").click()
    popup = opened.value
    popup.set_input_files("#id_image", files=[{"name": "ferry.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(size=(800, 500))}])
    popup.fill("#id_caption", "The new ferry at the pier.")
    popup.fill("#id_alt_text", "A white ferry")
    popup.click("input[name=_save]")

    editor.locator("figure.body-media-photo img[alt='A white ferry']").wait_for()
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    photo = Photo.objects.get()
    assert f'<figure data-photo="{photo.pk}"></figure>' in Article.objects.get().body
