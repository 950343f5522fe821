import pytest
from django.core.management import call_command

from articles.models import Article, Photo, Section
from authors.models import Author
from comments.models import Comment
from sponsors.models import Sponsor

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Section, Author, Sponsor, Article, Photo, Comment)]


def test_loaddemo_fills_the_site_and_is_idempotent(client):
    call_command("loaddemo", stdout=open("/dev/null", "w"))
    first = counts()
    call_command("loaddemo", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert first[3] >= 12
    assert list(Sponsor.objects.active().values_list("name", flat=True)) == ["HEARTS", "美华文学", "硅谷女性"]

    article = Article.objects.get(slug="russian-american-diplomats-meet-in-geneva")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Sponsored by" in html and "硅谷女性" in html
    assert "By <a" in html and "Kevin Zhang" in html
    assert "About Kevin Zhang" in html
    assert "Al-Qaeda Says Top Leader Killed In US Strike" in html  # the Check Also pair
    assert "U.S. Mission Geneva/Handout via REUTERS" in html
    assert "Leave a Reply" in html


def test_loaddemo_if_empty_leaves_an_existing_site_alone(make_article):
    make_article(title="Our own story")
    call_command("loaddemo", "--if-empty", stdout=open("/dev/null", "w"))
    assert list(Article.objects.values_list("title", flat=True)) == ["Our own story"]


def test_loaddemo_has_bilingual_stories_linked_both_ways(client):
    call_command("loaddemo", stdout=open("/dev/null", "w"))

    english = Article.objects.get(slug="silicon-valley-women-talk-on-work-and-family")
    chinese = Article.objects.get(language="zh-hans", original=english)
    written_in_chinese = Article.objects.get(slug="美华文学秋季朗读会在图书馆举行")
    zh_html = client.get(chinese.get_absolute_url()).content.decode()

    assert written_in_chinese.translations.get().language == "en"
    assert Article.objects.filter(language="zh-hans", original=None).count() == 2
    assert f'href="{english.get_absolute_url()}" hreflang="en"' in zh_html
    assert "翻译：" in zh_html and "社区" in zh_html
    assert Section.objects.get(slug="news").names == {"zh-hans": "新闻"}
