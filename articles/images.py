"""Checks and clean-up for uploaded photos: a real picture, within limits, without its location."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
# What editors may upload.
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# What the library keeps from any source: a WordPress archive brings GIFs too, and their renditions are JPEGs.
LIBRARY_FORMATS = {**FORMATS, "GIF": "image/gif"}


def validate_photo(upload, formats=FORMATS):
    """Raise a ValidationError an editor can act on unless the upload is a picture in `formats` within limits."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; photos can be at most {filesizeformat(MAX_UPLOAD_BYTES)}. "
            "Export a smaller JPEG and try again."
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit, raises) about decompression bombs; we check ourselves.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                fmt, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        f"This picture is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); "
                        f"the limit is {MAX_PIXELS / 1e6:.0f} megapixels. Resize it and try again."
                    )
                image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError("This file is not a picture we can read (or it is damaged). Upload a JPEG, PNG or WebP.")
    finally:
        upload.seek(0)
    if fmt not in formats:
        raise ValidationError(f"{fmt} files are not accepted. Upload a JPEG, PNG or WebP.")


def strip_location(upload):
    """
    The upload without GPS data, or the upload itself when it carries none. Sources can be traced
    from where a picture was taken. The camera's rotation is applied to the pixels so the picture
    still stands the right way up once the tags are gone.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        exif = image.getexif()
        has_gps = bool(exif.get_ifd(ExifTags.IFD.GPSInfo)) or ExifTags.IFD.GPSInfo in exif
        # XMP may repeat the location; it is dropped with the re-save.
        has_xmp = bool(image.info.get("xmp") or image.info.get("XML:com.adobe.xmp"))
        if not (has_gps or has_xmp):
            upload.seek(0)
            return upload
        fmt = image.format
        image = ImageOps.exif_transpose(image)
        exif = image.getexif()
        exif.pop(ExifTags.IFD.GPSInfo, None)
        exif.pop(ExifTags.Base.Orientation, None)
        out = io.BytesIO()
        options = {"exif": exif.tobytes()}
        if fmt == "JPEG":
            options["quality"] = 95
            if image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
        elif fmt == "GIF":
            options = {}
        image.save(out, fmt, **options)
    return SimpleUploadedFile(upload.name, out.getvalue(), content_type=LIBRARY_FORMATS[fmt])


def clean_photo(file):
    """
    The checks every library photo passes, whoever adds it (admin, importer, demo, code): a picture
    within limits, returned without its location (the same file when it carries none).
    """
    validate_photo(file, formats=LIBRARY_FORMATS)
    return strip_location(file)
