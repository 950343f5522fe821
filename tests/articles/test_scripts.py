"""Excerpts, descriptions and slugs that fit Chinese, Japanese, Korean and English text."""

import feedparser
import pytest

from articles import text
from articles.models import Article

pytestmark = pytest.mark.django_db

# 312 characters of Chinese prose with no standfirst: the example of an excerpt never cut.
CHINESE_BODY = (
    "<p>硅谷女性协会本周末在图书馆举办讲座，讨论职场与家庭。来自湾区各地的一百多名会员参加了活动，"
    "其中不少人是第一次来到协会。主讲人是一位在半导体行业工作了二十年的工程师，她讲述了自己如何在照顾两个孩子的同时完成博士学位，"
    "又如何在公司里争取到弹性工作时间。</p><p>讲座结束后，会员们分成小组，交流各自的经验。一位刚从上海搬来的母亲说，她最担心的是孩子的学校和自己的签证；"
    "另一位在初创公司工作的年轻人则希望找到一位导师。协会负责人表示，今后每个月都会举办类似的活动，并计划与社区大学合作开设职业培训课程，"
    "欢迎所有关心这些问题的居民参加。</p>"
)
JAPANESE_BODY = (
    "<p>東京都は本日、新しい図書館の開館を発表しました。市民の皆さんは無料で利用でき、子ども向けの読書会も毎週開かれます。"
    "館長は「地域の人々が集まる場所にしたい」と話しています。開館記念の展示は来月末まで続く予定で、週末には作家の講演会も予定されています。</p>"
)
ENGLISH_BODY = "<p>" + " ".join(f"word{i}" for i in range(60)) + ".</p>"


def chinese_article(make_article, **kwargs):
    kwargs.setdefault("title", "硅谷女性协会举办讲座")
    return make_article(standfirst="", body=CHINESE_BODY, **kwargs)


def test_a_chinese_excerpt_is_cut_at_a_sentence_end_in_the_room_of_thirty_english_words(make_article):
    excerpt = chinese_article(make_article).excerpt()

    assert excerpt == "硅谷女性协会本周末在图书馆举办讲座，讨论职场与家庭。来自湾区各地的一百多名会员参加了活动，其中不少人是第一次来到协会。"
    assert text.text_width(excerpt) <= 180


def test_a_chinese_excerpt_without_a_sentence_end_is_cut_at_a_clause_with_an_ellipsis(make_article):
    body = "<p>" + "，".join(["会员们分成小组交流各自的经验"] * 12) + "。</p>"
    excerpt = make_article(standfirst="", body=body).excerpt()

    assert excerpt == "，".join(["会员们分成小组交流各自的经验"] * 6) + "…"


def test_chinese_without_punctuation_is_cut_between_characters(make_article):
    excerpt = make_article(standfirst="", body="<p>" + "硅谷女性协会" * 40 + "</p>").excerpt()

    assert excerpt == ("硅谷女性协会" * 40)[:89] + "…"


def test_a_japanese_excerpt_is_cut_at_a_sentence_end(make_article):
    excerpt = make_article(standfirst="", body=JAPANESE_BODY).excerpt()

    assert excerpt == (
        "東京都は本日、新しい図書館の開館を発表しました。市民の皆さんは無料で利用でき、子ども向けの読書会も毎週開かれます。"
        "館長は「地域の人々が集まる場所にしたい」と話しています。"
    )
    assert text.text_width(excerpt) <= 180


def test_a_korean_excerpt_is_cut_at_a_space_never_inside_a_word(make_article):
    body = "<p>" + "서울시는 오늘 새로운 도서관을 열었다고 발표했습니다 " * 10 + "</p>"
    excerpt = make_article(standfirst="", body=body).excerpt()

    assert excerpt.endswith("…")
    assert excerpt[:-1] in body and body[body.index(excerpt[:-1]) + len(excerpt) - 1] == " "
    assert 150 <= text.text_width(excerpt) <= 180


def test_an_english_excerpt_is_still_thirty_words(make_article):
    excerpt = make_article(standfirst="", body=ENGLISH_BODY).excerpt()

    assert excerpt == " ".join(f"word{i}" for i in range(30)) + "…"


def test_a_chinese_byline_typed_into_the_body_is_not_the_excerpt(make_article):
    article = make_article(standfirst="", body="<p>文／张凯文</p><p>讲座吸引了一百多人。</p>")

    assert article.excerpt() == "讲座吸引了一百多人。"


@pytest.mark.parametrize(
    "value, width, expected",
    [
        ("café café café", 8, "café…"),
        ("cafe\u0301 cafe\u0301 cafe\u0301", 8, "cafe\u0301…"),
        ("cafe\u0301cafe\u0301", 5, "cafe\u0301…"),
        ("👩\u200d💻👩\u200d💻👩\u200d💻", 6, "👩\u200d💻…"),
        ("👩\u200d💻👩\u200d💻", 4, "…"),
        ("short", 10, "short"),
        ("讲座讨论职场与家庭", 10, "讲座讨论…"),
    ],
)
def test_clip_never_cuts_a_character_from_its_accent_or_joiner(value, width, expected):
    assert text.clip(value, width) == expected


def test_check_also_and_the_meta_description_fit_a_chinese_story(client, make_article, news):
    related = chinese_article(make_article, title="讲座回顾")
    article = make_article(title="另一篇", standfirst="", body=CHINESE_BODY, check_also=related)

    html = client.get(article.get_absolute_url()).content.decode()
    check_also = html.split('class="check-also"')[1].split("</aside>")[0]
    description = html.split('<meta name="description" content="')[1].split('"')[0]

    assert "<p>硅谷女性协会本周末在图书馆举办讲座，讨论职场与家庭。来自湾区各地的一百多名会员参加了活动，其中不少人是第一次来到协会。</p>" in check_also
    assert "只是" not in check_also and "欢迎所有" not in check_also
    assert description == "硅谷女性协会本周末在图书馆举办讲座，讨论职场与家庭。来自湾区各地的一百多名会员参加了活动，其中不少人是第一次来到协会。"


def test_a_feed_summary_of_a_chinese_story_is_cut(client, make_article):
    chinese_article(make_article)

    feed = feedparser.parse(client.get("/feed/").content)

    assert feed.entries[0].summary == "硅谷女性协会本周末在图书馆举办讲座，讨论职场与家庭。来自湾区各地的一百多名会员参加了活动，其中不少人是第一次来到协会。"


@pytest.mark.parametrize(
    "title, slug",
    [
        ("硅谷女性协会举办讲座", "硅谷女性协会举办讲座"),
        ("硅谷女性协会举办讲座：讨论职场与家庭", "硅谷女性协会举办讲座-讨论职场与家庭"),
        ("《美华文学》秋季号出版", "美华文学-秋季号出版"),
        ("张凯文·日内瓦会谈", "张凯文-日内瓦会谈"),
        ("iPhone 15 发布会", "iphone-15-发布会"),
        ("東京の新しい図書館", "東京の新しい図書館"),
        ("서울에 새 도서관", "서울에-새-도서관"),
        ("Café owners: “We’re staying”", "café-owners-were-staying"),
    ],
)
def test_slugs_from_headlines_stay_readable_in_their_script(make_article, news, title, slug):
    article = Article(title=title, section=news)

    assert article.unique_slug() == slug


def test_a_long_chinese_headline_gives_a_slug_of_forty_characters_at_most(news):
    title = "硅谷女性协会本周末在图书馆举办讲座讨论职场与家庭来自湾区各地的一百多名会员参加了活动其中不少人是第一次来到协会"

    slug = Article(title=title, section=news).unique_slug()

    assert slug == title[:40]


def test_a_chinese_address_is_percent_encoded_and_answers(client, make_article):
    article = make_article(title="硅谷女性协会举办讲座", slug="硅谷女性协会举办讲座")

    url = article.get_absolute_url()
    response = client.get(url)

    assert url.isascii() and "%E8%AE%B2%E5%BA%A7" in url
    assert response.status_code == 200
    assert response.context["article"] == article
