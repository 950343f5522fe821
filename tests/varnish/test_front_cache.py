"""Readers through a real Varnish: cached pages, edits seen within a second, and who is passed through."""

import time

import pytest


def test_anonymous_pages_are_served_by_varnish_without_the_content_keys(stack):
    reader = stack.reader()
    reader.get(stack.story_path)
    response = reader.get(stack.story_path)
    assert response.headers["X-Cache"] == "HIT"
    assert "Harbour Reopens" in response.text
    assert response.headers.get("xkey") is None and response.headers.get("Surrogate-Key") is None
    assert "s-maxage=" in response.headers["Cache-Control"]


def test_an_edit_is_visible_through_varnish_within_a_second(stack):
    reader = stack.reader()
    for path in (stack.story_path, "/", "/news/"):
        reader.get(path)
        assert reader.get(path).headers["X-Cache"] == "HIT"
    stack.manage(f"from articles.models import Article; a = Article.objects.get(pk={stack.story_pk}); a.title = 'Harbour Reopens to Ferries'; a.save()")
    deadline = time.monotonic() + 1
    for path in (stack.story_path, "/", "/news/"):
        while "Harbour Reopens to Ferries" not in reader.get(path).text:
            assert time.monotonic() < deadline, f"{path} still shows the old headline after a second"
            time.sleep(0.05)


def test_a_readers_pending_comment_is_never_served_to_another_reader(stack):
    writer, other = stack.reader(), stack.reader()
    other.get(stack.story_path)
    assert other.get(stack.story_path).headers["X-Cache"] == "HIT"
    # The comment form posts from the cached page.
    response = writer.comment(stack.story_pk, stack.story_path, "A held thought about the ferries.")
    assert response.status == 302, response.text[:500]
    assert writer.cookie("newsroom_pending")
    own = writer.get(stack.story_path)
    assert "A held thought about the ferries." in own.text
    assert own.headers["X-Cache"] == "MISS"
    for _ in range(3):
        assert "A held thought about the ferries." not in other.get(stack.story_path).text
    assert "A held thought about the ferries." not in stack.reader().get(stack.story_path).text


def test_a_remembered_commenter_is_passed_through_and_sees_their_name(stack):
    commenter = stack.reader()
    response = commenter.comment(stack.story_pk, stack.story_path, "Please remember me.", remember=True)
    assert response.status == 302
    assert commenter.cookie("newsroom_commenter")
    commenter.cookies.clear(domain="127.0.0.1", path="/", name="newsroom_pending")
    for _ in range(2):
        page = commenter.get(stack.story_path)
        assert page.headers["X-Cache"] == "MISS"
        assert 'value="Helen Wu"' in page.text
    assert 'value="Helen Wu"' not in stack.reader().get(stack.story_path).text


def test_a_signed_in_editor_is_passed_through(stack):
    editor = stack.reader()
    response = editor.sign_in("editor", "a long editor password 42")
    assert response.status == 302, response.text[:500]
    assert editor.cookie("sessionid")
    for _ in range(2):
        page = editor.get("/")
        assert page.headers["X-Cache"] == "MISS"
        assert page.headers.get("X-Page-Cache") is None
    assert editor.get("/admin/").status == 200


def test_a_purge_by_key_from_an_app_server_is_taken(stack):
    import urllib.request

    request = urllib.request.Request(stack.base + "/", method="PURGE", headers={"xkey-purge": "front"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert b"Purged" in response.read()


@pytest.mark.parametrize("cookie", ["_ga=GA1.2.3; csrftoken=abc"])
def test_other_cookies_share_the_cached_copy(stack, cookie):
    reader = stack.reader()
    reader.get("/")
    response = reader.get("/", headers={"Cookie": cookie})
    assert response.headers["X-Cache"] == "HIT"
