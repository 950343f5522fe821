"""
`make serve` (deploy/serve.py) started as a subprocess, as an operator would: gunicorn with
deploy/gunicorn.conf.py, DEBUG off, static files collected and served by WhiteNoise with far-future
caching, an access log on standard output, and the task worker alongside (TASKS_BACKEND=database).
SQLite in a temporary folder; port SERVE_TEST_PORT (8460).
"""

import os
import re
import secrets
import signal
import sqlite3
import subprocess
import time
import urllib.request

import pytest

from .services import PYTHON, ROOT, free, wait_for

PORT = int(os.environ.get("SERVE_TEST_PORT", 8460))
ARTICLE = "/news/world/russian-american-diplomats-meet-in-geneva/"


def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as response:
        return response.status, dict(response.headers), response.read().decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    assert free(PORT), f"port {PORT} is taken (SERVE_TEST_PORT)"
    work = tmp_path_factory.mktemp("serve")
    env = {
        "PATH": os.environ["PATH"], "HOME": str(work), "PORT": str(PORT),
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}", "CACHE_URL": "locmemcache://serve-test",
        "GUNICORN_WORKERS": "1", "TASKS_BACKEND": "database", "MEDIA_ROOT": str(work / "media"),
        # Plain HTTP on loopback: the cookies cannot be secure here.
        "SECURE_COOKIES": "False",
    }
    for command in (["migrate", "--noinput", "-v0"], ["loaddemo", "-v0"]):
        subprocess.run([str(PYTHON), "manage.py", *command], cwd=ROOT, env={**env, "DEBUG": "False"}, check=True, capture_output=True)
    log = open(work / "serve.log", "w+")
    process = subprocess.Popen([str(PYTHON), "deploy/serve.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz", timeout=180, process=process)
        yield process, work, log
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_make_serve_serves_the_site_with_debug_off(served):
    status, headers, html = get(ARTICLE)
    assert status == 200
    assert "Russian, American Diplomats Meet in Geneva" in html
    assert headers["Server"].startswith("gunicorn")
    # DEBUG off: an unknown page is the site's own 404, not Django's technical page.
    with pytest.raises(urllib.error.HTTPError) as error:
        get("/no/such/page/")
    assert error.value.code == 404
    assert "Using the URLconf" not in error.value.read().decode()


def test_static_files_are_hashed_and_cached_for_a_year(served):
    _, _, html = get("/")
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    status, headers, _ = get(css)
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]


def test_each_request_is_logged_on_standard_output(served):
    _, work, log = served
    get("/news/?from=access-log-test")
    time.sleep(0.5)
    log.flush()
    assert re.search(r'"GET /news/\?from=access-log-test HTTP/1.1" 200 \d+ .* [0-9a-f]{32}$', (work / "serve.log").read_text(), re.M)


def test_the_task_worker_runs_alongside(served):
    """loaddemo queued the photos' renditions (TASKS_BACKEND=database); the worker make serve started runs them."""
    _, work, _ = served
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with sqlite3.connect(work / "db.sqlite3") as db:
            left = db.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status NOT IN ('SUCCESSFUL', 'FAILED')").fetchone()[0]
            done = db.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'").fetchone()[0]
        if done and not left:
            break
        time.sleep(1)
    assert done and not left


def test_sigterm_stops_the_app_and_the_worker(served):
    process, _, _ = served
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert len(children) == 2  # gunicorn and the task worker
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    for pid in children:
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read()
    assert free(PORT)
