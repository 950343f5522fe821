"""Bilingual articles on the reader's site: addresses, links both ways, lists, feeds and sitemaps per language."""

import json
import xml.etree.ElementTree as ET

from datetime import timedelta

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def pair(make_article, make_author):
    """A story written in English and translated into Simplified Chinese, each with its own byline."""
    english = make_article(title="Library talk on work and family", slug="library-talk", authors=[make_author("Priya Natarajan")])
    chinese = make_article(
        title="图书馆讲座探讨职场与家庭", slug="图书馆讲座", language="zh-hans", original=english, authors=[make_author("张凯文")]
    )
    return english, chinese


def head_links(html):
    head = html.split("</head>")[0]
    return [
        (part.split('hreflang="')[1].split('"')[0], part.split('href="')[1].split('"')[0])
        for part in head.split('<link rel="alternate" hreflang=')[1:]
        for part in ['hreflang=' + part]
    ]


def test_each_language_version_has_its_own_address_under_its_language(pair):
    english, chinese = pair

    assert english.get_absolute_url() == "/news/library-talk/"
    assert chinese.get_absolute_url() == "/zh-hans/news/%E5%9B%BE%E4%B9%A6%E9%A6%86%E8%AE%B2%E5%BA%A7/"


def test_translations_link_both_ways_with_hreflang_and_the_right_lang(client, pair):
    english, chinese = pair
    en_url, zh_url = f"http://testserver{english.get_absolute_url()}", f"http://testserver{chinese.get_absolute_url()}"

    en_html = client.get(english.get_absolute_url()).content.decode()
    zh_html = client.get(chinese.get_absolute_url()).content.decode()

    expected = [("en", en_url), ("zh-Hans", zh_url), ("x-default", en_url)]
    assert head_links(en_html) == expected
    assert head_links(zh_html) == expected
    assert en_html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert zh_html.startswith('<!DOCTYPE html>\n<html lang="zh-Hans">')
    assert f'<a href="{chinese.get_absolute_url()}" hreflang="zh-Hans" lang="zh-Hans">简体中文</a>' in en_html.split('class="translations"')[1]
    assert f'<a href="{english.get_absolute_url()}" hreflang="en" lang="en">English</a>' in zh_html.split('class="translations"')[1]


def test_each_version_keeps_its_own_byline_and_comments(client, pair, make_comment):
    english, chinese = pair
    make_comment(english, body="Great talk.")
    make_comment(chinese, body="讲得很好。")

    en_html = client.get(english.get_absolute_url()).content.decode()
    zh_html = client.get(chinese.get_absolute_url()).content.decode()

    assert "Priya Natarajan" in en_html and "张凯文" not in en_html
    assert "张凯文" in zh_html
    assert "Great talk." in en_html and "讲得很好。" not in en_html
    assert "讲得很好。" in zh_html and "Great talk." not in zh_html


def test_an_unpublished_translation_is_not_offered(client, make_article):
    english = make_article(title="Library talk", slug="library-talk")
    make_article(title="图书馆讲座", slug="图书馆讲座", language="zh-hans", original=english, status="draft")

    html = client.get(english.get_absolute_url()).content.decode()

    assert 'class="translations"' not in html
    assert "hreflang=\"zh-Hans\"" not in html.split("</head>")[0]
    assert "图书馆讲座" not in html


def test_an_article_reached_at_another_languages_address_is_redirected_to_its_own(client, pair):
    english, chinese = pair

    wrong = client.get("/news/%E5%9B%BE%E4%B9%A6%E9%A6%86%E8%AE%B2%E5%BA%A7/")
    wrong_too = client.get("/zh-hans/news/library-talk/")

    assert (wrong.status_code, wrong["Location"]) == (301, chinese.get_absolute_url())
    assert (wrong_too.status_code, wrong_too["Location"]) == (301, english.get_absolute_url())


def test_the_language_never_follows_cookies_or_accept_language(client, pair):
    english, _ = pair
    client.cookies["django_language"] = "zh-hans"

    response = client.get(english.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    front = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert response.content.decode().startswith('<!DOCTYPE html>\n<html lang="en">')
    assert front.content.decode().startswith('<!DOCTYPE html>\n<html lang="en">')
    assert response["Content-Language"] == front["Content-Language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "") and "Accept-Language" not in front.get("Vary", "")


def test_json_ld_names_the_language_and_the_translation(client, pair):
    english, chinese = pair

    html = client.get(chinese.get_absolute_url()).content.decode()
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])[0]

    assert data["inLanguage"] == "zh-Hans"
    assert data["translationOfWork"] == {"@id": f"http://testserver{english.get_absolute_url()}#article"}


def test_front_page_shows_each_story_once_in_the_editions_language(client, pair, make_article):
    english, chinese = pair
    only_chinese = make_article(title="社区诊所推出中文健康咨询", slug="诊所", language="zh-hans")
    only_english = make_article(title="Harbour dredging begins", slug="harbour")

    en_front = client.get("/").content.decode()
    zh_front = client.get("/zh-hans/").content.decode()

    assert english.title in en_front and chinese.title not in en_front
    assert chinese.title in zh_front and english.title not in zh_front
    # A story in one language only is in both editions, marked with its language.
    assert 'lang="zh-Hans"' in en_front.split(only_chinese.title)[0].rsplit("<article", 1)[1]
    assert only_english.title in zh_front


def test_lists_show_one_language_only_when_the_newsroom_says_so(client, settings, pair, make_article):
    settings.LIST_LANGUAGES = "edition"
    english, chinese = pair
    only_chinese = make_article(title="社区诊所推出中文健康咨询", slug="诊所", language="zh-hans")

    en_section = [a.title for a in client.get("/news/").context["page_obj"]]
    zh_section = [a.title for a in client.get("/zh-hans/news/").context["page_obj"]]

    assert en_section == [english.title]
    assert sorted(zh_section) == sorted([chinese.title, only_chinese.title])


@pytest.mark.parametrize("count", [1, 5])
def test_an_edition_section_page_makes_a_fixed_number_of_queries(client, make_article, count, django_assert_num_queries):
    for n in range(count):
        original = make_article(title=f"Story {n}", slug=f"story-{n}")
        make_article(title=f"故事{n}", slug=f"故事{n}", language="zh-hans", original=original)
    client.get("/zh-hans/news/")

    # As many as the English section page: sponsors, sections (menu, section, trail), subsections, page, bylines.
    with django_assert_num_queries(5):
        response = client.get("/zh-hans/news/")

    assert [a.title for a in response.context["page_obj"]] == [f"故事{n}" for n in range(count)]


def test_feeds_are_per_language(client, pair):
    english, chinese = pair

    en_feed = feedparser.parse(client.get("/feed/").content)
    zh_feed = feedparser.parse(client.get("/zh-hans/feed/").content)
    zh_atom = feedparser.parse(client.get("/zh-hans/news/feed/atom/").content)

    assert [e.title for e in en_feed.entries] == [english.title]
    assert [e.title for e in zh_feed.entries] == [chinese.title]
    assert [e.title for e in zh_atom.entries] == [chinese.title]
    assert zh_feed.feed.language == "zh-hans"
    assert zh_feed.entries[0].link == f"http://testserver{chinese.get_absolute_url()}"


def test_article_sitemap_lists_translations_as_alternates(client, pair, make_article):
    english, chinese = pair
    make_article(title="Alone", slug="alone")

    root = ET.fromstring(client.get("/sitemap-articles.xml").content)
    alternates = {
        url.find("s:loc", SITEMAP).text: [(link.get("hreflang"), link.get("href")) for link in url.findall("x:link", SITEMAP)]
        for url in root.findall("s:url", SITEMAP)
    }

    en_url, zh_url = f"http://testserver{english.get_absolute_url()}", f"http://testserver{chinese.get_absolute_url()}"
    both = [("en", en_url), ("zh-Hans", zh_url), ("x-default", en_url)]
    assert alternates[en_url] == both
    assert alternates[zh_url] == both
    assert alternates["http://testserver/news/alone/"] == []


def test_news_sitemap_names_each_articles_language(client, pair):
    Article.objects.update(published_at=timezone.now() - timedelta(hours=1))
    root = ET.fromstring(client.get("/news-sitemap.xml").content)
    ns = {"s": SITEMAP["s"], "n": "http://www.google.com/schemas/sitemap-news/0.9"}

    languages = {url.find("n:news/n:title", ns).text: url.find("n:news/n:publication/n:language", ns).text for url in root.findall("s:url", ns)}

    assert languages == {"Library talk on work and family": "en", "图书馆讲座探讨职场与家庭": "zh-cn"}


def test_a_translation_of_a_translation_belongs_to_the_original(pair, settings, news):
    settings.LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]
    english, chinese = pair
    traditional = Article(title="圖書館講座", slug="圖書館講座", section=news, language="zh-hant", original=chinese)

    traditional.full_clean()

    assert traditional.original_id == english.pk


def test_a_story_has_one_version_per_language(pair, news):
    english, _ = pair
    second = Article(title="另一个译本", slug="另一个译本", section=news, language="zh-hans", original=english)

    with pytest.raises(ValidationError, match="already has a version in 简体中文"):
        second.full_clean()


def test_a_language_the_site_does_not_publish_in_is_refused(news):
    with pytest.raises(ValidationError, match="not one of the site's languages"):
        Article(title="Bonjour", slug="bonjour", section=news, language="fr").full_clean()


def test_check_also_is_never_the_same_story_in_another_language_and_prefers_the_readers_language(client, make_article):
    english = make_article(title="Library talk", slug="library-talk", tags=["library"])
    chinese = make_article(title="图书馆讲座", slug="图书馆讲座", language="zh-hans", original=english, tags=["library"])
    make_article(title="Library opens late", slug="library-late", tags=["library"])
    make_article(title="图书馆延长开放时间", slug="图书馆延长", language="zh-hans", tags=["library"])

    assert english.related_article().title == "Library opens late"
    assert chinese.related_article().title == "图书馆延长开放时间"
