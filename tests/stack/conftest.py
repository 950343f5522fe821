"""
The load-balanced stack for tests/stack (make test-stack): nginx from Debian terminating TLS in front of
two gunicorn app servers and a task worker, on PostgreSQL and Redis, all started from deploy/.

Ports and names come from the environment so that two checkouts can run it side by side:
STACK_HTTPS_PORT (8443), STACK_HTTP_PORT (8480), STACK_APP_PORTS (8401,8402), STACK_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/newsroom_stack, dropped and made again), STACK_CACHE_URL
(redis://127.0.0.1:6379/2, emptied first).
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.stack.services import (
    DEPLOY, PYTHON, ROOT, Process, free, render, self_signed_certificate, unit_command, wait_for,
)

HOST = "news.test"
HTTPS_PORT = int(os.environ.get("STACK_HTTPS_PORT", 8443))
HTTP_PORT = int(os.environ.get("STACK_HTTP_PORT", 8480))
APP_PORTS = [int(p) for p in os.environ.get("STACK_APP_PORTS", "8401,8402").split(",")]
DATABASE_URL = os.environ.get("STACK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_stack")
CACHE_URL = os.environ.get("STACK_CACHE_URL", "redis://127.0.0.1:6379/2")
WORKERS_PER_SERVER = 2
REPORT = []  # the counts of each wave, printed at the end of the run


def pytest_terminal_summary(terminalreporter):
    if REPORT:
        terminalreporter.section("load-balanced stack: counts")
        for line in REPORT:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(config, items):
    for name in ("nginx", "openssl", "psql", "redis-cli"):
        if not shutil.which(name) and not Path("/usr/sbin", name).exists():
            raise pytest.UsageError(f"tests/stack needs {name}: run `make test-stack`, which installs it.")


def manage(env, *args):
    done = subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


class Stack:
    def __init__(self, work):
        self.work = work
        self.logs = work / "logs"
        self.logs.mkdir()
        self.base = f"https://{HOST}:{HTTPS_PORT}"
        db = urlsplit(DATABASE_URL)
        self.db_name = db.path.lstrip("/")
        self.psql = ["psql", "-X", "-h", db.hostname, "-p", str(db.port or 5432), "-U", db.username or "postgres", "-tA"]
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MEDIA_", "CACHE_", "DJANGO_"))},
            "DEBUG": "False",
            "SECRET_KEY": "stack-test-secret-key-that-is-long-enough-for-django-0123456789",
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": self.base,
            "BEHIND_PROXY": "True",
            "NUM_PROXIES": "1",
            "DATABASE_URL": DATABASE_URL,
            "CACHE_URL": CACHE_URL,
            "MEDIA_ROOT": str(work / "media"),
            "TASKS_BACKEND": "database",
            "EMAIL_URL": "consolemail://",
            "LOG_FORMAT": "json",
            "GUNICORN_WORKERS": str(WORKERS_PER_SERVER),
            "PYTHONUNBUFFERED": "1",
        }
        self.apps = {}
        self.worker = None
        self.nginx = None

    # Set-up

    def prepare(self):
        subprocess.run([*self.psql, "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)'], check=True, capture_output=True)
        subprocess.run([*self.psql, "-d", "postgres", "-c", f'CREATE DATABASE "{self.db_name}"'], check=True, capture_output=True)
        redis = urlsplit(CACHE_URL)
        subprocess.run(["redis-cli", "-h", redis.hostname, "-p", str(redis.port or 6379), "-n", redis.path.lstrip("/") or "0", "FLUSHDB"], check=True, capture_output=True)
        manage(self.env, "migrate", "--noinput")
        manage(self.env, "loaddemo")
        manage(self.env, "collectstatic", "--noinput", "--verbosity", "0")

    def app_process(self, port):
        command, env = unit_command("newsroom-web@.service", instance=str(port))
        return Process(f"app-{port}", command, {**self.env, **env}, self.logs)

    def start_app(self, port):
        process = self.app_process(port).start()
        wait_for(f"http://127.0.0.1:{port}/healthz", process=process.popen)
        self.apps[port] = process
        return process

    def start_worker(self):
        command, env = unit_command("newsroom-worker.service")
        self.worker = Process("worker", command, {**self.env, **env}, self.logs).start()

    def start_nginx(self):
        conf = self.work / "nginx"
        conf.mkdir()
        cert, key = self_signed_certificate(conf, HOST)
        (conf / "newsroom-proxy.conf").write_text((DEPLOY / "nginx" / "newsroom-proxy.conf").read_text())
        (conf / "newsroom-upstream.conf").write_text(render(DEPLOY / "nginx" / "newsroom-upstream.conf", [
            ("server 127.0.0.1:8001 max_fails=1 fail_timeout=5s;", f"server 127.0.0.1:{APP_PORTS[0]} max_fails=1 fail_timeout=5s;"),
            ("server 127.0.0.1:8002 max_fails=1 fail_timeout=5s;", f"server 127.0.0.1:{APP_PORTS[1]} max_fails=1 fail_timeout=5s;"),
        ]))
        (conf / "newsroom.conf").write_text(render(DEPLOY / "nginx" / "newsroom.conf", [
            ("/etc/nginx/newsroom-upstream.conf", str(conf / "newsroom-upstream.conf")),
            ("/etc/nginx/newsroom-proxy.conf", str(conf / "newsroom-proxy.conf")),
            ("    listen 80;\n    listen [::]:80;\n", f"    listen 127.0.0.1:{HTTP_PORT};\n"),
            ("    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n", f"    listen 127.0.0.1:{HTTPS_PORT} ssl http2;\n"),
            ("server_name news.example.com;", f"server_name {HOST};"),
            ("/etc/letsencrypt/live/news.example.com/fullchain.pem", str(cert)),
            ("/etc/letsencrypt/live/news.example.com/privkey.pem", str(key)),
            ("/var/log/nginx/newsroom.access.log", str(self.logs / "nginx-access.log")),
            ("/srv/newsroom/staticfiles/", str(ROOT / "staticfiles") + "/"),
            ("/srv/newsroom/media/", str(self.work / "media") + "/"),
            ("return 301 https://$host$request_uri;", f"return 301 https://$host:{HTTPS_PORT}$request_uri;"),
        ]))
        # The main file Debian's nginx.conf would be; ours only names where things go on this machine.
        (conf / "nginx.conf").write_text(f"""
worker_processes 2;
pid {conf / 'nginx.pid'};
error_log {self.logs / 'nginx-error.log'} warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {conf / 'body'};
    proxy_temp_path {conf / 'proxy'};
    access_log off;
    include {conf / 'newsroom.conf'};
}}
""")
        checked = subprocess.run(["nginx", "-t", "-q", "-c", str(conf / "nginx.conf")], capture_output=True, text=True)
        if checked.returncode:
            raise RuntimeError(f"nginx refuses the configuration: {checked.stderr}")
        self.nginx = Process("nginx", ["nginx", "-c", str(conf / "nginx.conf"), "-g", "daemon off;"], self.env, self.logs).start()

    # Looking

    def sql(self, query):
        return subprocess.run([*self.psql, "-d", self.db_name, "-c", query], check=True, capture_output=True, text=True).stdout.strip()

    def connections(self):
        return int(self.sql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{self.db_name}'") or 0)

    def access_log(self):
        path = self.logs / "nginx-access.log"
        return path.read_text().splitlines() if path.exists() else []

    def stop(self):
        for process in [self.nginx, self.worker, *self.apps.values()]:
            if process is not None:
                process.stop()


@pytest.fixture(scope="session")
def stack():
    busy = [p for p in [HTTPS_PORT, HTTP_PORT, *APP_PORTS] if not free(p)]
    if busy:
        raise RuntimeError(f"ports {busy} are taken: set STACK_HTTPS_PORT, STACK_HTTP_PORT, STACK_APP_PORTS")
    work = Path(tempfile.mkdtemp(prefix="newsroom-stack-"))
    work.chmod(0o755)  # nginx's workers (www-data) serve the media from here
    stack = Stack(work)
    try:
        stack.prepare()
        for port in APP_PORTS:
            stack.start_app(port)
        stack.start_worker()
        stack.start_nginx()
        wait_for(f"http://127.0.0.1:{APP_PORTS[0]}/readyz")
        yield stack
    finally:
        stack.stop()
        keep = os.environ.get("STACK_KEEP_LOGS")
        if keep:
            shutil.copytree(stack.logs, keep, dirs_exist_ok=True)
        shutil.rmtree(work, ignore_errors=True)
