"""
A real Varnish (Debian's, with the xkey module) running deploy/varnish/newsroom.vcl in front of a real
gunicorn app server, both started here on loopback: the app on a scratch SQLite database and Redis
(VARNISH_TEST_CACHE_URL, emptied), told of changes through FRONT_CACHES. Ports VARNISH_TEST_PORT
(8110: readers), +1 (Varnish's admin) and +2 (the app).
"""

import http.cookiejar
import json
import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.stack.services import free, wait_for

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
PORT = int(os.environ.get("VARNISH_TEST_PORT", "8110"))
ADMIN_PORT, APP_PORT = PORT + 1, PORT + 2
CACHE_URL = os.environ.get("VARNISH_TEST_CACHE_URL", "redis://127.0.0.1:6379/2")

SETUP = """
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from articles.models import Article, Section
from authors.models import Author
from comments.models import ModerationRules
rules = ModerationRules.load()
rules.hold_all = True
rules.min_seconds = 0
rules.save()
news = Section.objects.create(name="News", slug="news")
author = Author.objects.create(name="Kevin Zhang", slug="kevin-zhang")
story = Article.objects.create(title="Harbour Reopens", slug="harbour-reopens", section=news, status="published",
    published_at=timezone.now() - timedelta(hours=1), body="<p>The harbour reopened today.</p>")
story.authors.add(author, through_defaults={"position": 0})
User.objects.create_superuser("editor", "editor@example.com", "a long editor password 42")
print(story.pk)
"""


@dataclass
class Stack:
    env: dict
    base: str = f"http://127.0.0.1:{PORT}"
    story_pk: int = 0
    story_path: str = "/news/harbour-reopens/"
    processes: list = field(default_factory=list)

    def manage(self, code):
        """Run ORM code in the app's environment (a separate process: it commits, and purges like the app)."""
        result = subprocess.run(
            [str(PYTHON), "manage.py", "shell", "-c", code], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def reader(self):
        return Reader(self.base)


class Reader:
    """A browser: its own cookies, the site's address as Origin on posts."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect())

    def get(self, path, headers=None):
        return self._open(urllib.request.Request(self.base + path, headers=headers or {}))

    def post(self, path, data):
        body = urllib.parse.urlencode(data).encode()
        headers = {"Origin": self.base, "Referer": self.base + path, "Content-Type": "application/x-www-form-urlencoded"}
        return self._open(urllib.request.Request(self.base + path, data=body, headers=headers, method="POST"))

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def _open(self, request):
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        response.text = response.read().decode()
        return response

    def comment(self, story_pk, story_path, body, remember=False):
        token = json.loads(self.get("/comments/csrf/").text)["issued"]
        data = {
            "csrfmiddlewaretoken": self.cookie("csrftoken"), "issued": token, "name": "Helen Wu",
            "email": "helen@example.com", "url": "", "body": body, "parent": "",
        }
        if remember:
            data["remember"] = "on"
        return self.post(f"/comments/post/{story_pk}/", data)

    def sign_in(self, username, password):
        self.get("/admin/login/")
        return self.post("/admin/login/?next=/admin/", {
            "csrfmiddlewaretoken": self.cookie("csrftoken"), "username": username, "password": password, "next": "/admin/",
        })


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    for port in (PORT, ADMIN_PORT, APP_PORT):
        if not free(port):
            pytest.fail(f"Port {port} is taken: set VARNISH_TEST_PORT to a free range of three ports.")
    tmp = tmp_path_factory.mktemp("varnish")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "CACHE_URL": CACHE_URL,
        "FRONT_CACHES": f"http://127.0.0.1:{PORT}/",
        "PAGE_CACHE_SECONDS": "300",
        "TASKS_BACKEND": "immediate",
        "DEBUG": "True",
        "TWO_FACTOR_REQUIRED": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(tmp / "media"),
        "VARNISH_PORT": str(PORT),
        "VARNISH_ADMIN_PORT": str(ADMIN_PORT),
        "VARNISH_BACKEND_PORT": str(APP_PORT),
        "SERVICES_DIR": str(tmp),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [str(PYTHON), "-c", f"import redis; redis.Redis.from_url({CACHE_URL!r}).flushdb()"], check=True, cwd=ROOT
    )
    subprocess.run([str(PYTHON), "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    stack = Stack(env=env)
    stack.story_pk = int(stack.manage(SETUP).splitlines()[-1])
    app = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "newsroom.wsgi:application", "-b", f"127.0.0.1:{APP_PORT}", "-w", "2",
         "--graceful-timeout", "2"],
        cwd=ROOT, env=env, stdout=open(tmp / "app.log", "w"), stderr=subprocess.STDOUT,
    )
    stack.processes.append(app)
    try:
        wait_for(f"http://127.0.0.1:{APP_PORT}/healthz", process=app)
        subprocess.run([str(ROOT / ".ci" / "varnish"), "start"], cwd=ROOT, env=env, check=True)
        wait_for(f"http://127.0.0.1:{PORT}/", timeout=30)
        yield stack
    finally:
        subprocess.run([str(ROOT / ".ci" / "varnish"), "stop"], cwd=ROOT, env=env)
        app.terminate()
        app.wait(timeout=10)
