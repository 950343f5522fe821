"""Search in Chinese, Japanese and Korean, and in English and Chinese at once, on PostgreSQL and SQLite."""

import pytest
from django.db import connection

from articles import search
from articles.models import Article

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="stored search vectors are PostgreSQL's")

LECTURE_TITLE = "硅谷女性协会举办讲座"
LECTURE_BODY = "<p>硅谷女性协会本周末在图书馆举办讲座，讨论职场与家庭。</p>"


def titles(client, query):
    response = client.get("/search/", {"q": query})
    return [a.title for a in response.context["page_obj"]]


@pytest.fixture
def lecture(make_article):
    return make_article(title=LECTURE_TITLE, standfirst="", body=LECTURE_BODY)


@pytest.mark.parametrize("query", ["讲座", "硅谷女性", "女性协会", "图书馆", "职场与家庭", "讲座 图书馆", "“讲座”"])
def test_chinese_words_inside_headlines_and_bodies_are_found(client, lecture, make_article, query):
    make_article(title="Harbour dredging begins", body="<p>Work starts Monday.</p>")

    assert titles(client, query) == [LECTURE_TITLE]


@pytest.mark.parametrize("query", ["硅谷讲座", "家庭职场", "讲座 -图书馆", "足球"])
def test_chinese_characters_that_are_only_apart_do_not_match(client, lecture, query):
    assert titles(client, query) == []


def test_one_chinese_character_finds_the_words_it_is_part_of(client, lecture, make_article):
    make_article(title="另一篇文章", body="<p>与此无关。</p>")

    assert titles(client, "馆") == [LECTURE_TITLE]
    assert titles(client, "座") == [LECTURE_TITLE]


def test_chinese_headline_matches_rank_above_body_matches(client, make_article):
    make_article(title="社区新闻", body="<p>本周的活动包括一场讲座。</p>")
    make_article(title="图书馆讲座吸引数百人", body="<p>周六下午座无虚席。</p>")

    assert titles(client, "讲座") == ["图书馆讲座吸引数百人", "社区新闻"]


def test_chinese_matches_are_highlighted_in_a_passage_of_sensible_length(client, make_article):
    opening = "社区的老人们每个星期都会来这里聚会。" * 8
    make_article(title="周末活动", standfirst="", body=f"<p>{opening}</p><p>硅谷女性协会本周末在图书馆举办讲座，讨论职场与家庭。</p>")

    html = client.get("/search/", {"q": "讲座 职场"}).content.decode()
    snippet = html.split('class="card-excerpt">')[1].split("</p>")[0]

    assert "举办<mark>讲座</mark>，讨论<mark>职场</mark>与家庭" in snippet
    assert snippet.startswith("… ")
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) < 130


def test_one_article_in_english_and_chinese_is_found_by_either_and_by_both(client, make_article):
    make_article(
        title="Geneva talks 日内瓦会谈",
        standfirst="",
        body="<p>Senior diplomats met in Geneva on Monday. 美俄两国外交官周一在日内瓦举行安全会谈。</p>",
    )
    make_article(title="Diplomats meet", body="<p>Talks elsewhere.</p>")

    assert titles(client, "日内瓦") == ["Geneva talks 日内瓦会谈"]
    assert titles(client, "diplomat 会谈") == ["Geneva talks 日内瓦会谈"]
    assert titles(client, "安全会谈 Monday") == ["Geneva talks 日内瓦会谈"]
    assert titles(client, "外交官 football") == []


def test_a_mixed_query_is_highlighted_in_both_scripts(client, make_article):
    make_article(title="Talks", standfirst="", body="<p>Diplomats met in Geneva. 两国外交官在日内瓦举行会谈。</p>")

    html = client.get("/search/", {"q": "Geneva 会谈"}).content.decode()

    assert "<mark>Geneva</mark>" in html
    assert "举行<mark>会谈</mark>" in html


def test_english_words_written_against_chinese_are_found(client, make_article):
    make_article(title="iPhone手机销量下滑", body="<p>分析师表示，iPhone销量在中国市场下滑。</p>")

    assert titles(client, "iPhone手机") == ["iPhone手机销量下滑"]
    assert titles(client, "iphone") == ["iPhone手机销量下滑"]


@pytest.mark.parametrize(
    "title, body, query",
    [
        ("新しい図書館が開館", "<p>東京都は本日、新しい図書館の開館を発表しました。</p>", "図書館"),
        ("新しい図書館が開館", "<p>市民の皆さんは無料で利用できます。</p>", "無料"),
        ("서울에 새 도서관 개관", "<p>서울시는 오늘 새로운 도서관을 열었다고 발표했습니다.</p>", "도서관"),
        ("서울에 새 도서관 개관", "<p>서울시는 오늘 새로운 도서관을 열었다고 발표했습니다.</p>", "발표"),
    ],
)
def test_japanese_and_korean_words_are_found(client, make_article, title, body, query):
    make_article(title=title, body=body)
    make_article(title="Harbour dredging begins", body="<p>Work starts Monday.</p>")

    assert titles(client, query) == [title]


def test_chinese_author_names_and_tags_are_found(client, make_article, make_author):
    make_article(title="A story", authors=[make_author("张凯文")], tags=["社区活动"])

    assert titles(client, "凯文") == ["A story"]
    assert titles(client, "社区") == ["A story"]


@postgres_only
@pytest.mark.parametrize("text", ["硅谷女性协会本周末", "Geneva 日内瓦 talks", "書", "東京で、ソウルへ。서울시는", "plain English"])
def test_the_database_rewrites_cjk_runs_as_python_does(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT newsroom_search_text(%s)", [text])
        rewritten = cursor.fetchone()[0]

    expected = search.CJK_RUN.sub(lambda m: " " + " ".join(search.cjk_pairs(m.group())) + " ", text)
    assert rewritten.split() == expected.split()


@postgres_only
def test_a_chinese_vector_follows_an_edited_headline(make_article):
    article = make_article(title="旧标题", body="<p>正文。</p>")
    article.title = "硅谷女性协会举办讲座"
    article.save()

    found = Article.objects.filter(search_vector=search.to_tsquery("讲座")).values_list("pk", flat=True)
    assert list(found) == [article.pk]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("讲座", "'讲座'"),
        ("硅谷女性", "('硅谷' <-> '谷女' <-> '女性')"),
        ("书", "'书':*"),
        ("Geneva 会谈", "'Geneva' & '会谈'"),
        ("iPhone手机", "('iPhone' <-> '手机')"),
        ('"city council" -讲座', "('city' <-> 'council') & !'讲座'"),
        ("讲座 or 会议", "('讲座' | '会议')"),
        ("o'clock", "'o''clock'"),
        ("back\\slash", "('back' <-> 'slash')"),
        ("-讲座", None),
        ("!!! :* & |", None),
        ("", None),
    ],
)
def test_queries_become_tsquery_text_with_every_operand_quoted(query, expected):
    assert search.tsquery_text(query) == expected


@pytest.mark.parametrize("query", ["讲座 \\' \"", "'); DROP TABLE x; --", "(((", "讲座 or", "or 讲座", "- - -", "a:*b", "!讲座"])
def test_odd_chinese_and_mixed_queries_answer_without_error(client, lecture, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
