"""
Downloading a WordPress site's media for `import_wordpress --fetch-media`.

Files are fetched a few at a time on a thread pool (downloads wait on the network, not the CPU)
and written into a folder laid out like wp-content/uploads; the importer then takes them from
there exactly as with --media-dir, so every file passes the same photo checks and loses its GPS
data. Threads only touch the network and that folder, never the database. A file already in the
folder is not fetched again: a run that was interrupted picks up where it stopped.
"""

import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import urllib3

# Statuses worth another try: the server is busy or failed for a moment.
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}
CHUNK = 64 * 1024


@dataclass
class Outcome:
    url: str
    path: Path | None = None  # the file, when it was fetched or already there
    fetched: bool = False  # downloaded in this run (False: it was already in the folder)
    reason: str = ""  # why not, when path is None


class TooLarge(Exception):
    pass


class Fetcher:
    def __init__(self, folder, max_bytes, timeout=30.0, workers=4, tries=3, backoff=1.0, user_agent="Newsroom importer"):
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.workers = max(1, workers)
        self.tries = max(1, tries)
        self.backoff = backoff
        self.http = urllib3.PoolManager(
            num_pools=8,
            maxsize=self.workers,
            headers={"User-Agent": user_agent},
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            # Our own loop retries (with reasons for the report); urllib3 only follows redirects (a CDN moves files).
            retries=urllib3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=5),
        )

    def fetch_all(self, wanted):
        """[(url, relative path)] → [Outcome] in the same order, a few downloads at a time."""
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="wp-media") as pool:
            return list(pool.map(lambda pair: self.fetch(*pair), wanted))

    def fetch(self, url, relative):
        target = (self.folder / relative).resolve()
        if not target.is_relative_to(self.folder.resolve()):
            return Outcome(url, reason="its path leaves the media folder")
        if target.is_file() and target.stat().st_size > 0:
            return Outcome(url, path=target)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Outcome(url, reason="not an http(s) address")
        # Exports name files as WordPress shows them, sometimes with spaces or non-Latin letters.
        url = urlunsplit(parts._replace(path=quote(parts.path, safe="/%@:+,;=!$&'()*~")))
        reason = ""
        for attempt in range(self.tries):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            reason, retry = self._download(url, target)
            if not reason:
                return Outcome(url, path=target, fetched=True)
            if not retry:
                break
        if self.tries > 1 and retry:
            reason += f" ({self.tries} tries)"
        return Outcome(url, reason=reason)

    def _download(self, url, target):
        """("", _) when the file is in place, else (reason, whether another try may help)."""
        deadline = time.monotonic() + self.timeout * 4  # a server dripping bytes cannot hold a worker forever
        try:
            response = self.http.request("GET", url, preload_content=False)
        except urllib3.exceptions.MaxRetryError as error:
            return self._network_reason(error.reason or error), True
        except urllib3.exceptions.HTTPError as error:
            return self._network_reason(error), True
        try:
            if response.status != 200:
                return f"HTTP {response.status}", response.status in RETRY_STATUSES
            kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind.startswith("text/") or kind in ("application/json", "application/xhtml+xml"):
                return f"not an image or media file (the server sent {kind})", False
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > self.max_bytes:
                return f"too large ({int(length):,} bytes; the limit is {self.max_bytes:,})", False
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written beside its place and renamed when whole: an interrupted download leaves no half file.
            fd, partial = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            try:
                size = 0
                with os.fdopen(fd, "wb") as out:
                    for chunk in response.stream(CHUNK):
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise TooLarge
                        if time.monotonic() > deadline:
                            raise TimeoutError
                        out.write(chunk)
                if size == 0:
                    return "empty file", False
                os.replace(partial, target)
                partial = None
            except TooLarge:
                return f"too large (over {self.max_bytes:,} bytes)", False
            except TimeoutError:
                return f"timed out (still arriving after {self.timeout * 4:g} s)", True
            except urllib3.exceptions.HTTPError as error:
                return self._network_reason(error), True
            finally:
                if partial:
                    Path(partial).unlink(missing_ok=True)
            return "", False
        finally:
            response.release_conn()

    def _network_reason(self, error):
        # urllib3 makes a refused connection a kind of timeout: asked first.
        if isinstance(error, urllib3.exceptions.NewConnectionError):
            return "could not connect"
        if isinstance(error, (urllib3.exceptions.TimeoutError, TimeoutError)):
            return f"timed out after {self.timeout:g} s"
        return f"network error ({type(error).__name__})"
