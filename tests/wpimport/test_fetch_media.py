"""
`import_wordpress --fetch-media` against a WordPress stand-in: a local HTTP server on an ephemeral
port that serves some files, fails some (404; 500 once, then the file), is slow for one, sends an
HTML page for a .jpg, and a file over the size limit.
"""

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import ExifTags, Image

from articles.models import Article, Photo
from wpimport.fetch import Fetcher
from wpimport.management.commands import import_wordpress
from wpimport.models import MediaFile, WordPressItem

pytestmark = pytest.mark.django_db

UPLOADS = "/wp-content/uploads/2020/01"


def jpeg_with_gps(size=(60, 40)):
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (46.0, 12.0, 30.0)
    out = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def image(fmt):
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 60, 10)).save(out, fmt)
    return out.getvalue()


class Site:
    """What the old site answers, and every path asked for."""

    def __init__(self):
        self.requests = []
        self.failed_once = set()
        self.files = {
            f"{UPLOADS}/harbour.jpg": ("image/jpeg", jpeg_with_gps()),
            f"{UPLOADS}/flaky.png": ("image/png", image("PNG")),
            f"{UPLOADS}/fake.jpg": ("image/jpeg", b"<!doctype html><title>Not found</title><p>Sorry"),
            f"{UPLOADS}/page.jpg": ("text/html; charset=utf-8", b"<!doctype html><title>Log in</title>"),
            f"{UPLOADS}/huge.jpg": ("image/jpeg", b"\xff\xd8" + b"\0" * 300_000),
            f"{UPLOADS}/slow.jpg": ("image/jpeg", image("JPEG")),
            "/wp-content/uploads/2009/03/old-logo.gif": ("image/gif", image("GIF")),
            f"{UPLOADS}/song.mp3": ("audio/mpeg", b"ID3\x04\0\0\0\0\0\0" + b"\xff\xfb\x90\x00" * 50),
            f"{UPLOADS}/notes.mp3": ("audio/mpeg", b"<html>not here</html>"),
        }

    def answer(self, path):
        self.requests.append(path)
        if path.endswith("/slow.jpg"):
            time.sleep(1.5)
        if path.endswith("/flaky.png") and path not in self.failed_once:
            self.failed_once.add(path)
            return 500, "text/plain", b"database went away"
        if path == "/cdn-moved/harbour.jpg":
            return 301, "text/html", b""  # Location added by the handler
        if path not in self.files:
            return 404, "text/html", b"<h1>Not Found</h1>"
        return 200, *self.files[path]


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, kind, body = state.answer(self.path)
            try:
                self.send_response(status)
                if status == 301:
                    self.send_header("Location", f"{UPLOADS}/harbour.jpg")
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the importer gave up waiting: that is the point of the slow file

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def attachment(base, wp_id, name, parent="1"):
    return (
        f"<item><title>{name}</title><wp:post_id>{wp_id}</wp:post_id><wp:post_parent>{parent}</wp:post_parent>"
        f"<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
        f"<wp:attachment_url>{base}{UPLOADS}/{name}</wp:attachment_url>"
        f"<excerpt:encoded>Caption of {name}</excerpt:encoded>"
        f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2020/01/{name}</wp:meta_value></wp:postmeta>"
        "</item>"
    )


NAMES = ["harbour.jpg", "flaky.png", "missing.jpg", "fake.jpg", "page.jpg", "huge.jpg", "slow.jpg", "song.mp3", "notes.mp3"]


def write_export(tmp_path, base):
    body = (
        f'The harbour at dawn.\n\n<img src="{base}{UPLOADS}/harbour-300x200.jpg" alt="Harbour" />\n\n'
        f'Our old logo: <img src="{base}/wp-content/uploads/2009/03/old-logo.gif" alt="Logo" />\n\n[gallery ids="11,12"]\n\n'
        f"Listen:\n\n[audio]\n\n{base}{UPLOADS}/notes.mp3\n"
    )
    items = [attachment(base, 11 + i, name) for i, name in enumerate(NAMES)]
    post = (
        f"<item><title>Dawn</title><link>{base}/?p=1</link><dc:creator>ed</dc:creator>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded><wp:post_id>1</wp:post_id>"
        "<wp:post_date_gmt>2020-01-02 08:00:00</wp:post_date_gmt><wp:post_name>dawn</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>11</wp:meta_value></wp:postmeta></item>"
    )
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        f' xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Old Site</title><link>{base}</link>'
        f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>{base}</wp:base_blog_url>"
        + post + "".join(items) + "</channel></rss>",
        encoding="utf-8",
    )
    return path


def fetch(path, *args):
    out = io.StringIO()
    call_command(
        "import_wordpress", str(path), "--fetch-media", "--fetch-timeout", "0.5", "--fetch-tries", "2",
        "--fetch-max-mb", "0.1", *args, stdout=out, verbosity=0,
    )
    return out.getvalue()


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch):
    monkeypatch.setattr(import_wordpress, "BACKOFF", 0.05)


def photo_of(wp_id):
    return Photo.objects.get(pk=WordPressItem.objects.get(kind="attachment", wp_id=wp_id).object_id)


def test_files_are_downloaded_checked_and_stripped_and_failures_say_why(site, tmp_path):
    report = fetch(write_export(tmp_path, site.base))

    harbour, flaky = photo_of("11"), photo_of("12")
    with default_storage.open(harbour.image.name) as f, Image.open(f) as stored:
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the location is gone
    assert harbour.caption == "Caption of harbour.jpg"
    assert site.requests.count(f"{UPLOADS}/flaky.png") == 2  # a 500, then the file
    assert default_storage.exists(flaky.image.name)
    # An image of the post that is no attachment, on the old site: fetched and made a photo too.
    logo = Photo.objects.get(pk=WordPressItem.objects.get(kind="attachment", wp_id__endswith="old-logo.gif").object_id)
    assert Photo.objects.count() == 3

    article = Article.objects.get()
    assert article.photo == harbour
    assert harbour.image.url in article.body and logo.image.url in article.body  # the resized copy too
    assert site.base not in article.body.replace(f"{site.base}{UPLOADS}/notes.mp3", "")  # only the refused file stays there
    assert f'<img src="{flaky.image.url}"' in article.body  # the gallery's second picture

    assert "photos: could not fetch: HTTP 404:" in report
    assert "photos: could not fetch: not an image or media file (the server sent text/html):" in report
    assert "photos: could not fetch: too large (300,002 bytes; the limit is 104,857):" in report
    assert "photos: could not fetch: timed out after 0.5 s (2 tries):" in report
    assert "photos: file is not a readable image: 1 (2020/01/fake.jpg)" in report
    # Sound files: stored and played from here; one that is not a sound file is refused.
    song = MediaFile.objects.get()
    assert (song.kind, song.source) == ("audio", f"{site.base}{UPLOADS}/song.mp3")
    assert f'<audio controls="" preload="metadata" src="{song.file.url}">' in article.body
    assert f'<audio controls="" preload="metadata" src="{site.base}{UPLOADS}/notes.mp3">' in article.body
    assert "files: not a sound or video file: 1 (2020/01/notes.mp3)" in report
    assert "  downloaded: 6\n" in report  # harbour, flaky, fake (refused by the photo checks), the logo, song and notes
    assert "  could not be fetched: 4\n" in report
    assert site.requests.count(f"{UPLOADS}/missing.jpg") == 1  # a 404 is not tried again


def test_a_second_run_downloads_nothing_already_stored(site, tmp_path):
    export = write_export(tmp_path, site.base)
    fetch(export)
    stored = {p.image.name for p in Photo.objects.all()}
    site.requests.clear()

    report = fetch(export)

    assert {p.image.name for p in Photo.objects.all()} == stored
    fetched = {path.rsplit("/", 1)[1] for path in site.requests}
    assert fetched.isdisjoint({"harbour.jpg", "flaky.png", "old-logo.gif", "song.mp3"})
    assert "  already stored, not downloaded: 3\n" in report  # the logo's article is unchanged: not looked at
    assert "  downloaded: 2\n" in report  # fake.jpg and notes.mp3, never stored, are fetched again and refused again


def test_an_interrupted_run_resumes_from_the_media_folder(site, tmp_path):
    folder = tmp_path / "uploads"
    (folder / "2020/01").mkdir(parents=True)
    (folder / "2020/01/harbour.jpg").write_bytes(jpeg_with_gps())  # what the first, interrupted run had fetched

    report = fetch(write_export(tmp_path, site.base), "--media-dir", str(folder))

    assert f"{UPLOADS}/harbour.jpg" not in site.requests
    assert (folder / "2020/01/flaky.png").is_file()  # the folder keeps what was fetched for the next run
    assert "  already in the media folder: 1\n" in report
    assert photo_of("11").caption == "Caption of harbour.jpg"


def test_redirects_are_followed_and_a_refused_connection_is_named(site, tmp_path):
    fetcher = Fetcher(tmp_path, max_bytes=10**6, timeout=1, tries=2, backoff=0.01)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{closed.getsockname()[1]}/a.jpg"  # bound, not listening
        moved, gone = fetcher.fetch_all([(f"{site.base}/cdn-moved/harbour.jpg", "a/harbour.jpg"), (refused, "a/a.jpg")])
    assert moved.fetched and moved.path.read_bytes() == site.files[f"{UPLOADS}/harbour.jpg"][1]
    assert gone.reason == "could not connect (2 tries)"
