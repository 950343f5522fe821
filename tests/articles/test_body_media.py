"""Library photos and embeds inside the body: stored as references, drawn for readers and the desk."""

import re

import pytest
from django.core.exceptions import ValidationError

from articles import body_media
from articles.models import Article, Embed

pytestmark = pytest.mark.django_db

YOUTUBE = "https://youtu.be/dQw4w9WgXcQ"


def body_with(photo=None, embed=None):
    parts = ["<p>Opening paragraph.</p>"]
    if photo is not None:
        parts.append(f'<figure data-photo="{photo.pk}"></figure>')
    if embed:
        parts.append(f'<figure data-embed="{embed}"></figure>')
    parts.append("<p>Closing paragraph.</p>")
    return "".join(parts)


def article_body_html(response):
    return re.search(r'<div class="article-body">(.*?)</div>\s*\n', response.content.decode(), re.DOTALL)[1]


def test_sanitizer_keeps_references_and_nothing_else(make_article, make_photo):
    photo = make_photo()
    article = make_article(
        body=f'<figure data-photo="{photo.pk}" onclick="steal()" style="x"></figure>'
        f'<figure data-embed="{YOUTUBE}" data-evil="1"><script>alert(1)</script></figure>'
    )

    assert article.body == f'<figure data-photo="{photo.pk}"></figure><figure data-embed="{YOUTUBE}"></figure>'


def test_body_photo_is_drawn_as_the_featured_photo_is(client, make_article, make_photo):
    photo = make_photo(caption="Boats leave the harbour at dawn.", credit="Jane Doe/Newsroom", alt_text="Fishing boats")
    article = make_article(body=body_with(photo=photo))

    html = article_body_html(client.get(article.get_absolute_url()))

    assert "<picture>" in html and 'type="image/webp"' in html and "srcset=" in html
    assert 'alt="Fishing boats"' in html
    assert '<figcaption>Boats leave the harbour at dawn. <span class="credit">Jane Doe/Newsroom</span></figcaption>' in html
    assert "data-photo" not in html
    assert "http://testserver" not in article.body and "/media/" not in article.body  # no host, no path stored


def test_deleted_photo_leaves_the_page_working(client, make_article, make_photo):
    photo = make_photo()
    article = make_article(body=body_with(photo=photo))
    assert "<picture" in article_body_html(client.get(article.get_absolute_url()))  # and the page is cached
    photo.delete()

    response = client.get(article.get_absolute_url())

    html = article_body_html(response)
    assert response.status_code == 200
    assert "Opening paragraph." in html and "Closing paragraph." in html
    assert "<figure" not in html


def test_body_photo_shows_only_what_readers_may_see(client, make_article, make_photo):
    """The figure carries the photo's picture, caption and credit: not the stories (drafts included) that use it."""
    photo = make_photo(caption="Harbour")
    make_article(title="Secret draft about the harbour", status=Article.Status.DRAFT, photo=photo, body=body_with(photo=photo))
    article = make_article(body=body_with(photo=photo))

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Secret draft" not in page
    assert "/admin/" not in article_body_html(client.get(article.get_absolute_url()))


def test_embed_is_a_click_to_load_placeholder(client, make_article):
    Embed.objects.create(url=YOUTUBE, provider="youtube", title="A tour of the harbour", author_name="Newsroom video",
                         player_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    article = make_article(body=body_with(embed=YOUTUBE))

    response = client.get(article.get_absolute_url())
    html = article_body_html(response)

    assert "<iframe" not in response.content.decode()  # nothing of YouTube loads until the reader asks
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert "A tour of the harbour" in html and "YouTube" in html
    assert '<button type="button" class="embed-load">Show content from YouTube</button>' in html
    assert f'<a href="{YOUTUBE}" rel="nofollow noopener">Open on YouTube</a>' in html
    assert "/static/js/embeds.js" in response.content.decode()
    assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


def test_embed_of_an_unknown_site_is_a_plain_link_never_a_frame():
    html = body_media.render('<figure data-embed="https://evil.example/x"></figure>')

    assert html == '<p><a href="https://evil.example/x" rel="nofollow noopener">https://evil.example/x</a></p>'


def test_embed_from_an_unknown_site_cannot_be_saved(make_article):
    article = make_article(body='<figure data-embed="https://evil.example/x"></figure>')

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "can be embedded" in str(error.value.message_dict["body"])


@pytest.mark.parametrize("count", [1, 5])
def test_render_takes_two_queries_whatever_the_number(count, make_photo, django_assert_num_queries):
    photos = [make_photo() for _ in range(count)]
    for photo in photos:
        body_media.render(body_with(photo=photo))  # renditions made once, outside the count
    body = "".join(body_with(photo=photo, embed=YOUTUBE) for photo in photos)

    with django_assert_num_queries(2):
        html = body_media.render(body)

    assert html.count("<picture") == count and html.count("embed-load") == count


def test_excerpt_skips_photos_and_embeds(make_article, make_photo):
    article = make_article(body=body_with(photo=make_photo(), embed=YOUTUBE), standfirst="")

    assert article.excerpt() == "Opening paragraph. Closing paragraph."


def test_compare_view_names_photos_and_embeds(make_photo):
    photo = make_photo(caption="Boats at dawn")

    described = body_media.describe(body_with(photo=photo, embed=YOUTUBE))

    assert f"[Photo {photo.pk}: Boats at dawn]" in described
    assert f"[YouTube: {YOUTUBE}]" in described


def test_photo_picker_searches_captions_and_credits(admin_client, make_photo):
    make_photo(caption="Boats at dawn", credit="Jane Doe")
    make_photo(caption="City hall", credit="John Roe")

    by_caption = admin_client.get("/admin/articles/photo/picker/", {"q": "boats"}).json()["results"]
    by_credit = admin_client.get("/admin/articles/photo/picker/", {"q": "roe"}).json()["results"]

    assert [p["caption"] for p in by_caption] == ["Boats at dawn"]
    assert [p["credit"] for p in by_credit] == ["John Roe"]
    assert set(by_caption[0]) == {"id", "caption", "credit", "alt_text", "thumbnail"}


def test_embed_check_names_the_provider_or_says_why_not(admin_client):
    ok = admin_client.get("/admin/articles/article/embeds/check/", {"url": YOUTUBE})
    refused = admin_client.get("/admin/articles/article/embeds/check/", {"url": "https://evil.example/x"})

    assert ok.json() == {"url": YOUTUBE, "provider": "YouTube"}
    assert refused.status_code == 400 and "YouTube, Vimeo" in refused.json()["error"]
