"""The compare view names the photos and embeds a version added or removed, not raw markup."""

import pytest
from reversion.models import Version

from articles.models import Article

from .conftest import ADD_URL, change_url

pytestmark = pytest.mark.django_db


def test_compare_names_body_photos_and_embeds(editor, login, news, article_form, make_photo):
    photo = make_photo(caption="Boats at dawn")
    client = login(editor)
    client.post(ADD_URL, article_form(title="Harbour", section=news.pk, body="<p>The harbour reopened.</p>"))
    article = Article.objects.get()
    body = f'<p>The harbour reopened.</p><figure data-photo="{photo.pk}"></figure><figure data-embed="https://youtu.be/dQw4w9WgXcQ"></figure>'
    client.post(change_url(article), article_form(article, body=body))
    first, second = Version.objects.get_for_object(article).order_by("pk")

    html = client.get(change_url(article).replace("/change/", "/history/compare/"), {"from": first.pk, "to": second.pk}).content.decode()

    assert f"<ins>\n[Photo {photo.pk}: Boats at dawn]\n[YouTube: https://youtu.be/dQw4w9WgXcQ]</ins>" in html
    assert "data-photo" not in html and "data-embed" not in html


def test_read_only_body_shows_the_photo_not_an_empty_figure(writer, login, make_article, make_photo):
    from articles.models import Byline

    photo = make_photo(caption="Boats at dawn", alt_text="Fishing boats")
    article = make_article(body=f'<p>The harbour reopened.</p><figure data-photo="{photo.pk}"></figure>')
    Byline.objects.create(article=article, author=writer.author, position=0)

    html = login(writer).get(change_url(article)).content.decode()

    assert 'name="_save"' not in html  # a writer's live story is read only
    assert 'alt="Fishing boats"' in html and "<figcaption>Boats at dawn" in html
