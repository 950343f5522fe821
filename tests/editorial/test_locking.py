"""Two editors on one article: the second save is refused, and nothing the second one typed is lost."""

import pytest

from .conftest import change_url

pytestmark = pytest.mark.django_db


def test_second_save_of_the_same_version_is_refused(editor, make_user, login, make_article, article_form):
    article = make_article(title="Original Headline")
    other = make_user("Editor", first_name="Ana", last_name="Ruiz")
    first, second = login(editor), login(other)
    form_of_first = article_form(article, title="First Editor's Headline")
    form_of_second = article_form(article, title="Second Editor's Headline", standfirst="Typed with care.")

    assert first.post(change_url(article), form_of_first).status_code == 302
    response = second.post(change_url(article), form_of_second)

    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this article" in html and "after you opened it" in html
    assert 'value="Second Editor&#x27;s Headline"' in html  # what they typed is still in the form
    assert "Typed with care." in html
    article.refresh_from_db()
    assert article.title == "First Editor's Headline"


def test_refusal_names_who_saved(editor, make_user, login, make_article, article_form):
    article = make_article()
    other = make_user("Editor", first_name="Ana", last_name="Ruiz")
    stale = article_form(article, title="Mine")
    login(other).post(change_url(article), article_form(article, title="Theirs"))
    html = login(editor).post(change_url(article), stale).content.decode()
    assert "Ana Ruiz saved this article" in html


def test_ticking_overwrite_saves_deliberately(editor, make_user, login, make_article, article_form):
    article = make_article()
    stale = article_form(article, title="Mine After All")
    login(make_user("Editor")).post(change_url(article), article_form(article, title="Theirs"))
    assert login(editor).post(change_url(article), {**stale, "overwrite": "on"}).status_code == 302
    article.refresh_from_db()
    assert article.title == "Mine After All"


def test_every_save_moves_the_version(editor, login, make_article, article_form):
    article = make_article()
    client = login(editor)
    client.post(change_url(article), article_form(article, title="One"))
    article.refresh_from_db()
    client.post(change_url(article), article_form(article, title="Two"))
    article.refresh_from_db()
    assert (article.title, article.version) == ("Two", 2)
