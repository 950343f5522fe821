"""WordPress post content to Article body HTML: paragraphs, captions, blocks, shortcodes."""

from wpimport.content import comment_text, convert


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
    html, unknown = convert('Look: [gallery ids="1,2"] and [audio mp3="a.mp3"][/audio] and [[gallery]].')
    assert html == '<p>Look: [gallery ids="1,2"] and [audio mp3="a.mp3"][/audio] and [gallery].</p>'
    assert unknown == {"gallery": 1, "audio": 1}


def test_block_editor_comments_are_removed_and_embeds_become_links():
    html, _ = convert(
        "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n"
        '<!-- wp:embed {"url":"https://youtu.be/x"} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://youtu.be/x\n</div></figure>\n<!-- /wp:embed -->"
    )
    assert html == '<p>Hello</p>\n<p><a href="https://youtu.be/x">https://youtu.be/x</a></p>'


def test_headings_fit_the_article_page_and_preformatted_lines_are_kept():
    html, _ = convert("<h1>Big</h1>\n<pre>one\ntwo</pre>")
    assert html == "<h2>Big</h2>\n<p>one<br>two</p>"


def test_comment_text_drops_tags_and_keeps_paragraphs():
    assert comment_text("<strong>Hi</strong> there,<br/>friend\n\n\n\nBye &amp; thanks") == "Hi there,\nfriend\n\nBye & thanks"
