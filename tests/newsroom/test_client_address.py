"""
The reader's address comes from the proxy setting (NUM_PROXIES): abuse limits, bans and holds key on
it, so when it cannot be known the site says so loudly instead of quietly switching them off.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from comments.models import Comment
from newsroom.clientip import ClientAddressMiddleware

CHECKOUT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = CHECKOUT / "deploy" / "gunicorn.conf.py"


def through_middleware(settings, num_proxies, remote_addr, forwarded=None):
    settings.NUM_PROXIES = num_proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)
    seen = {}
    ClientAddressMiddleware(lambda r: seen.setdefault("ip", r.META["REMOTE_ADDR"]))(request)
    return seen["ip"]


def test_direct_connection_uses_the_socket_peer(settings):
    assert through_middleware(settings, 0, "203.0.113.9", forwarded="6.6.6.6") == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_is_used(settings):
    # A client may send its own X-Forwarded-For; nginx appends the address it saw: the last one counts.
    assert through_middleware(settings, 1, "", forwarded="6.6.6.6, 203.0.113.9") == "203.0.113.9"


def test_behind_two_proxies_the_second_last_entry_is_used(settings):
    assert through_middleware(settings, 2, "10.0.0.2", forwarded="6.6.6.6, 203.0.113.9, 10.0.0.1") == "203.0.113.9"


def test_unix_socket_without_proxy_setting_is_a_clear_error_not_a_missing_address(settings):
    with pytest.raises(ImproperlyConfigured, match="NUM_PROXIES"):
        through_middleware(settings, 0, "")


def test_proxy_setting_with_a_request_that_skipped_the_proxy_is_a_clear_error(settings):
    with pytest.raises(ImproperlyConfigured, match="X-Forwarded-For"):
        through_middleware(settings, 1, "")


@pytest.mark.django_db
def test_comment_posted_behind_a_unix_socket_proxy_keeps_the_readers_address(
    client, settings, make_article, comment_form_data
):
    settings.NUM_PROXIES = 1
    article = make_article()
    client.post(
        f"/comments/post/{article.pk}/", comment_form_data(), REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert Comment.objects.get().ip_address == "203.0.113.9"


# gunicorn with the project's own configuration, on a unix socket as behind nginx.


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=10)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.socket_path)


def start_gunicorn(tmp_path, **env):
    sock = tmp_path / "gunicorn.sock"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "GUNICORN_WORKERS": "1", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "--bind", f"unix:{sock}", "newsroom.wsgi"],
        cwd=CHECKOUT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    return process, sock


def get(sock, path, headers):
    for _ in range(100):
        if sock.exists():
            break
        time.sleep(0.1)
    connection = UnixHTTPConnection(str(sock))
    for _ in range(50):
        try:
            connection.request("GET", path, headers=headers)
            return connection.getresponse().read().decode()
        except (ConnectionRefusedError, FileNotFoundError):
            time.sleep(0.1)
            connection = UnixHTTPConnection(str(sock))
    raise AssertionError("gunicorn did not answer")


def test_gunicorn_refuses_to_start_on_a_unix_socket_when_client_addresses_cannot_be_known(tmp_path):
    process, _ = start_gunicorn(tmp_path, NUM_PROXIES="0")
    output, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "NUM_PROXIES" in output


@pytest.mark.parametrize("behind_proxy, scheme", [("False", "http"), ("True", "https")])
def test_gunicorn_lets_only_the_configured_proxy_setting_decide_the_scheme(tmp_path, behind_proxy, scheme):
    process, sock = start_gunicorn(tmp_path, NUM_PROXIES="1", BEHIND_PROXY=behind_proxy)
    try:
        body = get(sock, "/robots.txt", {"Host": "localhost", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert f"Sitemap: {scheme}://localhost/sitemap.xml" in body
