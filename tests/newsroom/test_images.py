"""
One set of checks for every picture the site stores (library photos, author photos, sponsor logos,
imports): the type read from the content, the extension it is stored under taken from that type,
size, pixel and frame limits, and the original re-encoded so that no metadata (GPS or otherwise) and
no foreign bytes survive.
"""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from articles.models import Photo
from authors.models import Author
from sponsors.models import Sponsor
from tests.editorial.conftest import editor, login, make_user  # noqa: F401

pytestmark = pytest.mark.django_db


def jpeg(size=(80, 50), exif=None, comment=None):
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    if comment:
        options["comment"] = comment
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", **options)
    return out.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "NewsCam"
    exif[ExifTags.Base.Artist] = "Source Name"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (46.0, 12.0, 30.0)
    return exif


def huge_png(width=12_000, height=12_000):
    """A PNG whose header says width × height: what a decompression bomb looks like before it is decoded."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr : ihdr + 17])))
    return bytes(data)


def long_gif(frames):
    out = io.BytesIO()
    # Distinct colours: Pillow merges identical frames.
    images = [Image.new("RGB", (2, 2), ((i * 7) % 256, (i * 13) % 256, i % 256)) for i in range(frames)]
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=20)
    return out.getvalue()


def polyglot():
    """A JPEG that is also an HTML page: markup in a comment segment and after the image's end."""
    return jpeg(comment=b"<script>alert(document.domain)</script>") + b"<html><script>alert(1)</script></html>"


def stored_bytes(field_file):
    with field_file.storage.open(field_file.name, "rb") as stored:
        return stored.read()


def stored_exif(field_file):
    with field_file.storage.open(field_file.name, "rb") as stored, Image.open(stored) as image:
        return dict(image.getexif()), dict(image.info)


# Author photos and sponsor logos, through the admin as an editor uploads them.

def post_author(client, content, name):
    return client.post("/admin/authors/author/add/", {
        "name": "Kevin Zhang", "slug": "kevin-zhang", "photo": SimpleUploadedFile(name, content),
    })


def post_sponsor(client, content, name):
    return client.post("/admin/sponsors/sponsor/add/", {
        "name": "HEARTS", "url": "https://hearts.example/", "logo": SimpleUploadedFile(name, content),
        "is_active": "on", "position": "1",
    })


UPLOADS = [post_author, post_sponsor]
BAD = [
    (huge_png(), "huge.png", "12000×12000 pixels"),
    (b"%PDF-1.4 a document", "logo.png", "not a picture we can read"),
    (long_gif(5000), "animation.gif", "GIF files are not accepted"),
]


@pytest.mark.parametrize("upload", UPLOADS)
@pytest.mark.parametrize("content, name, message", BAD, ids=["12000x12000-png", "not-a-picture", "gif"])
def test_author_photo_and_sponsor_logo_are_checked_like_library_photos(editor, login, upload, content, name, message):  # noqa: F811
    response = upload(login(editor), content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Author.objects.filter(slug="kevin-zhang").exists() and not Sponsor.objects.exists()


@pytest.mark.parametrize("upload, model, field", [(post_author, Author, "photo"), (post_sponsor, Sponsor, "logo")])
def test_author_photo_and_sponsor_logo_lose_their_location_and_take_the_extension_of_their_content(
    editor, login, upload, model, field  # noqa: F811
):
    assert upload(login(editor), jpeg(exif=gps_exif()), "portrait.pdf").status_code == 302
    stored = getattr(model.objects.exclude(**{field: ""}).get(), field)
    assert stored.name.endswith(".jpg")
    exif, _ = stored_exif(stored)
    assert exif == {}


# The photo library.

@pytest.mark.parametrize("name", ["envoys.pdf", "envoys.mpg", "envoys.html", "envoys"])
def test_library_photo_is_stored_under_the_extension_of_its_content(editor, login, name):  # noqa: F811
    response = login(editor).post("/admin/articles/photo/add/", {
        "image": SimpleUploadedFile(name, jpeg()), "caption": "Envoys", "credit": "Staff", "alt_text": "Two envoys",
    })
    assert response.status_code == 302
    assert Photo.objects.get().image.name.endswith("/envoys.jpg")


def test_polyglot_original_keeps_no_foreign_bytes(editor, login):  # noqa: F811
    login(editor).post("/admin/articles/photo/add/", {
        "image": SimpleUploadedFile("envoys.jpg", polyglot()), "caption": "Envoys", "alt_text": "Two envoys",
    })
    content = stored_bytes(Photo.objects.get().image)
    assert b"<script" not in content and b"<html" not in content
    assert content.endswith(b"\xff\xd9")


def test_every_metadata_field_is_stripped_from_the_original(editor, login):  # noqa: F811
    login(editor).post("/admin/articles/photo/add/", {
        "image": SimpleUploadedFile("envoys.jpg", jpeg(exif=gps_exif())), "caption": "Envoys", "alt_text": "Two envoys",
    })
    exif, info = stored_exif(Photo.objects.get().image)
    assert exif == {}
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(info)


def test_animation_with_too_many_frames_is_refused_from_any_source():
    photo = Photo(alt_text="Animation")
    photo.image.save("animation.gif", ContentFile(long_gif(5000)), save=False)
    with pytest.raises(ValidationError) as refused:
        photo.save()
    assert "5000 frames" in " ".join(refused.value.messages)
    assert not Photo.objects.exists()


def test_a_short_animation_from_an_import_is_kept_with_its_frames():
    photo = Photo(alt_text="Animation")
    photo.image.save("animation.gif", ContentFile(long_gif(12)), save=False)
    photo.save()
    with photo.image.storage.open(photo.image.name, "rb") as stored, Image.open(stored) as image:
        assert (image.format, image.n_frames) == ("GIF", 12)


def test_author_photo_set_in_code_is_checked_too():
    author = Author(name="Kevin Zhang", slug="kevin-zhang")
    author.photo.save("portrait.pdf", ContentFile(jpeg(exif=gps_exif())), save=False)
    author.save()
    author.refresh_from_db()
    assert author.photo.name.endswith(".jpg")
    assert stored_exif(author.photo)[0] == {}
