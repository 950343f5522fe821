"""Photo uploads: a real picture within limits or a clear error, and no location data kept."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import ExifTags, Image

from newsroom import images
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
    assert "pictures can be at most 100" in response.content.decode()
    assert not Photo.objects.exists()


def test_gps_location_and_every_other_tag_are_stripped_on_upload(editor, login):
    upload(login(editor), jpeg(exif=gps_exif()))
    with Image.open(Photo.objects.get().image.open("rb")) as stored:
        exif = stored.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.IFD.GPSInfo not in exif
        assert ExifTags.Base.Make not in exif


def test_stripping_keeps_the_picture_the_right_way_up(editor, login):
    # Orientation 6: the camera was turned; the stored pixels must be turned to match.
    upload(login(editor), jpeg((80, 50), exif=gps_exif(orientation=6)))
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (50, 80)
    with Image.open(photo.image.open("rb")) as stored:
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
    assert html.count(f'<img src="{default_storage.url("photos/")}') == count
    assert html.count("1 article<") == count


# Every photo, not only admin uploads: the model strips the location whoever gives it a file.


def assert_no_location(photo):
    with Image.open(photo.image.open("rb")) as stored:
        exif = stored.getexif()
        assert (bool(exif.get_ifd(ExifTags.IFD.GPSInfo)), ExifTags.IFD.GPSInfo in exif) == (False, False)
        assert dict(exif) == {}


def test_gps_location_is_stripped_from_a_photo_created_in_code():
    photo = Photo.objects.create(image=SimpleUploadedFile("envoys.jpg", jpeg(exif=gps_exif())), alt_text="Two envoys")
    assert_no_location(photo)


def test_gps_location_is_stripped_from_a_file_stored_before_the_photo_is_saved():
    # How the demo loader and the WordPress importer work: the file is written first, then the row.
    photo = Photo(alt_text="Two envoys")
    photo.image.save("envoys.jpg", ContentFile(jpeg((80, 50), exif=gps_exif(orientation=6))), save=False)
    stored_as = photo.image.name
    photo.save()
    photo.refresh_from_db()
    assert (photo.image.name, photo.width, photo.height) == (stored_as, 50, 80)
    assert_no_location(photo)


def test_photo_created_in_code_from_a_non_image_is_refused_and_its_file_removed():
    photo = Photo(alt_text="Not a picture")
    photo.image.save("report.jpg", ContentFile(b"%PDF-1.4 a document"), save=False)
    with pytest.raises(ValidationError) as refused:
        photo.save()
    assert refused.value.message_dict["image"] == [
        "This file is not a picture we can read (or it is damaged). Upload a JPEG, PNG or WebP."
    ]
    assert (Photo.objects.count(), default_storage.exists(photo.image.name)) == (0, False)


def test_saving_a_photo_again_leaves_its_file_alone(make_photo):
    photo = make_photo()
    photo = Photo.objects.get(pk=photo.pk)
    photo.caption = "New caption"
    photo.save()
    assert Photo.objects.get().image.name == photo.image.name


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Harbour Times</title>
<link>https://harbour.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://harbour.example</wp:base_blog_url>
<item><title>Envoys meet</title><link>https://harbour.example/envoys/</link><dc:creator>jdoe</dc:creator>
<content:encoded></content:encoded><excerpt:encoded>Envoys meet at the harbour.</excerpt:encoded>
<wp:post_id>40</wp:post_id><wp:post_date_gmt>2021-07-28 10:00:00</wp:post_date_gmt><wp:post_name>envoys</wp:post_name>
<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://harbour.example/wp-content/uploads/2021/07/envoys.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2021/07/envoys.jpg</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Two envoys</wp:meta_value></wp:postmeta>
</item></channel></rss>"""


def test_gps_location_is_stripped_from_a_photo_imported_from_wordpress(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2021" / "07").mkdir(parents=True)
    (uploads / "2021" / "07" / "envoys.jpg").write_bytes(jpeg(exif=gps_exif()))
    (tmp_path / "export.xml").write_text(WXR, encoding="utf-8")
    call_command("import_wordpress", str(tmp_path / "export.xml"), "--media-dir", str(uploads), stdout=io.StringIO(), verbosity=0)
    photo = Photo.objects.get()
    assert (photo.caption, photo.alt_text) == ("Envoys meet at the harbour.", "Two envoys")
    assert_no_location(photo)
