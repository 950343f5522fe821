"""
The REST reader's HTTP side against a small local server that fails, is slow, or pages: retries,
Retry-After, the timeout, and pagination by X-WP-TotalPages. (The whole import against a real
WordPress is in tests/wordpress.)
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wpimport import rest


class Handler(BaseHTTPRequestHandler):
    script = []  # (status, headers, body, delay) answered in turn; the last one repeats
    seen = []

    def do_GET(self):
        self.seen.append(self.path)
        status, headers, body, delay = self.script[min(len(self.seen) - 1, len(self.script) - 1)]
        time.sleep(delay)
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: what the timeout test wants

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_busy_site_is_asked_again_and_its_retry_after_honoured(server):
    _, url = server
    Handler.script = [
        (503, {}, {"code": "busy"}, 0),
        (429, {"Retry-After": "1"}, {"code": "slow_down"}, 0),
        (200, {}, {"ok": True}, 0),
    ]
    client = rest.Client(url, retries=3, backoff=0)
    started = time.monotonic()
    data, _ = client.get("/wp/v2/posts")
    assert data == {"ok": True}
    assert len(Handler.seen) == 3
    assert time.monotonic() - started >= 1, "waited as Retry-After asked"


def test_a_site_that_keeps_failing_stops_with_its_reason(server):
    _, url = server
    Handler.script = [(500, {}, {"code": "internal_server_error", "message": "Database down"}, 0)]
    client = rest.Client(url, retries=2, backoff=0)
    with pytest.raises(rest.SiteError, match=r"HTTP 500 \(internal_server_error: Database down\)"):
        client.get("/wp/v2/posts")
    assert len(Handler.seen) == 3  # the first try and two more


def test_a_slow_answer_times_out(server):
    _, url = server
    Handler.script = [(200, {}, [], 2)]
    client = rest.Client(url, timeout=0.5, retries=1, backoff=0)
    with pytest.raises(rest.SiteError, match="no answer after retries"):
        client.get("/wp/v2/posts")


def test_pages_follow_the_total_wordpress_gives(server):
    _, url = server
    Handler.script = [
        (200, {"X-WP-TotalPages": "3"}, [{"id": 1}], 0),
        (200, {"X-WP-TotalPages": "3"}, [{"id": 2}], 0),
        (200, {"X-WP-TotalPages": "3"}, [{"id": 3}], 0),
    ]
    client = rest.Client(url, retries=0)
    assert [number for number, total, items in client.pages("/wp/v2/posts", {"context": "view"})] == [1, 2, 3]
    assert [p.split("page=")[-1] for p in Handler.seen] == ["1", "2", "3"]
    assert all(p.startswith("/wp-json/wp/v2/posts?") for p in Handler.seen)


def test_a_site_without_pretty_permalinks_is_read_through_rest_route(server):
    _, url = server
    Handler.script = [
        (404, {}, {}, 0),
        (200, {}, {"name": "Old Gazette", "home": "https://old.example", "namespaces": ["wp/v2"]}, 0),
        (200, {}, [], 0),
    ]
    client = rest.Client(url, retries=0)
    assert client.index()["name"] == "Old Gazette"
    client.get("/wp/v2/posts", {"page": 1})
    assert Handler.seen[1] == "/?rest_route=/"
    assert Handler.seen[2] == "/?rest_route=/wp/v2/posts&page=1"
