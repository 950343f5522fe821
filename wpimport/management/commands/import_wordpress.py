import os
import tempfile
from contextlib import ExitStack, nullcontext
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from newsroom.images import MAX_UPLOAD_BYTES
from wpimport import rest, wxr
from wpimport.fetch import Fetcher
from wpimport.importer import Importer
from wpimport.models import RestImport


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
        parser.add_argument("export", type=Path, nargs="?", help="The WXR file WordPress exported.")
        parser.add_argument(
            "--from-site",
            metavar="URL",
            help="Read a live site through its REST API instead of an export (https://old.example.com).",
        )
        parser.add_argument(
            "--user", help="With --from-site: a WordPress user name, for drafts, scheduled posts and held comments."
        )
        parser.add_argument(
            "--app-password",
            help="That user's application password (Users → Profile → Application Passwords); "
            "or set WORDPRESS_APP_PASSWORD, which keeps it out of the process list.",
        )
        parser.add_argument(
            "--timeout", type=float, default=30, help="With --from-site: seconds to wait for each answer (30)."
        )
        parser.add_argument(
            "--retries",
            type=int,
            default=5,
            help="With --from-site: how often a failed request is tried again: at once, then after 1, 2, 4... seconds (5).",
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="With --from-site: start from the first page even if the last run was interrupted.",
        )
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

    def handle(self, *args, export=None, media_dir=None, dry_run=False, fetch_media=False, **options):
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir is not a folder: {media_dir}")
        if options.get("from_site"):
            if export is not None:
                raise CommandError("Give either an export file or --from-site, not both.")
        elif export is None:
            raise CommandError("Name the export file, or a live site with --from-site URL.")
        elif not export.is_file():
            raise CommandError(f"No such file: {export}")
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
            importer = Importer(media_dir=media_dir, dry_run=dry_run, fetcher=fetcher)
            if options.get("from_site"):
                return self.import_site(options["from_site"], importer, dry_run, options)
            self.import_export(export, importer, dry_run, options)

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

    def remove_copied_files(self, importer, start=0):
        # The rows were rolled back; the files copied for them would be orphans.
        for name in importer.copied_files[start:]:
            default_storage.delete(name)
        del importer.copied_files[start:]

    def import_site(self, url, importer, dry_run, options):
        """
        --from-site: page by page through the REST API. Each page of items is written in its own
        transaction and the page remembered (RestImport), so an interrupted run keeps what it wrote
        and the next run starts at the page where it stopped. A dry run is one transaction, rolled back.
        """
        if not url.startswith(("http://", "https://")):
            raise CommandError(f"--from-site needs an http:// or https:// address, not {url!r}")
        user = options.get("user")
        password = options.get("app_password") or os.environ.get("WORDPRESS_APP_PASSWORD", "")
        if user and not password:
            raise CommandError("--user needs --app-password (or WORDPRESS_APP_PASSWORD).")
        client = rest.Client(url, user, password, timeout=options.get("timeout") or 30, retries=options.get("retries", 5))
        reader = rest.Reader(client, authenticated=bool(user))
        show_bar = options.get("verbosity", 1) > 0
        try:
            header = reader.header()
            terms = reader.terms()
        except rest.SiteError as error:
            raise CommandError(f"Stopped, nothing imported: {error}")
        site = header["wp:base_blog_url"].rstrip("/")[:200]
        state = None
        resume = None
        if not dry_run:
            state, _ = RestImport.objects.get_or_create(site=site)
            if state.phase and not state.finished and not options.get("restart"):
                resume = (state.phase, state.page, state.total_pages)
            else:
                state.phase, state.page, state.total_pages, state.finished = "", 0, 0, False
                state.started_at = timezone.now()
                state.save()
        phases = [name for name, _ in rest.PHASES]
        with transaction.atomic() if dry_run else nullcontext():
            with transaction.atomic():
                importer.feed([("header", header), *terms])
                importer.report.source = "REST API" if user else "REST API, public content only"
            for phase in phases:
                start, progress = 1, state
                if resume:
                    resumed_at = phases.index(resume[0])
                    if phases.index(phase) < resumed_at:
                        if phase != "media":
                            continue  # written by the interrupted run
                        # Read again (the posts' images need the photos), not recorded: a run
                        # interrupted now still resumes where the first one stopped.
                        progress = None
                    elif phase == resume[0]:
                        # The last page written is read again: cheap (unchanged items are not
                        # touched), and safe if items were deleted on the site meanwhile.
                        start = max(1, resume[1])
                self.import_phase(reader, importer, progress, phase, start, show_bar)
            with transaction.atomic():
                if not importer.terms_done or importer.pending:
                    importer.import_terms()  # a site with no items still has its categories and tags
                importer.checkpoint()
                importer.finish()
                if state is not None:
                    state.finished = True
                    state.save()
            if dry_run:
                transaction.set_rollback(True)
        if resume:
            self.stdout.write(
                f"Resumed at {resume[0]} page {max(1, resume[1])} of {resume[2]}, where the last run stopped; "
                "what it wrote before that is not counted again.\n"
            )
        self.stdout.write(importer.report.render(dry_run=dry_run))
        if options.get("verbosity", 1) > 1:
            self.stdout.write(f"{client.requests} requests to the REST API.\n")

    def import_phase(self, reader, importer, state, phase, start, show_bar):
        pages = reader.phase_pages(phase, start)
        number = start
        with tqdm(desc=f"Importing {phase}", unit="page", disable=not show_bar or None, initial=start - 1) as bar:
            while True:
                copied = len(importer.copied_files)
                try:
                    page = next(pages, None)
                    if page is None:
                        return
                    bar.total = page.total
                    with transaction.atomic():
                        importer.feed(page.records)
                        importer.checkpoint()
                        if state is not None:
                            state.phase, state.page, state.total_pages = phase, page.number, page.total
                            state.save()
                except rest.SiteError as error:
                    self.remove_copied_files(importer, copied)
                    raise CommandError(
                        f"Stopped at {phase} page {number}: {error}. "
                        "What was imported before is kept; run the same command again to go on from there."
                    )
                except BaseException:
                    self.remove_copied_files(importer, copied)
                    raise
                bar.update(1)
                number = page.number + 1
