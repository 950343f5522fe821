"""
Control characters pasted from a word processor (U+000B is Word's manual line break) never reach
storage, and text stored before (or written around the models) still cannot break XML output.
"""

import xml.etree.ElementTree as ET

import feedparser
import pytest

from articles.models import Article, Correction
from comments.models import Comment
from sponsors.models import Sponsor
from tests.editorial.conftest import ADD_URL, article_form, editor, login, make_user  # noqa: F401

pytestmark = pytest.mark.django_db

XML_SURFACES = ["/feed/", "/feed/atom/", "/news/feed/", "/news/feed/atom/", "/corrections/feed/", "/news-sitemap.xml",
                "/sitemap-articles.xml", "/sitemap-tags.xml", "/sitemap-sections.xml"]


def test_headline_pasted_with_a_vertical_tab_is_stored_without_it(editor, login, news, article_form):  # noqa: F811
    response = login(editor).post(ADD_URL, article_form(
        title="Talks resume\x0bin Geneva", section=news.pk, standfirst="One\x0btwo\x07 three\x1b",
        body="<p>Body\x0btext\x08.</p>",
    ))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Talks resume in Geneva"
    assert article.standfirst == "One two three"
    assert article.body == "<p>Body text.</p>"


def test_text_keeps_tabs_and_line_breaks(make_article):
    article = make_article(standfirst="Line one\nLine two\r\n\tindented")
    article.refresh_from_db()
    assert article.standfirst == "Line one\nLine two\r\n\tindented"


def test_control_characters_are_removed_from_every_model_saved(make_article, make_sponsor, make_comment):
    article = make_article(title="A\x0bB")
    sponsor = make_sponsor(name="Sp\x0con\x1fsor")
    correction = Correction.objects.create(article=article, text="Fixed\x0ba date\x00.")
    comment = make_comment(article, body="Nice\x0bone\x7f", author_name="Re\x01ader")
    assert Article.objects.get(pk=article.pk).title == "A B"
    assert Sponsor.objects.get(pk=sponsor.pk).name == "Sp onsor"
    assert Correction.objects.get(pk=correction.pk).text == "Fixed a date."
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.body, stored.author_name) == ("Nice one", "Reader")


def test_comment_form_drops_control_characters(client, make_article, comment_form_data):
    article = make_article()
    client.post(f"/comments/post/{article.pk}/", comment_form_data(name="Helen\x0b Wu", body="Good\x1b point\x0bhere."))
    comment = Comment.objects.get()
    assert (comment.author_name, comment.body) == ("Helen Wu", "Good point here.")


@pytest.mark.parametrize("url", XML_SURFACES)
def test_xml_stays_well_formed_with_control_characters_stored_around_the_models(client, make_article, url):
    article = make_article(tags=["harbour"])
    Correction.objects.create(article=article, text="A correction.")
    # QuerySet.update writes past save(): what an old row or a bulk import could hold.
    Article.objects.filter(pk=article.pk).update(title="Talks\x0bresume\x01", standfirst="Stand\x1bfirst\ufffe")
    Correction.objects.update(text="Fixed\x0b")
    response = client.get(url)
    assert response.status_code == 200
    ET.fromstring(response.content)  # raises on a character XML 1.0 forbids
    if "feed" in url:
        feed = feedparser.parse(response.content)
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert "Talks resume" in feed.entries[0].title
