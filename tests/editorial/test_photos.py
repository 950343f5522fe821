"""Photo uploads: a real picture within limits or a clear error, and no location data kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from articles import images
from articles.models import Photo

pytestmark = pytest.mark.django_db

ADD_PHOTO = "/admin/articles/photo/add/"


def jpeg(size=(80, 50), exif=None):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif or Image.Exif())
    return out.getvalue()


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "NewsCam"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (46.0, 12.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (6.0, 8.0, 10.0)
    return exif


def upload(client, content, name="photo.jpg"):
    return client.post(ADD_PHOTO, {
        "image": SimpleUploadedFile(name, content), "caption": "Envoys meet", "credit": "Staff", "alt_text": "Two envoys",
    })


def test_valid_upload_is_stored_with_its_size(editor, login):
    assert upload(login(editor), jpeg((120, 80))).status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height, photo.caption) == (120, 80, "Envoys meet")


def test_not_an_image_gets_a_clear_error_and_nothing_is_stored(editor, login):
    response = upload(login(editor), b"%PDF-1.4 this is a document", name="photo.jpg")
    assert response.status_code == 200
    assert "This file is not a picture we can read" in response.content.decode()
    assert not Photo.objects.exists()


def test_unaccepted_format_is_refused(editor, login):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "BMP")
    response = upload(login(editor), out.getvalue(), name="photo.bmp")
    assert "Upload a JPEG, PNG or WebP" in response.content.decode()
    assert not Photo.objects.exists()


def test_too_many_pixels_is_refused(editor, login, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    response = upload(login(editor), jpeg((200, 100)))
    assert "200×100 pixels" in response.content.decode()
    assert not Photo.objects.exists()


def test_too_large_a_file_is_refused(editor, login, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 100)
    response = upload(login(editor), jpeg())
    assert "photos can be at most 100" in response.content.decode()
    assert not Photo.objects.exists()


def test_gps_location_is_stripped_on_upload_and_other_tags_kept(editor, login):
    upload(login(editor), jpeg(exif=gps_exif()))
    with Image.open(Photo.objects.get().image.path) as stored:
        exif = stored.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.IFD.GPSInfo not in exif
        assert exif[ExifTags.Base.Make] == "NewsCam"


def test_stripping_keeps_the_picture_the_right_way_up(editor, login):
    # Orientation 6: the camera was turned; the stored pixels must be turned to match.
    upload(login(editor), jpeg((80, 50), exif=gps_exif(orientation=6)))
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (50, 80)
    with Image.open(photo.image.path) as stored:
        assert stored.getexif().get(ExifTags.Base.Orientation) is None


def test_photo_library_is_searchable_by_caption_and_credit(editor, login, make_photo):
    make_photo(caption="Harbour at dawn", credit="Li Wei")
    make_photo(caption="Council meeting", credit="Reuters")
    client = login(editor)
    assert [str(p) for p in client.get("/admin/articles/photo/", {"q": "harbour"}).context["cl"].result_list] == ["Harbour at dawn"]
    assert [str(p) for p in client.get("/admin/articles/photo/", {"q": "reuters"}).context["cl"].result_list] == ["Council meeting"]


@pytest.mark.parametrize("count", [1, 5])
def test_photo_library_list_shows_thumbnails_in_fixed_queries(editor, login, make_photo, make_article, count, django_assert_num_queries):
    client = login(editor)
    for _ in range(count):
        make_article(photo=make_photo())
    client.get("/admin/articles/photo/")
    with django_assert_num_queries(11):
        response = client.get("/admin/articles/photo/")
    html = response.content.decode()
    assert html.count('<img src="/media/photos/') == count
    assert html.count("1 article<") == count
