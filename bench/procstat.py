"""What the benchmarks read off the processes they measure: CPU time from /proc, children, query counts."""

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms(pids):
    """User + system CPU time of these processes so far (all their threads), in ms; a process gone counts 0."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total * 1000 / TICKS


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def descendants(pid):
    found = []
    for child in children(pid):
        found += [child, *descendants(child)]
    return found


def query_counts(env, pages, host="testserver", cwd=ROOT):
    """{name: queries} of each page path in `pages`, the third time it is asked for (Django's count, through the test client)."""
    code = (
        "from django.test import Client; from django.db import connection; "
        f"from django.test.utils import CaptureQueriesContext; import json; c = Client(HTTP_HOST={host!r}); out = {{}}\n"
        f"for name, path in {pages!r}.items():\n"
        "    c.get(path); c.get(path)\n"
        "    with CaptureQueriesContext(connection) as q: c.get(path)\n"
        "    out[name] = len(q.captured_queries)\n"
        "print(json.dumps(out))"
    )
    done = subprocess.run([str(PYTHON), "manage.py", "shell", "-c", code], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"Counting queries failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
