"""
Benchmark of `manage.py import_wordpress --from-site`: 10,000 posts and 100,000 comments in a real
WordPress (Debian's, on loopback, through .ci/wordpress), imported over its REST API into a fresh
PostgreSQL database, timed, with the importer's peak memory; then the same site again (nothing to
change); then, next to it, the WXR import of the same site's export (made by WordPress's export_wp())
into a second fresh database.

    make bench-wpimport-rest
    .venv/bin/python bench/wpimport_rest.py [--posts N] [--comments-per-post N]

The posts and comments are written into WordPress's tables with bulk SQL (through the mysql client):
WordPress's own wp_insert_post() takes about 20 ms a post, minutes for the lot. Authors, categories and
tags are made with WordPress's functions. The databases named by BENCH_DATABASE_URL (default
newsroom_bench_wpimport_rest on the local server) and that name + "_wxr" are dropped and created again.
WordPress's database is WP_DB (newsroom_wordpress_bench), its port WP_PORT (8610).
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wpimport import ROOT, WORDS, recreate_database, run, sentence  # noqa: E402  (bench/wpimport.py)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench_wpimport_rest"


def wordpress(*args, env):
    return subprocess.run([str(ROOT / ".ci" / "wordpress"), *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def sql(value):
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def rows(table, columns, values):
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ",".join(
        "(" + ",".join(sql(v) for v in row) + ")" for row in values) + ";\n"


POST_COLUMNS = ["ID", "post_author", "post_date", "post_date_gmt", "post_content", "post_title", "post_excerpt",
                "post_status", "comment_status", "ping_status", "post_password", "post_name", "to_ping", "pinged",
                "post_modified", "post_modified_gmt", "post_content_filtered", "post_parent", "guid", "menu_order",
                "post_type", "post_mime_type", "comment_count"]
COMMENT_COLUMNS = ["comment_ID", "comment_post_ID", "comment_author", "comment_author_email", "comment_author_url",
                   "comment_author_IP", "comment_date", "comment_date_gmt", "comment_content", "comment_karma",
                   "comment_approved", "comment_agent", "comment_type", "comment_parent", "user_id"]


def generate(path, terms, posts, comments_per_post, base_url, seed=6):
    """SQL for the posts, their terms and their comments, like bench/wpimport.py's export."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 8, 0, 0)
    first_id, comment_id = 1000, 1000
    fmt = "%Y-%m-%d %H:%M:%S"
    with open(path, "w", encoding="utf-8") as out:
        out.write("SET autocommit=0; SET unique_checks=0; SET foreign_key_checks=0;\n")
        batch_posts, batch_terms, batch_comments = [], [], []
        for n in range(posts):
            p = first_id + n
            when = start + timedelta(minutes=53 * n)
            slug = f"story-{n + 1}-{rng.choice(WORDS)}"
            paragraphs = "\n\n".join(
                sentence(rng) + " " + sentence(rng) + "\n" + sentence(rng) for _ in range(rng.randint(4, 9)))
            status = "draft" if n % 50 == 49 else "publish"
            comments = []
            first_in_post = comment_id + 1
            for _ in range(comments_per_post):
                comment_id += 1
                parent = rng.randint(first_in_post, comment_id - 1) if comment_id > first_in_post and rng.random() < 0.3 else 0
                said = when + timedelta(minutes=rng.randint(5, 5000))
                comments.append((comment_id, p, f"Reader {rng.randint(1, 5000)}", f"reader{comment_id}@mail.example", "",
                                 f"198.51.100.{comment_id % 250 + 1}", said.strftime(fmt), said.strftime(fmt),
                                 sentence(rng) + "\n\n" + sentence(rng), 0, rng.choice(["1", "1", "1", "1", "0", "spam"]),
                                 "", "comment", parent, 0))
            batch_posts.append((p, rng.choice(terms["users"]), when.strftime(fmt), when.strftime(fmt) if status == "publish" else "0000-00-00 00:00:00",
                                paragraphs, sentence(rng, 8)[:-1], sentence(rng) if n % 3 == 0 else "", status, "open",
                                "open", "", slug if status == "publish" else "", "", "", when.strftime(fmt), when.strftime(fmt), "", 0,
                                f"{base_url}/?p={p}", 0, "post", "", sum(1 for c in comments if c[10] == "1")))
            batch_terms.append((p, rng.choice(terms["categories"])))
            batch_terms += [(p, t) for t in rng.sample(terms["tags"], 3)]
            batch_comments += comments
            if len(batch_posts) == 200 or n == posts - 1:
                out.write(rows("wp_posts", POST_COLUMNS, batch_posts))
                out.write(rows("wp_term_relationships", ["object_id", "term_taxonomy_id"], batch_terms))
                for i in range(0, len(batch_comments), 1000):
                    out.write(rows("wp_comments", COMMENT_COLUMNS, batch_comments[i : i + 1000]))
                batch_posts, batch_terms, batch_comments = [], [], []
        out.write("UPDATE wp_term_taxonomy tt SET count = (SELECT COUNT(*) FROM wp_term_relationships r "
                  "WHERE r.term_taxonomy_id = tt.term_taxonomy_id);\nCOMMIT;\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments-per-post", type=int, default=10)
    parser.add_argument("--once", action="store_true", help="Leave out the second REST run (no changes).")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    wxr_url = url + "_wxr"
    wp_env = {**os.environ, "WP_DB": os.environ.get("WP_DB", "newsroom_wordpress_bench")}
    env = {**os.environ, "DEBUG": "False", "SECRET_KEY": "bench-only", "LOG_LEVEL": "WARNING"}

    began = time.perf_counter()
    wordpress("start", env=wp_env)
    try:
        site = wordpress("env", env=wp_env).strip().partition("=")[2]
        terms = json.loads(wordpress("php", ".ci/wordpress-php/bench-terms.php", env=wp_env).strip().splitlines()[-1])
        with tempfile.TemporaryDirectory(prefix="wpimport-rest-bench-") as tmp:
            script = Path(tmp) / "posts.sql"
            generate(script, terms, args.posts, args.comments_per_post, site)
            with open(script) as f:
                subprocess.run(["mysql", "-h", os.environ.get("WP_MYSQL_HOST", "127.0.0.1"), "-P",
                                os.environ.get("WP_MYSQL_PORT", "3306"), "-u", "root", wp_env["WP_DB"]],
                               stdin=f, check=True)
            password = wordpress("php", ".ci/wordpress-php/app-password.php", "admin", env=wp_env).strip()
            setup = time.perf_counter() - began
            print(f"WordPress at {site}: {args.posts:,} posts, {args.posts * args.comments_per_post:,} comments "
                  f"(set up in {time.perf_counter() - began:.0f} s)")

            recreate_database(url)
            run(["migrate", "--noinput", "-v0"], {**env, "DATABASE_URL": url})
            command = ["import_wordpress", "--from-site", site, "--user", "admin", "-v2"]
            rest_env = {**env, "DATABASE_URL": url, "WORDPRESS_APP_PASSWORD": password}
            first = run(command, rest_env)
            second = None if args.once else run(command, rest_env)

            export = Path(tmp) / "export.xml"
            started = time.perf_counter()
            export.write_text(wordpress("php", ".ci/wordpress-php/export.php", env=wp_env), encoding="utf-8")
            exported = time.perf_counter() - started
            export_mb = export.stat().st_size / 1024 / 1024
            recreate_database(wxr_url)
            run(["migrate", "--noinput", "-v0"], {**env, "DATABASE_URL": wxr_url})
            wxr = run(["import_wordpress", str(export)], {**env, "DATABASE_URL": wxr_url})
    finally:
        wordpress("stop", env=wp_env)
    print(first[2])
    print(f"WordPress set up in {setup:.0f} s")
    print(f"WXR export by WordPress's export_wp(): {export_mb:.0f} MB in {exported:.0f} s\n")
    print(f"{'run':<36}{'seconds':>10}{'peak MB':>10}")
    print(f"{'REST import, first':<36}{first[0]:>10.1f}{first[1]:>10.0f}")
    if second:
        print(f"{'REST import, again (no changes)':<36}{second[0]:>10.1f}{second[1]:>10.0f}")
    print(f"{'WXR import of the same site':<36}{wxr[0]:>10.1f}{wxr[1]:>10.0f}")
    same = [line for line in first[2].splitlines() if line.split()[:1] and line.split()[0] in ("articles", "comments")]
    print("REST " + " / ".join(same))
    print("WXR  " + " / ".join(line for line in wxr[2].splitlines() if line.split()[:1] and line.split()[0] in ("articles", "comments")))
    print(f"database: {urlsplit(url).path.lstrip('/')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
