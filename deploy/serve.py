"""
`make serve`: the site as production runs it, in one command.

    .venv/bin/python deploy/serve.py          (what `make serve` runs)

1. Refuses to start, saying what to set, when a setting production needs is missing (read from the
   environment and the .env file, as newsroom/settings.py reads them), when migrations are not
   applied, or when `manage.py check --deploy` finds an error (its warnings are printed).
2. Collects the static files: WhiteNoise serves them from the app, hashed names for a year
   (`Cache-Control: max-age=315360000, immutable`), compressed copies to clients that accept them.
3. Runs gunicorn with deploy/gunicorn.conf.py (workers from GUNICORN_WORKERS or WEB_CONCURRENCY,
   else from the CPU count; bound to 127.0.0.1:$PORT; its access log on standard output), DEBUG off.
4. With TASKS_BACKEND=database, the task worker (`manage.py db_worker`, as `make worker`) alongside:
   mail and renditions would otherwise wait for ever. SERVE_TASK_WORKER=False leaves it to a worker
   run elsewhere (deploy/systemd/newsroom-worker.service). If either process stops, both stop.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

# What production cannot run without, and why (printed when missing).
REQUIRED = {
    "SECRET_KEY": "signs sessions, CSRF tokens and preview links; the same long random value on every app server",
    "ALLOWED_HOSTS": "the host names the site answers to (news.example.com)",
    "DATABASE_URL": "the database (postgres://user:password@host:5432/newsroom)",
    "CACHE_URL": "the cache every worker shares (redis://host:6379/0): page cache, rate limits, counts",
}


def environment():
    """The environment the site will see: os.environ, then the .env file beside manage.py (as settings reads it)."""
    import environ

    environ.Env.read_env(ROOT / ".env", overwrite=False)
    return dict(os.environ)


def workers(env):
    raw = env.get("GUNICORN_WORKERS") or env.get("WEB_CONCURRENCY") or ""
    return int(raw) if raw.strip().isdigit() else (os.cpu_count() or 1) * 2 + 1


def problems(env):
    """What keeps this environment from serving production, as sentences (empty: ready)."""
    found = [f"{name} is not set: {why}." for name, why in REQUIRED.items() if not env.get(name, "").strip()]
    key = env.get("SECRET_KEY", "")
    if key and (len(key) < 50 or len(set(key)) < 5 or key.startswith("change-me")):
        found.append("SECRET_KEY is too short or a placeholder: use 50 or more random characters "
                     "(python -c 'import secrets; print(secrets.token_urlsafe(50))').")
    if env.get("CACHE_URL", "").startswith("locmem") and workers(env) > 1:
        found.append(f"CACHE_URL is a local-memory cache, which each of the {workers(env)} worker processes would keep "
                     "on its own (a page changed in one stays stale in the others): use Redis, or GUNICORN_WORKERS=1.")
    if env.get("TASKS_BACKEND", "immediate") not in ("immediate", "database"):
        found.append("TASKS_BACKEND must be immediate or database.")
    return found


def run(command, env, what):
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.stdout.strip():
        print(done.stdout.rstrip(), flush=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        sys.exit(f"make serve: {what} failed (above); not starting.")
    elif done.stderr.strip():
        sys.stderr.write(done.stderr)


def main():
    env = {**environment(), "DEBUG": "False", "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    # gunicorn's access log (client, request, status, bytes, time, request id) replaces Django's own line.
    env.setdefault("GUNICORN_ACCESS_LOG", "-")
    env.setdefault("LOG_REQUESTS", "False")
    env.setdefault("GUNICORN_WORKERS", str(workers(env)))
    found = problems(env)
    if found:
        sys.exit("make serve: not starting; production needs these settings (README, Configuration):\n  - "
                 + "\n  - ".join(found) + "\nSet them in the environment or in .env. `make run` serves the laptop demo without them.")
    manage = [PYTHON, "manage.py"]
    migrations = subprocess.run([*manage, "migrate", "--check"], cwd=ROOT, env=env, capture_output=True, text=True)
    if migrations.returncode:
        sys.stderr.write(migrations.stderr[-2000:])
        sys.exit("make serve: the database lacks migrations (or does not answer); run `make migrate` with the same settings first.")
    run([*manage, "check", "--deploy", "--fail-level", "ERROR"], env, "manage.py check --deploy")
    run([*manage, "collectstatic", "--noinput", "-v0"], env, "collectstatic")

    children = []
    if env.get("TASKS_BACKEND") == "database" and env.get("SERVE_TASK_WORKER", "True").lower() not in ("0", "false", "no", "off"):
        children.append(subprocess.Popen([*manage, "db_worker", "--no-reload", "--queue-name", "*"], cwd=ROOT, env=env))
    children.append(subprocess.Popen([GUNICORN, "-c", "deploy/gunicorn.conf.py", "newsroom.wsgi"], cwd=ROOT, env=env))

    def stop(signum=signal.SIGTERM, frame=None):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Whichever stops first (a signal, a crash) stops the other: half a site is not left running.
    status = os.wait()[1]
    stop()
    for child in children:
        try:
            child.wait(timeout=40)
        except subprocess.TimeoutExpired:
            child.kill()
    sys.exit(os.waitstatus_to_exitcode(status) if status else 0)


if __name__ == "__main__":
    main()
