"""deploy/newsroom.env.example is a production configuration Django accepts without a warning."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def example_environment():
    env = {}
    for line in (ROOT / "deploy" / "newsroom.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    return env


def test_example_environment_passes_the_deploy_checks():
    env = example_environment()
    env["SECRET_KEY"] = "a-real-secret-key-is-long-and-random-" + "x7Kq2" * 8  # the example's placeholder is refused, rightly
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # HSTS for every subdomain and the browsers' preload list are each site's own decision.
    assert set(re.findall(r"\((\S+\.[EW]\d+)\)", done.stdout + done.stderr)) <= {"security.W005", "security.W021"}


def test_units_read_the_environment_file_the_example_is_for():
    example = (ROOT / "deploy" / "newsroom.env.example").read_text()
    assert example.startswith("# /etc/newsroom/newsroom.env:")
    for unit in ("newsroom-web@.service", "newsroom-worker.service"):
        assert "EnvironmentFile=/etc/newsroom/newsroom.env" in (ROOT / "deploy" / "systemd" / unit).read_text()
