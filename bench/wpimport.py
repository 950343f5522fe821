"""
Benchmark of `manage.py import_wordpress`: a generated export of 10,000 posts and 100,000 comments
imported into a fresh PostgreSQL database, timed, with the importer's peak memory (its maximum
resident set size). Then the same file again, which must change nothing.

    make bench-wpimport
    .venv/bin/python bench/wpimport.py [--posts N] [--comments-per-post N] [--keep]

The database named by BENCH_DATABASE_URL (default newsroom_bench_wpimport on the local server) is
dropped and created again: its name must contain "bench".
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench_wpimport"
TARGET_SECONDS = 120
TARGET_MB = 300

WORDS = (
    "council budget harbour election school river housing transport museum festival court police "
    "hospital union market weather bridge library water energy climate farm port rail park tax "
    "minister mayor report vote plan week city county village street night morning residents"
).split()


def sentence(rng, n=14):
    words = rng.choices(WORDS, k=n)
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def generate(path, posts, comments_per_post, seed=6):
    """Write a WXR 1.2 export the way WordPress does: authors, categories, tags, then items."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 8, 0, 0)
    with open(path, "w", encoding="utf-8") as out:
        w = out.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
          'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
          'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
          'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench Gazette</title>\n'
          "<link>https://gazette.example</link>\n<language>en-US</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
          "<wp:base_site_url>https://gazette.example</wp:base_site_url>\n"
          "<wp:base_blog_url>https://gazette.example</wp:base_blog_url>\n")
        for a in range(1, 21):
            w(f"<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login>{cdata(f'reporter{a}')}</wp:author_login>"
              f"<wp:author_email>{cdata(f'reporter{a}@gazette.example')}</wp:author_email>"
              f"<wp:author_display_name>{cdata(f'Reporter Number {a}')}</wp:author_display_name></wp:author>\n")
        categories = []
        for c in range(1, 51):
            parent = f"desk-{(c - 1) // 5}" if c > 10 else ""
            categories.append(f"desk-{c}")
            w(f"<wp:category><wp:term_id>{c}</wp:term_id><wp:category_nicename>desk-{c}</wp:category_nicename>"
              f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name>{cdata(f'Desk {c}')}</wp:cat_name></wp:category>\n")
        for t in range(1, 201):
            w(f"<wp:tag><wp:term_id>{1000 + t}</wp:term_id><wp:tag_slug>topic-{t}</wp:tag_slug>"
              f"<wp:tag_name>{cdata(f'Topic {t}')}</wp:tag_name></wp:tag>\n")
        comment_id = 0
        for p in range(1, posts + 1):
            when = start + timedelta(minutes=53 * p)
            slug = f"story-{p}-{rng.choice(WORDS)}"
            paragraphs = "\n\n".join(
                sentence(rng) + " " + sentence(rng) + "\n" + sentence(rng) for _ in range(rng.randint(4, 9))
            )
            if p % 7 == 0:
                paragraphs += ('\n\n[caption id="attachment_1" align="alignnone" width="640"]<img src="https://gazette.example/'
                               'wp-content/uploads/2015/01/photo.jpg" alt="A street" width="640" height="427" /> '
                               "The street at dawn.[/caption]")
            category = rng.choice(categories)
            tags = rng.sample(range(1, 201), 3)
            w("<item>\n"
              f"<title>{escape(sentence(rng, 8)[:-1])}</title>\n"
              f"<link>https://gazette.example/{when:%Y/%m/%d}/{slug}/</link>\n"
              f"<dc:creator>{cdata(f'reporter{rng.randint(1, 20)}')}</dc:creator>\n"
              f"<content:encoded>{cdata(paragraphs)}</content:encoded>\n"
              f"<excerpt:encoded>{cdata(sentence(rng) if p % 3 == 0 else '')}</excerpt:encoded>\n"
              f"<wp:post_id>{p}</wp:post_id><wp:post_date>{when:%Y-%m-%d %H:%M:%S}</wp:post_date>"
              f"<wp:post_date_gmt>{when + timedelta(hours=5):%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>\n"
              f"<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>"
              f"<wp:status>{'draft' if p % 50 == 0 else 'publish'}</wp:status><wp:post_parent>0</wp:post_parent>"
              f"<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
              f"<wp:is_sticky>{1 if p % 2500 == 0 else 0}</wp:is_sticky>\n"
              f'<category domain="category" nicename="{category}">{cdata(category)}</category>\n')
            for t in tags:
                w(f'<category domain="post_tag" nicename="topic-{t}">{cdata(f"Topic {t}")}</category>\n')
            first_in_post = comment_id + 1
            for _ in range(comments_per_post):
                comment_id += 1
                parent = rng.randint(first_in_post, comment_id - 1) if comment_id > first_in_post and rng.random() < 0.3 else 0
                said = when + timedelta(minutes=rng.randint(5, 5000))
                w(f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                  f"<wp:comment_author>{cdata(f'Reader {rng.randint(1, 5000)}')}</wp:comment_author>"
                  f"<wp:comment_author_email>{cdata(f'reader{comment_id}@mail.example')}</wp:comment_author_email>"
                  f"<wp:comment_author_url></wp:comment_author_url>"
                  f"<wp:comment_author_IP>{cdata(f'198.51.100.{comment_id % 250 + 1}')}</wp:comment_author_IP>"
                  f"<wp:comment_date>{said:%Y-%m-%d %H:%M:%S}</wp:comment_date>"
                  f"<wp:comment_date_gmt>{said + timedelta(hours=5):%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>"
                  f"<wp:comment_content>{cdata(sentence(rng) + chr(10) + chr(10) + sentence(rng))}</wp:comment_content>"
                  f"<wp:comment_approved>{rng.choice(['1', '1', '1', '1', '0', 'spam'])}</wp:comment_approved>"
                  f"<wp:comment_type></wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
                  "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n")
            w("</item>\n")
        w("</channel>\n</rss>\n")


def recreate_database(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: a benchmark database's name must contain “bench”.")
    admin = psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def run(command, env):
    """Run a manage.py command; (seconds, peak resident memory in MB, output)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments-per-post", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="Keep the generated export (its path is printed).")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "False", "SECRET_KEY": "bench-only", "LOG_LEVEL": "WARNING"}

    export = Path(tempfile.mkstemp(prefix="wpimport-bench-", suffix=".xml")[1])
    began = time.perf_counter()
    generate(export, args.posts, args.comments_per_post)
    size_mb = export.stat().st_size / 1024 / 1024
    print(f"Export: {args.posts:,} posts, {args.posts * args.comments_per_post:,} comments, {size_mb:.0f} MB "
          f"(generated in {time.perf_counter() - began:.1f} s)")
    recreate_database(url)
    run(["migrate", "--noinput", "-v0"], env)
    print(f"Database: {urlsplit(url).path.lstrip('/')} on PostgreSQL, migrated")

    first = run(["import_wordpress", str(export)], env)
    second = run(["import_wordpress", str(export)], env)
    print(first[2])
    print(f"{'run':<28}{'seconds':>10}{'peak MB':>10}")
    print(f"{'first import':<28}{first[0]:>10.1f}{first[1]:>10.0f}")
    print(f"{'second run (no changes)':<28}{second[0]:>10.1f}{second[1]:>10.0f}")
    if not args.keep:
        export.unlink()
    else:
        print(f"Export kept at {export}")
    ok = first[0] < TARGET_SECONDS and max(first[1], second[1]) < TARGET_MB
    print(f"Target: under {TARGET_SECONDS} s and {TARGET_MB} MB: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
