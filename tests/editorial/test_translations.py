"""Translations at the desk: starting one from the original, and seeing which stories lack one."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/article/"


def translate_url(article, language="zh-hans"):
    return f"/admin/articles/article/{article.pk}/translate/{language}/"


def test_an_editor_starts_the_chinese_translation_from_the_original(editor, login, make_article, make_author):
    client = login(editor)
    reporter = make_author("Priya Natarajan")
    original = make_article(title="Library talk", standfirst="A talk.", body="<p>Members met.</p>", authors=[reporter], tags=["community"])

    confirm = client.get(translate_url(original))
    response = client.post(translate_url(original))

    draft = Article.objects.get(language="zh-hans")
    assert "Make the 简体中文 draft" in confirm.content.decode()
    assert response["Location"] == f"/admin/articles/article/{draft.pk}/change/"
    assert (draft.original, draft.status, draft.section, draft.title, draft.body) == (
        original, Article.Status.DRAFT, original.section, "Library talk", "<p>Members met.</p>"
    )
    assert [(b.author.name, b.role) for b in draft.bylines.all()] == [("Priya Natarajan", ""), (editor.author.name, "Translated by")]
    assert [t.name for t in draft.tags.all()] == ["community"]
    assert draft.slug != original.slug and draft.get_absolute_url().startswith("/zh-hans/news/")


def test_starting_a_translation_twice_opens_the_one_there_is(editor, login, make_article):
    client = login(editor)
    original = make_article(title="Library talk")
    client.post(translate_url(original))

    again = client.post(translate_url(original))

    assert Article.objects.filter(language="zh-hans").count() == 1
    assert again["Location"] == f"/admin/articles/article/{Article.objects.get(language='zh-hans').pk}/change/"


def test_a_translation_cannot_be_started_by_get_alone_nor_into_an_unknown_language(editor, login, make_article):
    client = login(editor)
    original = make_article(title="Library talk")

    client.get(translate_url(original))

    assert client.post(translate_url(original, "fr")).status_code == 404
    assert not Article.objects.exclude(pk=original.pk).exists()


def test_a_writer_cannot_translate_a_story_they_cannot_open(writer, login, make_article):
    original = make_article(title="Someone else's story")

    response = login(writer).post(translate_url(original))

    assert response.status_code == 404
    assert not Article.objects.filter(language="zh-hans").exists()


def test_the_change_form_links_every_version_and_offers_the_missing_one(editor, login, make_article):
    client = login(editor)
    original = make_article(title="Library talk")
    lonely = make_article(title="Harbour news")
    chinese = make_article(title="图书馆讲座", language="zh-hans", original=original, status="draft")

    with_translation = client.get(f"/admin/articles/article/{original.pk}/change/").content.decode()
    without = client.get(f"/admin/articles/article/{lonely.pk}/change/").content.decode()

    assert f'<a href="/admin/articles/article/{chinese.pk}/change/">图书馆讲座</a> (Draft)' in with_translation
    assert f'href="{translate_url(lonely)}">Start the 简体中文 translation</a>' in without


def test_the_list_shows_which_stories_lack_a_translation(editor, login, make_article):
    client = login(editor)
    translated = make_article(title="Library talk")
    make_article(title="图书馆讲座", language="zh-hans", original=translated)
    lonely = make_article(title="Harbour news")
    chinese_only = make_article(title="社区诊所", language="zh-hans")

    lacking_chinese = client.get(LIST_URL, {"translation": "lacks-zh-hans"}).context["cl"].result_list
    lacking_english = client.get(LIST_URL, {"translation": "lacks-en"}).context["cl"].result_list
    single = client.get(LIST_URL, {"translation": "single"}).context["cl"].result_list
    html = client.get(LIST_URL).content.decode()

    assert [a.title for a in lacking_chinese] == [lonely.title]
    assert [a.title for a in lacking_english] == [chinese_only.title]
    assert sorted(a.title for a in single) == sorted([lonely.title, chinese_only.title])
    assert 'title="No 简体中文 version yet">no zh-hans</span>' in html


def test_an_editor_names_a_section_in_chinese(editor, login, news):
    client = login(editor)

    form = client.get(f"/admin/articles/section/{news.pk}/change/").content.decode()
    client.post(
        f"/admin/articles/section/{news.pk}/change/",
        {"name": "News", "slug": "news", "position": 0, "description": "", "name_zh-hans": "新闻"},
    )

    news.refresh_from_db()
    assert "Name in 简体中文" in form
    assert news.names == {"zh-hans": "新闻"}
    assert "新闻" in client.get("/zh-hans/news/").content.decode()
