"""
The WordPress suite runs against a real WordPress from Debian's packages (PHP-FPM behind nginx, its
own MariaDB database) on loopback, started by .ci/wordpress (`make test-wordpress`). The site is
filled with WordPress's theme unit test export through WordPress's own PHP functions, and its WXR
export is made by WordPress's own export_wp(): the WXR import of that file is what the REST
import is checked against.
"""

import subprocess
from pathlib import Path

import pytest

from tests.shared_data import shared_file

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / ".ci" / "wordpress"
THEME_UNIT_TEST = shared_file("testdata", "wordpress-theme-unit-test.xml")


def wordpress(*args):
    return subprocess.run([str(SCRIPT), *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The running site: its address, an application password for "admin", and its WXR export."""
    wordpress("start")
    try:
        wordpress("php", ".ci/wordpress-php/load-wxr.php", str(THEME_UNIT_TEST))
        password = wordpress("php", ".ci/wordpress-php/app-password.php", "admin").strip()
        export = tmp_path_factory.mktemp("wordpress") / "export.xml"
        export.write_text(wordpress("php", ".ci/wordpress-php/export.php"), encoding="utf-8")
        url = wordpress("env").strip().partition("=")[2]
        yield {"url": url, "user": "admin", "password": password, "export": export}
    finally:
        wordpress("stop")
