"""
The production stack on loopback, started from the files in deploy/ as they are written: the app servers
and the task worker from the ExecStart lines of the systemd units, gunicorn with deploy/gunicorn.conf.py,
nginx with deploy/nginx/ (only addresses, ports, paths and the certificate are put in for this machine).
"""

import configparser
import os
import shlex
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PYTHON = ROOT / ".venv" / "bin" / "python"


def free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def wait_for(url, timeout=60, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def unit(name):
    """A systemd unit file's [Service] section: ExecStart, Environment, WorkingDirectory, ..."""
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser["Service"]


def unit_command(name, instance="", env=None):
    """The unit's ExecStart as an argument list for this checkout (its /srv/newsroom is this folder), and its Environment=."""
    service = unit(name)
    workdir = service["WorkingDirectory"]
    command = [part.replace("%i", instance) for part in shlex.split(service["ExecStart"])]
    command = [str(ROOT) + part[len(workdir):] if part.startswith(workdir) else part for part in command]
    environment = {}
    for assignment in shlex.split(service.get("Environment", "")):
        key, _, value = assignment.partition("=")
        environment[key] = value.replace("%i", instance)
    return command, environment


class Process:
    """A server started in its own process group (so that it and its workers can be killed together), logging to a file."""

    def __init__(self, name, command, env, log_dir):
        self.name, self.command, self.env = name, command, env
        self.log = log_dir / f"{name}.log"
        self.popen = None

    def start(self):
        handle = open(self.log, "ab")
        self.popen = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        return self

    def kill(self):
        """SIGKILL to the whole process group: the machine the server ran on is gone."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(10)

    def terminate(self, timeout=60):
        """SIGTERM to the main process, as systemd's stop does (KillMode=mixed); returns its exit status."""
        self.popen.send_signal(signal.SIGTERM)
        return self.popen.wait(timeout)

    def stop(self):
        if self.popen is not None and self.popen.poll() is None:
            try:
                self.terminate(30)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.popen is not None:
            try:
                os.killpg(self.popen.pid, signal.SIGKILL)  # anything left of the group
            except ProcessLookupError:
                pass

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def render(template, replacements):
    """A deploy/ file with this machine's values put in; each replaced text must be there, so drift fails loudly."""
    text = template.read_text()
    for old, new in replacements:
        if old not in text:
            raise AssertionError(f"{template.relative_to(ROOT)} no longer contains {old!r}: update tests/stack/services.py")
        text = text.replace(old, new)
    return text


def self_signed_certificate(directory, host):
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key
