"""WordPress post content to Article body HTML: paragraphs, captions, blocks, shortcodes."""

from wpimport.content import comment_text, convert, resolve_late


def test_blank_lines_are_paragraphs_and_single_breaks_are_line_breaks():
    html, unknown = convert("First line\nsecond line\n\nNext paragraph.")
    assert html == "<p>First line<br />\nsecond line</p>\n<p>Next paragraph.</p>"
    assert unknown == {}


def test_caption_shortcode_becomes_a_figure():
    html, _ = convert(
        '[caption id="attachment_9" align="alignleft" width="300"]<a href="https://x.example/a.jpg">'
        '<img src="https://x.example/a.jpg" alt="A bell" /></a> Bell on the wharf[/caption]'
    )
    assert html == (
        '<figure><a href="https://x.example/a.jpg"><img src="https://x.example/a.jpg" alt="A bell" /></a>'
        "<figcaption>Bell on the wharf</figcaption></figure>"
    )


def test_unknown_shortcodes_stay_visible_and_are_counted_escaped_ones_are_literal():
    html, unknown = convert('Look: [pullquote]Hi[/pullquote] and [contact-form id=3] and [[gallery]].')
    assert html == '<p>Look: [pullquote]Hi[/pullquote] and [contact-form id=3] and [gallery].</p>'
    assert unknown == {"pullquote": 1, "contact-form": 1}


def test_audio_and_video_shortcodes_become_players_with_a_link_to_the_file():
    html, unknown = convert(
        'Listen:\n\n[audio mp3="https://old.example/a.mp3"][/audio]\n\n[audio https://old.example/b.mp3]\n\n'
        '[video width="640" mp4="https://old.example/v.mp4" poster="https://old.example/p.jpg"][/video]'
    )
    assert unknown == {}
    # Players and embeds are blocks of their own, between paragraphs.
    assert html.replace("\n", "") == (
        "<p>Listen:</p>"
        '<audio controls preload="metadata" src="https://old.example/a.mp3"><a href="https://old.example/a.mp3">a.mp3</a></audio>'
        '<audio controls preload="metadata" src="https://old.example/b.mp3"><a href="https://old.example/b.mp3">b.mp3</a></audio>'
        '<video controls preload="metadata" src="https://old.example/v.mp4" poster="https://old.example/p.jpg">'
        '<a href="https://old.example/v.mp4">v.mp4</a></video>'
    )


def test_an_address_alone_on_its_line_is_a_player_an_embed_or_a_link():
    # Embeds are what the site embeds (articles/embeds.py); an old http:// address of theirs is made https.
    html, _ = convert(
        "Before\n\nhttp://www.youtube.com/watch?v=M7lc1UVf-VE\n\nhttps://old.example/clip.webm\n\n"
        "https://example.org/page\n\n[embed]https://vimeo.com/76979871[/embed]"
    )
    assert html.replace("\n", "") == (
        "<p>Before</p>"
        '<figure data-embed="https://www.youtube.com/watch?v=M7lc1UVf-VE">'
        '<a href="https://www.youtube.com/watch?v=M7lc1UVf-VE">https://www.youtube.com/watch?v=M7lc1UVf-VE</a></figure>'
        '<video controls preload="metadata" src="https://old.example/clip.webm"><a href="https://old.example/clip.webm">clip.webm</a></video>'
        '<p><a href="https://example.org/page">https://example.org/page</a></p>'
        '<figure data-embed="https://vimeo.com/76979871"><a href="https://vimeo.com/76979871">https://vimeo.com/76979871</a></figure>'
    )


def test_block_editor_comments_are_removed_and_embeds_become_embeds():
    html, _ = convert(
        "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n"
        '<!-- wp:embed {"url":"https://youtu.be/M7lc1UVf-VE"} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://youtu.be/M7lc1UVf-VE\n</div></figure>\n<!-- /wp:embed -->"
        '<!-- wp:embed {"url":"https://example.org/x"} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://example.org/x\n</div></figure>\n<!-- /wp:embed -->"
    )
    assert html == (
        '<p>Hello</p>\n<figure data-embed="https://youtu.be/M7lc1UVf-VE"><a href="https://youtu.be/M7lc1UVf-VE">'
        'https://youtu.be/M7lc1UVf-VE</a></figure><p><a href="https://example.org/x">https://example.org/x</a></p>'
    )


def test_gallery_and_playlist_wait_for_the_attachments_then_become_figures_and_players():
    html, unknown = convert('Pictures:\n\n[gallery columns="2" ids="7,9,404"]\n\n[gallery]\n\n[playlist]')
    assert unknown == {}

    def attachment(wp_id, kind, caption=""):
        return {"id": wp_id, "kind": kind, "url": f"https://old.example/{wp_id}", "caption": caption, "alt": f"alt {wp_id}"}

    by_id = {"7": attachment("7", "image", "A <b>bell</b>"), "9": attachment("9", "image"), "5": attachment("5", "audio")}
    html, problems = resolve_late(html, [by_id["9"], by_id["5"]], by_id.get)
    assert html.replace("\n", "") == (
        "<p>Pictures:</p>"
        '<figure class="gallery gallery-columns-2">'
        '<figure><img src="https://old.example/7" alt="alt 7"><figcaption>A &lt;b&gt;bell&lt;/b&gt;</figcaption></figure>'
        '<figure><img src="https://old.example/9" alt="alt 9"></figure></figure>'
        '<figure class="gallery gallery-columns-3"><figure><img src="https://old.example/9" alt="alt 9"></figure></figure>'
        '<audio controls preload="metadata" src="https://old.example/5"><a href="https://old.example/5">5</a></audio>'
    )
    assert problems == {"an attachment it names is not in the export": 1}


def test_headings_fit_the_article_page_and_preformatted_lines_are_kept():
    html, _ = convert("<h1>Big</h1>\n<pre>one\ntwo</pre>")
    assert html == "<h2>Big</h2>\n<p>one<br>two</p>"


def test_comment_text_drops_tags_and_keeps_paragraphs():
    assert comment_text("<strong>Hi</strong> there,<br/>friend\n\n\n\nBye &amp; thanks") == "Hi there,\nfriend\n\nBye & thanks"
