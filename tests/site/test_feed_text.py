"""
Plain text stays text in feeds: RSS descriptions and Atom html summaries are HTML to a feed reader,
so what an editor typed as text is escaped once more there, never handed over as markup.
"""

import html
import xml.etree.ElementTree as ET

import feedparser
import pytest

from articles.models import Correction

pytestmark = pytest.mark.django_db

HOSTILE = '<img src=x onerror="alert(1)"> & <b>bold</b>'
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_descriptions(response):
    return [item.findtext("description") for item in ET.fromstring(response.content).iter("item")]


def atom_summaries(response):
    root = ET.fromstring(response.content)
    return [(entry.find(f"{ATOM}summary").get("type"), entry.findtext(f"{ATOM}summary")) for entry in root.iter(f"{ATOM}entry")]


def test_rss_description_carries_a_plain_text_standfirst_as_text(client, make_article):
    make_article(standfirst=HOSTILE)
    (description,) = rss_descriptions(client.get("/feed/"))
    # The element's text is HTML to a reader: it must show the characters, not make an <img>.
    assert "<" not in description
    assert html.unescape(description) == HOSTILE
    entry = feedparser.parse(client.get("/feed/").content).entries[0]
    assert "<img" not in entry.summary


def test_atom_summary_carries_a_plain_text_standfirst_as_text(client, make_article):
    make_article(standfirst=HOSTILE)
    ((kind, summary),) = atom_summaries(client.get("/feed/atom/"))
    assert kind == "html"
    assert "<" not in summary
    assert html.unescape(summary) == HOSTILE


def test_sponsor_name_is_text_in_feed_descriptions(client, make_article, make_sponsor):
    make_article(standfirst="A story.", sponsor=make_sponsor(name=HOSTILE))
    (description,) = rss_descriptions(client.get("/feed/"))
    assert "<" not in description
    assert html.unescape(description) == f"Sponsored content from {HOSTILE}. A story."


def test_correction_text_is_text_in_the_corrections_feed(client, make_article):
    Correction.objects.create(article=make_article(), text=HOSTILE)
    (description,) = rss_descriptions(client.get("/corrections/feed/"))
    assert "<" not in description
    assert html.unescape(description) == HOSTILE


def test_section_description_is_text_in_the_section_feed(client, make_article, news):
    news.description = HOSTILE
    news.save()
    make_article()
    channel = ET.fromstring(client.get("/news/feed/").content).find("channel")
    assert html.unescape(channel.findtext("description")) == HOSTILE
    assert "<" not in channel.findtext("description")
    atom = ET.fromstring(client.get("/news/feed/atom/").content)
    # Atom's subtitle is plain text: the characters themselves, escaped only as XML.
    assert atom.findtext(f"{ATOM}subtitle") == HOSTILE
