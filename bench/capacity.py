"""
Per-request costs for sizing a deployment (deploy/README.md): `make bench-capacity`.

Starts one app server exactly as production does (deploy/systemd/newsroom-web@.service: gunicorn with
deploy/gunicorn.conf.py, one sync worker, DEBUG off) on a scratch PostgreSQL database with the demo
content and Redis as the cache, and asks it for each page type many times over one keep-alive
connection. For each it reports what sizing needs, measured from the processes themselves so that the
numbers hold on a busy machine (wall-clock rates do not):

- app CPU ms per request: the gunicorn worker's user + system time (/proc/<pid>/stat) / requests;
- database CPU ms per request: the PostgreSQL backend serving that worker, the same way;
- queries per request (Django's count, the same page through the test client);
- requests per second per app-server core = 1000 / app CPU ms.

Twice: with the whole-page cache off (PAGE_CACHE_SECONDS=0: every request rendered) and with the
site's defaults (pages cached where the site caches them). The floor: a static file through the same
gunicorn (WhiteNoise).
"""

import argparse
import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.benchdb import recreate_database  # noqa: E402
from bench.procstat import children, cpu_ms, query_counts  # noqa: E402
from tests.stack.services import PYTHON, ROOT, Process, unit_command, wait_for  # noqa: E402

PAGES = {
    "article page": "/news/world/russian-american-diplomats-meet-in-geneva/",
    "front page": "/",
    "section page": "/news/",
    "static file (floor)": "/static/css/site.css",
}


def worker_pid(master):
    found = children(master)
    assert len(found) == 1, f"expected one gunicorn worker, found {found}"
    return found[0]


def backend_pids(env):
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [row[0] for row in rows]


def measure(port, path, requests, worker, env):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "bench.test", "X-Forwarded-Proto": "https"}

    def get():
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)

    for _ in range(20):
        get()
    backends = {pid: cpu_ms([pid]) for pid in backend_pids(env)}
    app_before = cpu_ms([worker])
    started = time.perf_counter()
    for _ in range(requests):
        get()
    elapsed = time.perf_counter() - started
    app = (cpu_ms([worker]) - app_before) / requests
    # The backends that served this worker all along (one, with persistent connections).
    after = backend_pids(env)
    db = sum(cpu_ms([pid]) - before for pid, before in backends.items() if pid in after) / requests
    return app, db, requests / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8490)))
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_capacity")
    recreate_database(url)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MEDIA_S3_", "DJANGO_"))},
        "DATABASE_URL": url,
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
        "DEBUG": "False",
        "SECRET_KEY": "bench-capacity-secret-key-long-enough-for-django-0123456789",
        "ALLOWED_HOSTS": "bench.test",
        "BEHIND_PROXY": "True",
        "GUNICORN_WORKERS": "1",
        "WEB_CONCURRENCY": "1",
        "LOG_REQUESTS": "False",
        "TASKS_BACKEND": "immediate",
        "MEDIA_ROOT": "/tmp/newsroom-bench-capacity-media",
    }
    for command in (["migrate", "--noinput"], ["loaddemo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(["redis-cli", "-u", env["CACHE_URL"], "FLUSHDB"], check=True, capture_output=True)
    queries = query_counts({**env, "PAGE_CACHE_SECONDS": "0", "ALLOWED_HOSTS": "bench.test,testserver"}, PAGES, host="bench.test")
    rows = []
    for label, extra in (("uncached (PAGE_CACHE_SECONDS=0)", {"PAGE_CACHE_SECONDS": "0"}), ("site defaults (cached)", {})):
        command, unit_env = unit_command("newsroom-web@.service", instance=str(args.port))
        log_dir = Path("/tmp")
        server = Process(f"bench-capacity-{args.port}", command, {**env, **unit_env, **extra}, log_dir).start()
        try:
            wait_for(f"http://127.0.0.1:{args.port}/healthz", process=server.popen)
            worker = worker_pid(server.popen.pid)
            for name, path in PAGES.items():
                if label.startswith("site") and name.startswith("static"):
                    continue
                app, db, rate = measure(args.port, path, args.requests, worker, env)
                rows.append((label, name, app, db, queries[name], rate))
        finally:
            server.stop()
    print(f"\n{args.requests} requests each, one gunicorn sync worker, PostgreSQL {url.rsplit('/', 1)[-1]}, load average {os.getloadavg()[0]:.1f}\n")
    print("| pages | page | app CPU ms/request | database CPU ms/request | queries | requests/s per app core | wall-clock requests/s (shared machine) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, name, app, db, count, rate in rows:
        print(f"| {label} | {name} | {app:.2f} | {db:.2f} | {count} | {1000 / app if app else float('inf'):,.0f} | {rate:,.0f} |")


if __name__ == "__main__":
    main()
