from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from wpimport import wxr
from wpimport.importer import Importer


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
            help="A copy of the site's wp-content/uploads folder; images are taken from it, never downloaded.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Do everything and print the report, then roll it all back."
        )

    def handle(self, *args, export, media_dir=None, dry_run=False, **options):
        if not export.is_file():
            raise CommandError(f"No such file: {export}")
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir is not a folder: {media_dir}")
        importer = Importer(media_dir=media_dir, dry_run=dry_run)
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
