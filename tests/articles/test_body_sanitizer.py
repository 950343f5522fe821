"""What an article body may hold: the editor's markup, plus players and embeds (imported posts have them)."""

from articles.models import sanitize_body


def test_audio_video_and_embed_addresses_are_kept_scripts_and_handlers_are_not():
    body = sanitize_body(
        '<audio controls preload="metadata" src="https://a.example/s.mp3" onplay="steal()"><a href="https://a.example/s.mp3">s.mp3</a></audio>'
        '<video controls src="javascript:alert(1)" poster="https://a.example/p.jpg"></video>'
        '<figure data-embed="https://www.youtube.com/watch?v=x" data-other="y" style="color:red"><a href="https://www.youtube.com/watch?v=x">v</a></figure>'
        '<figure class="gallery gallery-columns-2"><figure><img src="https://a.example/1.jpg" alt="One"><figcaption>One</figcaption></figure></figure>'
        "<script>alert(1)</script><iframe src=https://evil.example></iframe>"
    )
    assert '<audio controls="" preload="metadata" src="https://a.example/s.mp3"><a href="https://a.example/s.mp3"' in body
    assert "onplay" not in body and "javascript:" not in body and "<script" not in body and "<iframe" not in body
    assert '<video controls="" poster="https://a.example/p.jpg"></video>' in body
    assert '<figure data-embed="https://www.youtube.com/watch?v=x"><a' in body and "data-other" not in body and "style" not in body
    assert '<figure class="gallery gallery-columns-2"><figure><img src="https://a.example/1.jpg" alt="One">' in body


def test_an_empty_editor_stores_an_empty_body():
    assert sanitize_body("<p></p>") == ""
