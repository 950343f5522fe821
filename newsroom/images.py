"""
The checks every stored picture passes, whoever adds it: library photos, author photos, sponsor
logos, the WordPress importer, the demo, code.

- The type is read from the content (Pillow), never from the name or the browser's word, and the
  file is stored under the extension of that type: JPEG bytes named “.pdf” are stored as “.jpg”.
- Size, pixel and frame limits are checked before anything is decoded.
- The original is re-encoded from its pixels: GPS and every other piece of metadata (EXIF, XMP,
  IPTC, comments) go, colour profiles are applied and dropped, and nothing that was not the picture
  (a script hidden in a segment or after the end of a JPEG/HTML polyglot) survives.

It lives in the project package because apps that depend on nothing (sponsors) use it as much as
those that do (articles, authors); it is used through `CheckedImageField` on the models, which checks
a new file in `pre_save`, and its form field, which gives an editor the error first. Files are read
and written only through Django's storage API.
"""

import io
import posixpath
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.signals import post_init, pre_save
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError
from PIL.JpegImagePlugin import get_sampling

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
MAX_FRAMES = 300
# An animation's frames together: decoding is what costs.
MAX_ANIMATION_PIXELS = 100_000_000
# What editors may upload.
UPLOAD_FORMATS = ("JPEG", "PNG", "WEBP")
# What the photo library keeps from any source: a WordPress archive brings GIFs too.
LIBRARY_FORMATS = (*UPLOAD_FORMATS, "GIF")
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}

NOT_A_PICTURE = "This file is not a picture we can read (or it is damaged). Upload a JPEG, PNG or WebP."
_SRGB = ImageCms.createProfile("sRGB")


FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}


def _refuse_format(fmt, formats):
    names = [FORMAT_NAMES[f] for f in formats]
    listed = f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]
    return ValidationError(f"{fmt} files are not accepted. Upload a {listed}.", code="format")


def inspect(file, formats=UPLOAD_FORMATS):
    """
    (format, width, height, frames) of a picture within the limits, or a ValidationError an editor
    can act on. Reads the header for the limits first, then decodes every frame once.
    """
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"This file is {filesizeformat(size)}; pictures can be at most {filesizeformat(MAX_UPLOAD_BYTES)}. "
            "Export a smaller JPEG and try again.",
            code="size",
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit, raises) about decompression bombs; we check ourselves.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                fmt, (width, height) = image.format, image.size
                if fmt not in formats:
                    raise _refuse_format(fmt, formats)
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        f"This picture is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); "
                        f"the limit is {MAX_PIXELS / 1e6:.0f} megapixels. Resize it and try again.",
                        code="pixels",
                    )
                frames = getattr(image, "n_frames", 1)
                if frames > MAX_FRAMES or frames * width * height > MAX_ANIMATION_PIXELS:
                    raise ValidationError(
                        f"This animation has {frames} frames of {width}×{height} pixels; the limit is "
                        f"{MAX_FRAMES} frames and {MAX_ANIMATION_PIXELS / 1e6:.0f} megapixels in all.",
                        code="frames",
                    )
                for _ in ImageSequence.Iterator(image):
                    image.load()  # a truncated or corrupt file fails here, not in a reader's browser
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(NOT_A_PICTURE, code="invalid")
    finally:
        file.seek(0)
    return fmt, width, height, frames


def _to_srgb(frame):
    """The frame's pixels in sRGB (its embedded colour profile applied), with the profile dropped."""
    icc = frame.info.get("icc_profile")
    if not icc:
        return frame
    try:
        mode = "RGBA" if "A" in frame.mode else "RGB"
        source = frame if frame.mode in ("RGB", "RGBA", "CMYK", "L") else frame.convert(mode)
        return ImageCms.profileToProfile(source, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return frame.convert("RGBA" if "A" in frame.mode else "RGB") if frame.mode == "CMYK" else frame


def _fresh(frame, fmt):
    """A copy of the frame's pixels with no metadata at all, in a mode `fmt` can store."""
    transparency = frame.info.get("transparency")
    frame = _to_srgb(frame)
    if fmt == "JPEG" and frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGB")
    elif fmt == "WEBP" and frame.mode not in ("RGB", "RGBA"):
        frame = frame.convert("RGBA" if "A" in frame.mode or transparency is not None else "RGB")
    elif frame.mode == "CMYK":
        frame = frame.convert("RGB")
    fresh = frame.copy()
    fresh.info = {"transparency": transparency} if transparency is not None and fresh.mode in ("P", "L", "RGB") else {}
    return fresh


def clean(file, formats=UPLOAD_FORMATS, name=None):
    """
    The picture in `file` re-encoded from its pixels, as a ContentFile named after `name` (or the
    file's own name) with the extension of its real type. Raises ValidationError like `inspect`.
    """
    fmt, _, _, frames = inspect(file, formats)
    stem = posixpath.splitext(posixpath.basename(name or getattr(file, "name", None) or "picture"))[0] or "picture"
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(file) as image:
            if frames == 1:
                options = {}
                if fmt == "JPEG":
                    sampling = get_sampling(image)
                    options = {"quality": 95, "subsampling": sampling if sampling != -1 else 2}
                elif fmt == "WEBP":
                    options = {"quality": 95}
                # The camera's rotation goes into the pixels, since the tag that said it is dropped.
                _fresh(ImageOps.exif_transpose(image), fmt).save(out, fmt, **options)
            else:
                durations, pictures = [], []
                for frame in ImageSequence.Iterator(image):
                    durations.append(frame.info.get("duration", 100))
                    pictures.append(_fresh(frame.copy(), fmt))
                options = {"save_all": True, "append_images": pictures[1:], "duration": durations,
                           "loop": image.info.get("loop", 0)}
                if fmt == "WEBP":
                    options["quality"] = 95
                pictures[0].save(out, fmt, **options)
    file.seek(0)
    cleaned = ContentFile(out.getvalue(), name=stem + EXTENSIONS[fmt])
    cleaned.content_type = CONTENT_TYPES[fmt]
    cleaned.newsroom_checked = True
    return cleaned


class CheckedImageFormField(forms.ImageField):
    """An upload checked and cleaned as soon as the form is: the editor sees the error with their form."""

    def __init__(self, *args, formats=UPLOAD_FORMATS, **kwargs):
        self.formats = formats
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean(upload, self.formats)


class CheckedImageField(models.ImageField):
    """
    An ImageField whose every new file passes `clean` before it is stored: an upload not stored yet
    is replaced by its cleaned copy; a file already stored under a new name (the demo loader and the
    WordPress importer save the file first) is rewritten through the storage, or removed and refused.
    """

    def __init__(self, *args, formats=UPLOAD_FORMATS, **kwargs):
        self.formats = tuple(formats)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # The checks change no column: migrations keep seeing a plain ImageField.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs

    def formfield(self, **kwargs):
        field = super().formfield(**{"form_class": CheckedImageFormField, "formats": self.formats, **kwargs})
        limits = (
            f"At most {filesizeformat(MAX_UPLOAD_BYTES)} and {MAX_PIXELS // 1_000_000} megapixels; "
            "location and other camera data are removed."
        )
        field.help_text = f"{field.help_text} {limits}".strip()
        return field

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember_stored_name, sender=cls, weak=False)
            # A signal, not pre_save(): it runs before the save's transaction handling, so a refused
            # file raises a ValidationError without spoiling the caller's transaction.
            pre_save.connect(self._check_new_file, sender=cls, weak=False)

    def _remember_stored_name(self, instance, **kwargs):
        # Deferred (not loaded): nothing to remember, and reading it would cost a query.
        if self.attname in instance.__dict__:
            value = instance.__dict__[self.attname]
            instance.__dict__.setdefault("_checked_files", {})[self.attname] = getattr(value, "name", value)

    def _check_new_file(self, sender, instance, update_fields=None, **kwargs):
        if self.attname not in instance.__dict__ or (update_fields is not None and self.name not in update_fields):
            return
        file = getattr(instance, self.attname)
        stored = instance.__dict__.get("_checked_files", {}).get(self.attname)
        if file and not file._committed:
            upload = file.file
            if not getattr(upload, "newsroom_checked", False):
                try:
                    upload = clean(upload, self.formats, name=file.name)
                except ValidationError as error:
                    raise ValidationError({self.name: error.error_list})
            file.file, file.name = upload, upload.name
        elif file and (instance._state.adding or file.name != stored):
            self._clean_stored(instance, file)

    def pre_save(self, instance, add):
        file = super().pre_save(instance, add)
        instance.__dict__.setdefault("_checked_files", {})[self.attname] = file.name if file else None
        return file

    def _clean_stored(self, instance, file):
        storage, name = file.storage, file.name
        if not storage.exists(name):
            return  # a name without a file (an importer's dry run): nothing to check or to leak
        with storage.open(name, "rb") as stored:
            try:
                cleaned = clean(stored, self.formats, name=name)
            except ValidationError as error:
                failed = error
            else:
                failed = None
        storage.delete(name)
        if failed is not None:
            raise ValidationError({self.name: failed.error_list})
        new_name = storage.save(posixpath.join(posixpath.dirname(name), cleaned.name), cleaned)
        setattr(instance, self.attname, new_name)
