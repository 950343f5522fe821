"""
Request bodies are bounded before anything reads them: a reader's POST (a comment, a login) is small,
so a large one is refused at once instead of being spooled to disk first; staff uploads get room for
photos; the sizes come from settings.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.editorial.conftest import editor, login, make_user  # noqa: F401

pytestmark = pytest.mark.django_db


class CountingFile(io.RawIOBase):
    """A file part of `size` bytes that counts how much of it the server read."""

    def __init__(self, size):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"x" * n
        self.read_bytes += n
        return n


def test_anonymous_post_with_a_large_file_part_is_refused_before_it_is_read(settings, make_article, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    article = make_article()
    response = Client().post(
        f"/comments/post/{article.pk}/",
        {"body": "hello", "attachment": SimpleUploadedFile("big.bin", b"x" * (2 * 1024 * 1024))},
    )
    assert response.status_code == 413
    assert list(tmp_path.iterdir()) == []


def test_anonymous_small_post_goes_through(client, make_article, comment_form_data):
    article = make_article()
    response = client.post(f"/comments/post/{article.pk}/", comment_form_data())
    assert response.status_code == 302


def test_staff_upload_of_a_photo_is_allowed_within_the_staff_limit(editor, login, settings):  # noqa: F811
    from tests.conftest import image_bytes

    settings.MAX_ANONYMOUS_REQUEST_BYTES = 1000
    response = login(editor).post("/admin/articles/photo/add/", {
        "image": SimpleUploadedFile("p.jpg", image_bytes(size=(400, 300))), "alt_text": "A photo",
    })
    assert response.status_code == 302


def test_staff_request_over_the_staff_limit_is_refused(editor, login, settings):  # noqa: F811
    settings.MAX_REQUEST_BYTES = 10_000
    response = login(editor).post("/admin/articles/photo/add/", {
        "image": SimpleUploadedFile("p.jpg", b"x" * 20_000), "alt_text": "A photo",
    })
    assert response.status_code == 413
