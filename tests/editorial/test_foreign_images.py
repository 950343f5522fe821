"""Images in a story's body from other hosts load in every reader's browser (tracking pixels): the editor is told."""

import pytest

from articles.models import Article

from .conftest import ADD_URL

pytestmark = pytest.mark.django_db


def test_saving_a_body_with_an_image_from_another_host_warns_the_editor(editor, login, news, article_form):
    body = '<p>Text</p><p><img src="https://tracker.example/pixel.gif"></p><p><img src="/media/photos/own.jpg"></p>'
    response = login(editor).post(ADD_URL, article_form(title="Pixel", section=news.pk, body=body), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert Article.objects.filter(title="Pixel").exists()
    assert any("tracker.example" in m for m in messages), messages
    assert not any("testserver" in m for m in messages)


def test_a_body_with_own_images_only_gives_no_warning(editor, login, news, article_form):
    body = '<p><img src="/media/photos/own.jpg"></p><p><a href="https://source.example/report">the report</a></p>'
    response = login(editor).post(ADD_URL, article_form(title="Clean", section=news.pk, body=body), follow=True)
    assert not any("other sites" in str(m) for m in response.context["messages"])
