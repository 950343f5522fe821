"""
Issue 11: the SEO title, meta description and social image override what the article page builds by
itself; the page tells readers the reading time and length, counting Chinese by character.
"""

import json
import re

import pytest
from django.utils import translation

from articles import text

pytestmark = pytest.mark.django_db


def head_of(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    return html, html.split("</head>")[0]


def meta(head, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', head)
    return match.group(1) if match else None


def jsonld(head):
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1)
    return json.loads(data)[0]


def test_without_seo_fields_the_page_uses_headline_standfirst_and_photo(client, make_article, make_photo):
    photo = make_photo(alt_text="The harbour at dawn")
    article = make_article(title="Harbour plan approved", standfirst="The council voted 7-2.", photo=photo)
    _, head = head_of(client, article)
    assert re.search(r"<title>Harbour plan approved – ", head)
    assert meta(head, "name", "description") == "The council voted 7-2."
    assert meta(head, "property", "og:title") == "Harbour plan approved"
    assert meta(head, "property", "og:image:alt") == "The harbour at dawn"


def test_seo_fields_override_title_description_and_social_image(client, make_article, make_photo):
    featured = make_photo(alt_text="The harbour at dawn")
    social = make_photo(alt_text="Council members voting", size=(1200, 630))
    article = make_article(
        title="Harbour plan approved", standfirst="The council voted 7-2.", photo=featured,
        seo_title="Harbour expansion: council approves $40m plan",
        meta_description="What the new quays mean for ferries, fishing and the old market.", social_image=social,
    )
    html, head = head_of(client, article)
    assert re.search(r"<title>Harbour expansion: council approves \$40m plan – ", head)
    assert meta(head, "name", "description") == "What the new quays mean for ferries, fishing and the old market."
    assert meta(head, "property", "og:title") == "Harbour expansion: council approves $40m plan"
    assert meta(head, "name", "twitter:title") == "Harbour expansion: council approves $40m plan"
    assert meta(head, "property", "og:description") == "What the new quays mean for ferries, fishing and the old market."
    assert meta(head, "property", "og:image:alt") == "Council members voting"
    assert meta(head, "name", "twitter:image:alt") == "Council members voting"
    data = jsonld(head)
    assert (data["headline"], data["description"]) == ("Harbour plan approved", "What the new quays mean for ferries, fishing and the old market.")
    assert [image["caption"] for image in data["image"]] == [featured.caption, social.caption]
    # Readers still see the story's own headline and featured photo.
    assert "<h1>Harbour plan approved</h1>" in html


@pytest.mark.parametrize(
    "body, expected",
    [
        ("<p>One two three.</p><p>Four five.</p>", (5, 0)),
        ("<p>美华文学节周末举行。</p>", (0, 9)),
        ("<p>HEARTS 主办的美华文学节</p>", (1, 8)),
        ("<p>Words.</p><figure><img src='/x.jpg'><figcaption>Not counted caption</figcaption></figure>", (1, 0)),
    ],
)
def test_length_counts_words_and_chinese_characters(make_article, body, expected):
    assert make_article(body=body).length == expected


def test_reading_time_rounds_to_whole_minutes_at_least_one():
    assert text.reading_minutes(0, 0) == 1
    assert text.reading_minutes(230 * 4, 0) == 4
    assert text.reading_minutes(0, 400 * 3) == 3


def test_article_page_shows_reading_time_near_the_byline(client, make_article, make_author):
    article = make_article(body="<p>" + "word " * 1150 + "</p>", authors=[make_author("Kevin Zhang")])
    html, _ = head_of(client, article)
    dates = re.search(r'<p class="dates">(.*?)</p>', html, re.S).group(1)
    assert "5 min read" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", dates))
    assert "(1150 words)" in re.sub(r"\s+", " ", dates)


def test_chinese_article_page_counts_characters_in_chinese(client, make_article, settings):
    settings.LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
    article = make_article(body="<p>" + "美华文学节周末举行" * 100 + "</p>", language="zh-hans")
    with translation.override("zh-hans"):
        url = article.get_absolute_url()
    html = client.get(url).content.decode()
    dates = re.sub(r"\s+", " ", re.search(r'<p class="dates">(.*?)</p>', html, re.S).group(1))
    assert "阅读约 2 分钟" in dates and "900 字" in dates
