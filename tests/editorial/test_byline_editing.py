"""Issue 11: bylines on the article form: the writer's own on a new article, order, removal."""

import re

import pytest

from articles.models import Article, Byline
from authors.models import Author

from .conftest import ADD_URL, change_url

pytestmark = pytest.mark.django_db


def test_add_form_shows_the_users_own_byline(writer, login):
    html = login(writer).get(ADD_URL).content.decode()
    select = re.search(r'<select name="bylines-0-author".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{writer.author.pk}" selected>{writer.author.name}</option>', select)


def test_add_form_without_a_profile_has_an_empty_byline_row(moderator, make_user, login):
    editor = make_user("Editor", with_author=False)
    html = login(editor).get(ADD_URL).content.decode()
    select = re.search(r'<select name="bylines-0-author".*?</select>', html, re.S).group(0)
    assert "selected" not in select


def test_editor_saves_a_new_article_with_their_byline_and_a_second_author(editor, login, news, article_form, make_author):
    guest = make_author("Gina Guest")
    data = article_form(title="Storm warning", section=news.pk, body="<p>Winds.</p>")
    data.update({
        "bylines-TOTAL_FORMS": "2",
        "bylines-0-author": editor.author.pk, "bylines-0-position": "1", "bylines-0-role": "",
        "bylines-1-author": guest.pk, "bylines-1-position": "0", "bylines-1-role": "",
    })
    assert login(editor).post(ADD_URL, data).status_code == 302
    article = Article.objects.get(title="Storm warning")
    assert article.ordered_authors == [guest, editor.author]


def test_reordering_bylines_changes_the_byline_on_the_page(editor, login, make_article, make_author, article_form, client):
    first, second = make_author("Ann First"), make_author("Bob Second")
    article = make_article(authors=[first, second])
    data = article_form(article)
    data.update({"bylines-0-position": "1", "bylines-1-position": "0"})
    assert login(editor).post(change_url(article), data).status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    byline = re.sub(r"<[^>]+>", "", re.search(r'<p class="byline">(.*?)</p>', page, re.S).group(1))
    assert byline == "By Bob Second and Ann First"


def test_removing_a_byline_keeps_the_author_profile(editor, login, make_article, make_author, article_form):
    first, second = make_author("Ann First"), make_author("Bob Second")
    article = make_article(authors=[first, second])
    data = article_form(article)
    data["bylines-1-DELETE"] = "on"
    assert login(editor).post(change_url(article), data).status_code == 302
    assert article.ordered_authors == [first]
    assert Author.objects.filter(pk=second.pk).exists()
    assert not Byline.objects.filter(author=second).exists()


def test_byline_author_field_offers_no_edit_or_delete_of_the_profile(editor, login, make_article, make_author):
    article = make_article(authors=[make_author("Ann First")])
    html = login(editor).get(change_url(article)).content.decode()
    row = re.search(r'<tr[^>]*id="bylines-0".*?</tr>', html, re.S).group(0)
    assert 'id="delete_id_bylines-0-author"' not in row
    assert 'id="change_id_bylines-0-author"' not in row
    assert 'id="add_id_bylines-0-author"' in row
