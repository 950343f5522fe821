"""
Every page type through the Nu HTML Checker, when it is installed (../shared/realclients/setup.sh,
or VNU_JAR=/path/to/vnu.jar): one JVM for all pages, a few seconds. Skipped where it is not.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Correction

pytestmark = pytest.mark.django_db

CANDIDATES = [
    os.environ.get("VNU_JAR", ""),
    os.path.join(os.environ.get("REALCLIENTS_CACHE", "/tmp/realclients-cache"), "node/node_modules/vnu-jar/build/dist/vnu.jar"),
    str(Path(__file__).resolve().parents[3] / "shared/realclients/.env-cache/node/node_modules/vnu-jar/build/dist/vnu.jar"),
]
VNU = next((path for path in CANDIDATES if path and os.path.exists(path)), None)


@pytest.mark.skipif(not VNU or not shutil.which("java"), reason="the Nu HTML Checker is not installed")
def test_every_page_type_is_valid_html(client, tmp_path, make_tagged_photo_article, make_author, make_sponsor, make_section, news):
    world = make_section("World", "world", parent=news, description="Beyond our borders.")
    author = make_author("Kevin Zhang", slug="kevin-zhang", bio="Reports on diplomacy.", website="https://kz.example/")
    article = make_tagged_photo_article(
        title="Diplomats <meet> & talk", standfirst="Talks resume.", section=world, authors=[author],
        tags=["diplomacy"], sponsor=make_sponsor("美华文学"), is_featured=True,
        body="<p>Body with <strong>words</strong>.</p><blockquote><p>A quote.</p></blockquote>",
    )
    make_tagged_photo_article(title="Second story", front_position=1)
    Correction.objects.create(article=article, text="A name was misspelled.")
    now = timezone.localtime()
    pages = {
        "front": "/", "section": "/news/", "subsection": "/news/world/", "article": article.get_absolute_url(),
        "author": "/author/kevin-zhang/", "tag": "/tag/diplomacy/", "search": "/search/?q=diplomats",
        "search-empty": "/search/", "search-none": "/search/?q=zzzz", "month": f"/{now:%Y/%m}/",
        "sponsors": "/sponsors/", "not-found": "/no/such/page/",
    }
    out = tmp_path / "pages"
    out.mkdir()
    for name, url in pages.items():
        (out / f"{name}.html").write_bytes(client.get(url).content)

    result = subprocess.run(
        ["java", "-Xss16m", "-jar", VNU, "--format", "json", "--stdout", "--exit-zero-always", str(out)],
        capture_output=True, text=True, timeout=120, check=True,
    )
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stdout)["messages"]
        if m["type"] == "error"
    ]

    assert errors == []
