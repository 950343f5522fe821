"""Photos of live stories belong to the desk: a writer changes only photos of their own unpublished stories."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article

pytestmark = pytest.mark.django_db


def photo_change_url(photo):
    return f"/admin/articles/photo/{photo.pk}/change/"


def photo_form(photo, **overrides):
    return {"caption": photo.caption, "credit": photo.credit, "alt_text": photo.alt_text, **overrides}


def png_upload():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (255, 0, 0)).save(out, "PNG")
    return SimpleUploadedFile("swap.png", out.getvalue())


def test_writer_cannot_change_the_photo_of_a_published_story(writer, login, make_article, make_photo):
    photo = make_photo(caption="Envoys shake hands")
    make_article(photo=photo, authors=[writer.author])  # published, and the writer is on it
    client = login(writer)
    response = client.post(photo_change_url(photo), photo_form(photo, caption="Forged caption", image=png_upload()))
    photo.refresh_from_db()
    assert response.status_code == 403
    assert photo.caption == "Envoys shake hands"
    assert photo.image.name.endswith(".jpg")


def test_writer_cannot_change_the_photo_of_a_scheduled_story(writer, login, make_article, make_photo):
    photo = make_photo(caption="Before the vote")
    make_article(photo=photo, authors=[writer.author], published_at=timezone.now() + timedelta(hours=3))
    response = login(writer).post(photo_change_url(photo), photo_form(photo, credit="Someone else"))
    photo.refresh_from_db()
    assert response.status_code == 403
    assert photo.credit == "A credit"


def test_writer_cannot_change_a_photo_another_writers_draft_uses(writer, make_user, login, make_article, make_photo):
    photo = make_photo(caption="Their photo")
    make_article(photo=photo, status=Article.Status.DRAFT, authors=[make_user("Writer").author])
    response = login(writer).post(photo_change_url(photo), photo_form(photo, caption="Mine now"))
    photo.refresh_from_db()
    assert response.status_code == 403
    assert photo.caption == "Their photo"


def test_writer_cannot_change_a_library_photo_no_story_of_theirs_uses(writer, login, make_photo):
    photo = make_photo(caption="In the library")
    response = login(writer).post(photo_change_url(photo), photo_form(photo, caption="Renamed"))
    photo.refresh_from_db()
    assert response.status_code == 403
    assert photo.caption == "In the library"


def test_writer_changes_the_photo_of_their_own_draft(writer, login, make_article, make_photo):
    photo = make_photo(caption="Draft photo")
    make_article(photo=photo, status=Article.Status.DRAFT, authors=[writer.author])
    client = login(writer)
    assert "Save" in client.get(photo_change_url(photo)).content.decode()
    response = client.post(photo_change_url(photo), photo_form(photo, caption="Better caption"))
    photo.refresh_from_db()
    assert response.status_code == 302
    assert photo.caption == "Better caption"


def test_writer_sees_a_live_storys_photo_read_only(writer, login, make_article, make_photo):
    photo = make_photo(caption="Live photo")
    make_article(photo=photo, authors=[writer.author])
    html = login(writer).get(photo_change_url(photo)).content.decode()
    assert "Live photo" in html
    assert 'name="caption"' not in html


def test_editor_changes_the_photo_of_a_published_story(editor, login, make_article, make_photo):
    photo = make_photo(caption="Envoys")
    make_article(photo=photo)
    response = login(editor).post(photo_change_url(photo), photo_form(photo, caption="Envoys, corrected"))
    photo.refresh_from_db()
    assert response.status_code == 302
    assert photo.caption == "Envoys, corrected"
