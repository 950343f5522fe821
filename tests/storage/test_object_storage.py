"""
Media in S3-compatible object storage over HTTP: uploads through the admin, location stripping,
renditions, the WordPress import with media, and the addresses readers' pages give. Nothing is
written to the app server's disk, so any app server behind the load balancer can serve any page.
"""

import io
import re
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import ExifTags, Image

from articles.models import Photo
from authors.models import Author
from sponsors.models import Sponsor
from tests.conftest import image_bytes
from tests.storage.conftest import fetch

pytestmark = pytest.mark.django_db



def jpeg_with_location(size=(1200, 800)):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "NewsCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (46.0, 12.0, 30.0)
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()



def test_media_go_to_the_object_store(settings):
    assert settings.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    name = default_storage.save("probe/hello.txt", io.BytesIO(b"hello"))
    status, _, body = fetch(default_storage.url(name))
    assert (status, body) == (200, b"hello")
    assert default_storage.url(name).startswith(settings.MEDIA_URL)


def test_admin_upload_is_stored_without_location_with_renditions_and_nothing_on_disk(
    admin_client, bucket_keys, make_article, client, django_capture_on_commit_callbacks, settings, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):  # the renditions task runs once the upload commits
        response = admin_client.post("/admin/articles/photo/add/", {
            "image": SimpleUploadedFile("envoys.jpg", jpeg_with_location()),
            "caption": "Envoys meet", "credit": "Staff", "alt_text": "Two envoys shake hands",
        })
    assert response.status_code == 302
    photo = Photo.objects.get()

    keys = bucket_keys()
    assert photo.image.name in keys
    assert sorted(k for k in keys if k.startswith("renditions/")) == sorted(
        name for size in photo.renditions["sizes"] for name in (size["src"], size["webp"])
    )
    assert [size["width"] for size in photo.renditions["sizes"]] == [320, 640, 960, 1200]

    # What a reader's browser gets from the object store: the original re-encoded without its GPS
    # position or any other metadata (newsroom/images.py), the camera's name included.
    status, content_type, body = fetch(photo.image.url)
    assert (status, content_type) == (200, "image/jpeg")
    with Image.open(io.BytesIO(body)) as stored:
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in stored.getexif()

    # The article page names the renditions by their public addresses, and each of them answers.
    article = make_article(title="Envoys meet in Geneva", photo=photo)
    html = client.get(article.get_absolute_url()).content.decode()
    picture = re.search(r"<picture.*?</picture>", html, re.DOTALL).group(0)
    urls = {unescape(u.split()[0]) for srcset in re.findall(r'srcset="([^"]+)"', picture) for u in srcset.split(", ")}
    urls.add(unescape(re.search(r'<img src="([^"]+)"', picture).group(1)))
    assert len(urls) == 8
    for url in urls:
        assert url.startswith(settings.MEDIA_URL)
        status, content_type, body = fetch(url)
        assert status == 200
        assert content_type == ("image/webp" if url.endswith(".webp") else "image/jpeg")
        with Image.open(io.BytesIO(body)) as rendition:
            assert f"-{rendition.width}w." in url

    # Stateless: the app server kept no copy on its own disk.
    assert not (tmp_path / "media").exists()


def test_author_photo_and_sponsor_logo_uploads_are_served_from_the_object_store(
    admin_client, client, make_article, bucket_keys, tmp_path
):
    response = admin_client.post("/admin/authors/author/add/", {
        "name": "Kevin Zhang", "slug": "kevin-zhang", "bio": "Covers diplomacy.",
        "photo": SimpleUploadedFile("kevin.jpg", image_bytes(size=(200, 200))),
    })
    assert response.status_code == 302
    author = Author.objects.get()
    response = admin_client.post("/admin/sponsors/sponsor/add/", {
        "name": "HEARTS", "url": "https://hearts.example/", "is_active": "on", "position": 1,
        "logo": SimpleUploadedFile("hearts.png", image_bytes("PNG", size=(160, 80))),
    })
    assert response.status_code == 302
    sponsor = Sponsor.objects.get()
    assert {author.photo.name, sponsor.logo.name} <= set(bucket_keys())

    make_article(authors=[author])
    author_page = client.get(author.get_absolute_url()).content.decode()
    sponsors_page = client.get("/sponsors/").content.decode()
    assert f'<img src="{author.photo.url}"' in author_page
    assert f'<img src="{sponsor.logo.url}"' in sponsors_page
    assert fetch(author.photo.url)[:2] == (200, "image/jpeg")
    assert fetch(sponsor.logo.url)[:2] == (200, "image/png")
    assert not (tmp_path / "media").exists()


def test_wordpress_import_puts_media_in_the_object_store_and_bodies_point_there(
    tmp_path, bucket_keys, django_capture_on_commit_callbacks
):
    from tests.wpimport.test_small_exports import attachment, export, post_with_images

    uploads = tmp_path / "uploads"
    (uploads / "2011/07").mkdir(parents=True)
    Image.new("RGB", (1200, 800), (40, 80, 120)).save(uploads / "2011/07/harbour.jpg")
    path = export(tmp_path, post_with_images(1), attachment(50, "2011/07/harbour.jpg"))

    with django_capture_on_commit_callbacks(execute=True):  # renditions: tasks queued by the import's commit
        call_command("import_wordpress", str(path), "--media-dir", str(uploads), stdout=io.StringIO(), verbosity=0)

    photo = Photo.objects.get()
    keys = bucket_keys()
    assert photo.image.name in keys
    assert {size["webp"] for size in photo.renditions["sizes"]} <= set(keys)
    from articles.models import Article

    body = Article.objects.get().body
    assert photo.image.url in unescape(body)
    assert fetch(photo.image.url)[:2] == (200, "image/jpeg")


def test_a_failed_import_leaves_no_file_behind_in_the_object_store(tmp_path, bucket_keys):
    from django.core.management import CommandError

    from tests.wpimport.test_small_exports import attachment, export, post

    uploads = tmp_path / "uploads"
    (uploads / "2011/07").mkdir(parents=True)
    Image.new("RGB", (300, 200), (40, 80, 120)).save(uploads / "2011/07/harbour.jpg")
    path = export(tmp_path, attachment(50, "2011/07/harbour.jpg"), post(1))
    truncated = tmp_path / "truncated.xml"
    text = path.read_text()
    truncated.write_text(text[: text.index("<item>", text.index("</item>"))] + "<item><title>Cut off")

    with pytest.raises(CommandError):
        call_command("import_wordpress", str(truncated), "--media-dir", str(uploads), stdout=io.StringIO(), verbosity=0)
    assert not Photo.objects.exists()
    assert bucket_keys() == []
