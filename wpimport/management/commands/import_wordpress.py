import tempfile
from contextlib import ExitStack
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from newsroom.images import MAX_UPLOAD_BYTES
from wpimport import wxr
from wpimport.fetch import Fetcher
from wpimport.importer import Importer


# Seconds before the second try of a download; doubled for each further one.
BACKOFF = 1.0


class _Progress:
    """A file that moves a progress bar as the parser reads it: the bar is in bytes of the export."""

    def __init__(self, fileobj, bar):
        self.fileobj, self.bar = fileobj, bar

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.bar.update(len(data))
        return data


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export → All content): authors, categories, tags, posts, "
        "pages, images and comments, with redirects from the old addresses. Safe to run again: what "
        "was imported before is matched by its WordPress ID and only changes are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WXR file WordPress exported.")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="A copy of the site's wp-content/uploads folder; images are taken from it. With --fetch-media, "
            "the folder the downloads go into (what is there already is not downloaded again).",
        )
        fetch = parser.add_argument_group("downloading the media")
        fetch.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download each attachment from its address on the old site (and images in posts that are "
            "on the old site's hosts); without --media-dir into a temporary folder removed afterwards.",
        )
        fetch.add_argument("--fetch-timeout", type=float, default=30.0, help="Seconds to wait on a server (default 30).")
        fetch.add_argument("--fetch-workers", type=int, default=4, help="Downloads at a time (default 4).")
        fetch.add_argument("--fetch-tries", type=int, default=3, help="Tries per file, with a growing pause (default 3).")
        fetch.add_argument(
            "--fetch-max-mb",
            type=float,
            default=MAX_UPLOAD_BYTES / 1024 / 1024,
            help=f"Largest file downloaded, in MB (default {MAX_UPLOAD_BYTES // 1024 // 1024}, the photo limit).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Do everything and print the report, then roll it all back."
        )

    def handle(self, *args, export, media_dir=None, dry_run=False, fetch_media=False, **options):
        if not export.is_file():
            raise CommandError(f"No such file: {export}")
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir is not a folder: {media_dir}")
        with ExitStack() as stack:
            fetcher = None
            if fetch_media:
                folder = media_dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wp-media-")))
                fetcher = Fetcher(
                    folder,
                    max_bytes=int(options["fetch_max_mb"] * 1024 * 1024),
                    timeout=options["fetch_timeout"],
                    workers=options["fetch_workers"],
                    tries=options["fetch_tries"],
                    backoff=BACKOFF,
                )
            self.import_export(export, Importer(media_dir=media_dir, dry_run=dry_run, fetcher=fetcher), dry_run, options)

    def import_export(self, export, importer, dry_run, options):
        show_bar = options.get("verbosity", 1) > 0
        try:
            with (
                export.open("rb") as f,
                tqdm(total=export.stat().st_size, unit="B", unit_scale=True, desc="Importing", disable=not show_bar or None) as bar,
                transaction.atomic(),
            ):
                report = importer.run(wxr.read(_Progress(f, bar)))
                if dry_run:
                    transaction.set_rollback(True)
        except wxr.ExportError as error:
            self.remove_copied_files(importer)
            raise CommandError(f"Stopped, nothing imported (the database is as it was): {export.name}: {error}")
        except BaseException:
            self.remove_copied_files(importer)
            raise
        self.stdout.write(report.render(dry_run=dry_run))

    def remove_copied_files(self, importer):
        # The rows were rolled back; the files copied for them would be orphans.
        for name in importer.copied_files:
            default_storage.delete(name)
