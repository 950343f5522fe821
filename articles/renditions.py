"""
Smaller copies of library photos for readers' screens.

Each photo gets a few widths, in its own format (JPEG, or PNG for a PNG) and in WebP, made once with
Pillow by a background task right after upload (articles/tasks.py), or by the first page that shows
the photo if that comes first, and saved through the photo's storage (local disk or object storage). What was made is noted
on the photo (`Photo.renditions`), so showing a photo never asks the storage what exists.
"""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from newsroom.i18n import remembered

WIDTHS = (320, 640, 960, 1280, 1600)
QUALITY = {"JPEG": 82, "WEBP": 78}


def renditions_for(photo, strict=False, task=False):
    """
    The photo's renditions: [{"width", "height", "src", "webp"}, ...] smallest first, names in the
    default storage. Missing ones (or ones made from a previous image) are made now by the task
    (`task=True`; `strict` raises when the original cannot be read, so that the task is retried) and,
    when tasks run at once anyway (TASKS_BACKEND=immediate), by the page; with a task queue a page
    never makes them: it shows the original until the worker has (an empty list).
    """
    from newsroom.tasks import supports_defer

    made = photo.renditions or {}
    if made.get("source") == photo.image.name and made.get("sizes"):
        return made["sizes"]
    if not task and supports_defer():
        return []
    try:
        sizes = _make(photo)
    except (OSError, ValueError):
        if strict:
            raise
        # A missing or unreadable original: show it as it is rather than fail the page, and try again next time.
        return []
    made = {"source": photo.image.name, "sizes": sizes}
    photo.renditions = made
    # Only this column: rendering a page must not overwrite an editor's concurrent change.
    type(photo).objects.filter(pk=photo.pk).update(renditions=made)
    if task:
        # Pages cached while only the original existed now get the smaller pictures (an update() sends no signal).
        from newsroom import pagecache

        pagecache.invalidate(f"photo:{photo.pk}")
    return made["sizes"]


def _make(photo):
    try:
        f = photo.image.open("rb")
    except OSError:
        raise
    except Exception as error:
        # Object storage answers a missing original with its own error (botocore's ClientError 404),
        # not FileNotFoundError: treat every storage's failure to open as a missing file.
        raise FileNotFoundError(photo.image.name) from error
    with f:
        original = Image.open(f)
        original.load()
    original = ImageOps.exif_transpose(original)
    fmt = "PNG" if original.format == "PNG" or photo.image.name.lower().endswith(".png") else "JPEG"
    widths = [w for w in WIDTHS if w < original.width] + [min(original.width, WIDTHS[-1])]
    stem = PurePosixPath(photo.image.name)
    base = f"renditions/{stem.parent}/{stem.stem}"
    sizes = []
    for width in sorted(set(widths)):
        height = round(original.height * width / original.width)
        resized = original.resize((width, height), Image.Resampling.LANCZOS) if width != original.width else original
        src, length = _save(resized, f"{base}-{width}w.{fmt.lower().replace('jpeg', 'jpg')}", fmt)
        webp, _ = _save(resized, f"{base}-{width}w.webp", "WEBP")
        # The byte length and type are what a feed's enclosure must state.
        sizes.append({"width": width, "height": height, "src": src, "webp": webp, "length": length, "type": f"image/{fmt.lower()}"})
    return sizes


def _save(image, name, fmt):
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    options = {"quality": QUALITY[fmt]} if fmt in QUALITY else {"optimize": True}
    if fmt == "JPEG":
        options.update(optimize=True, progressive=True)
    image.save(out, fmt, **options)
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(out.getvalue())), out.tell()


def media_url(name):
    """
    default_storage.url(name), worked out once per process (newsroom.i18n.remembered): a list page
    links to some sixty renditions, and each storage url() quotes and joins (object storage's builds
    a request). Media addresses are plain public ones (settings: no signed URLs), and a name is never
    reused for another file, so an address stays right for as long as its name.
    """
    return remembered(("media", name), lambda: default_storage.url(name))


def srcset(sizes, key):
    return ", ".join(f"{media_url(s[key])} {s['width']}w" for s in sizes)


def pick(sizes, width):
    """The smallest rendition at least `width` wide, else the largest."""
    for size in sizes:
        if size["width"] >= width:
            return size
    return sizes[-1]
