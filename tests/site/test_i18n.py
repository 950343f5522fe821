"""The public site in Simplified Chinese: every word of the page translated, chosen by the address alone."""

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from articles.models import Byline, Section

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Latin words a Chinese page may carry that are not the site's own words: the site's name, feed formats,
# the link to the English edition (named in English on purpose) and the comment form's machine fields.
ALLOWED_LATIN = {"Newsroom", "RSS", "Atom", "English", "Cookie", "http", "https"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text outside script and style, and the attributes read aloud or shown."""

    SHOWN_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "data-text-reply", "data-text-reply-to", "data-text-sending", "data-text-fetch-failed"}

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in self.SHOWN_ATTRIBUTES and value]
        if tag == "meta" and attrs.get("name") == "description":
            self.parts.append(attrs.get("content", ""))
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.parts.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def untranslated(html):
    parser = VisibleText()
    parser.feed(html.split("<body>", 1)[1])
    words = re.findall(r"[A-Za-z]{2,}", " ".join(parser.parts))
    return sorted({w for w in words if w not in ALLOWED_LATIN})


@pytest.fixture
def chinese_story(make_article, make_author, make_comment, make_sponsor, news):
    make_sponsor(name="硅谷女性")
    news.names = {"zh-hans": "新闻"}
    news.save()
    section = Section.objects.create(name="Community", slug="community", names={"zh-hans": "社区"})
    original = make_article(title="Library talk", slug="library-talk", section=section)
    story = make_article(
        title="硅谷女性协会举办讲座",
        slug="硅谷女性协会举办讲座",
        section=section,
        language="zh-hans",
        original=original,
        standfirst="一百多名会员参加了讲座。",
        body="<p>硅谷女性协会本周末在图书馆举办讲座，讨论职场与家庭。</p>",
        tags=["社区活动"],
        check_also=make_article(
            title="美华文学秋季朗读会", slug="朗读会", section=section, language="zh-hans", body="<p>六位作家朗读了新作。</p>"
        ),
    )
    author = make_author("张凯文", title="记者", bio="张凯文负责国际新闻报道。")
    translator = make_author("李文静")
    Byline.objects.create(article=story, author=author, position=0)
    Byline.objects.create(article=story, author=translator, position=1, role="Translated by")
    make_comment(story, author_name="王小明", body="讲得很好。")
    make_comment(story, author_name="陈国强", body="谢谢分享。")
    return story


def test_the_chinese_article_page_has_no_untranslated_word(client, chinese_story):
    html = client.get(chinese_story.get_absolute_url()).content.decode()

    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-Hans">')
    assert untranslated(html) == []
    # Spot checks of what a Chinese reader reads where the English page says Check Also, Leave a Reply...
    for words in ["延伸阅读", "发表评论", "您的电子邮箱地址不会被公开。", "文／", "翻译：", "2 条评论", "首页", "社区", "年"]:
        assert words in html


def test_the_english_page_of_the_same_site_stays_english(client, chinese_story):
    html = client.get(chinese_story.original.get_absolute_url()).content.decode()

    assert "Leave a Reply" in html and "Check Also" in html and "发表评论" not in html


@pytest.mark.parametrize("path", ["/zh-hans/", "/zh-hans/community/", "/zh-hans/search/?q=讲座", "/zh-hans/tag/社区活动/", "/zh-hans/sponsors/"])
def test_chinese_edition_pages_have_no_untranslated_word(client, chinese_story, path):
    response = client.get(path)

    assert response.status_code == 200
    assert untranslated(response.content.decode()) == []


def test_the_chinese_comment_form_answers_in_chinese(chinese_story, comment_form_data):
    response = Client().post(f"/comments/post/{chinese_story.pk}/", comment_form_data(email="not an address", body=""))
    html = response.content.decode()

    assert response.status_code == 400
    assert "请填写评论内容。" in html
    assert "有效的电子邮件地址" in html or "有效的电子邮箱" in html
    assert untranslated(html) == []


def test_a_404_under_the_chinese_prefix_is_in_chinese(client):
    response = client.get("/zh-hans/no-such-section/")

    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


def test_names_are_listed_as_each_language_lists_them():
    from newsroom.i18n import and_join_text

    with translation.override("en"):
        assert [and_join_text(n) for n in (["A"], ["A", "B"], ["A", "B", "C"])] == ["A", "A and B", "A, B, and C"]
    with translation.override("zh-hans"):
        assert [and_join_text(n) for n in (["甲"], ["甲", "乙"], ["甲", "乙", "丙"])] == ["甲", "甲和乙", "甲、乙和丙"]


def test_the_committed_translations_are_complete_and_compiled():
    result = subprocess.run([sys.executable, "locale/build.py", "--check"], cwd=ROOT, capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr


def test_traditional_chinese_is_there_for_a_newsroom_that_turns_it_on(client, settings, make_article, news):
    settings.LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]
    news.names = {"zh-hant": "新聞"}
    news.save()
    original = make_article(title="Library talk", slug="library-talk")
    story = make_article(title="圖書館講座", slug="圖書館講座", language="zh-hant", original=original, body="<p>會員們參加了講座。</p>")

    html = client.get(story.get_absolute_url()).content.decode()

    assert story.get_absolute_url().startswith("/zh-hant/news/")
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-Hant">')
    assert "發表評論" in html and "首頁" in html and "新聞" in html
    assert f'<link rel="alternate" hreflang="zh-Hant" href="http://testserver{story.get_absolute_url()}">' in html
    assert untranslated(html) == []
