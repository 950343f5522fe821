"""
Benchmark of the comment moderation queue and the article page's comment list with 1,000,000
comments on PostgreSQL: the admin queue (unfiltered, pending, approved, a deep page), the pending
badge, and an article with 5,000 comments (first and last page of threads), timed with their
query counts.

    make bench-comments
    .venv/bin/python bench/comments.py [--comments N] [--repeat N] [--keep]

The database named by BENCH_DATABASE_URL (default newsroom_bench_comments on the local server) is
dropped and created again unless --keep finds it already filled: its name must contain "bench".
"""

import argparse
import os
import sys
import time

from benchdb import recreate_database, setup_django, timed

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench_comments"
ARTICLES = 2_000
HOT_COMMENTS = 5_000






def fill(total):
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, Section

    call_command("migrate", verbosity=0)
    news = Section.objects.create(name="News", slug="news")
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Bench article {n}", slug=f"bench-{n}", section=news, status="published",
            published_at=now - timezone.timedelta(hours=n), body=f"<p>Article {n}.</p>",
        )
        for n in range(ARTICLES)
    )
    first, last = Article.objects.order_by("pk").values_list("pk", flat=True)[:: ARTICLES - 1]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # One hot article with a long thread, the rest spread over all articles; 90% approved,
        # 3% pending, 5% spam, 2% trash; 50,000 distinct commenters.
        cursor.execute(
            """
            INSERT INTO comments_comment (
                article_id, parent_id, author_name, author_email, author_url, author_profile_id, body, status,
                previous_status, moderation_reason, created_at, moderated_at, ip_address, user_agent,
                notify_replies, reply_notice_sent, fingerprint)
            SELECT
                CASE WHEN i <= %(hot)s THEN %(first)s ELSE %(first)s + (i %% (%(last)s - %(first)s + 1)) END,
                NULL,
                'Reader ' || (i %% 50000),
                'reader' || (i %% 50000) || '@example.com',
                '', NULL,
                'Comment number ' || i || '. ' || repeat('Words a reader might write about the story. ', 4),
                CASE WHEN i %% 100 < 90 THEN 'approved' WHEN i %% 100 < 93 THEN 'pending'
                     WHEN i %% 100 < 98 THEN 'spam' ELSE 'trash' END,
                '', CASE WHEN i %% 100 BETWEEN 90 AND 92 THEN 'first-time commenter' ELSE '' END,
                now() - (i || ' seconds')::interval, NULL,
                ('10.' || (i %% 250) || '.' || (i / 250 %% 250) || '.1')::inet, 'BenchBrowser/1.0',
                false, false, md5(i::text)
            FROM generate_series(1, %(total)s) AS i
            """,
            {"hot": HOT_COMMENTS, "first": first, "last": last, "total": total},
        )
        # Replies in the hot article: every fourth comment answers the one before it.
        cursor.execute(
            """
            UPDATE comments_comment c SET parent_id = p.id
            FROM comments_comment p
            WHERE c.article_id = %s AND p.article_id = c.article_id AND p.id = c.id - 1 AND c.id %% 4 = 0
            """,
            [first],
        )
        cursor.execute("ANALYZE")
    print(f"Generated {total:,} comments in {time.perf_counter() - started:.1f} s")




def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="Reuse the database when it is already filled.")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The comment benchmark runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://...")

    if not args.keep:
        recreate_database(url)
    setup_django(url)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from articles.models import Article
    from comments.models import Comment, ModerationRules

    if not args.keep or not Comment.objects.exists():
        fill(args.comments)
    total = Comment.objects.order_by().count()
    user = get_user_model().objects.filter(username="bench").first() or get_user_model().objects.create_superuser(
        "bench", "bench@example.com", "bench"
    )
    client = Client()
    client.force_login(user)
    hot = Article.objects.order_by("pk").first()
    rules = ModerationRules.load()
    pages = -(-Comment.objects.public_for(hot).filter(parent=None).count() // rules.per_page)
    queue = "/admin/comments/comment/"
    cases = [
        ("Queue, unfiltered (pending first)", queue),
        ("Queue, pending", f"{queue}?status__exact=pending"),
        ("Queue, approved", f"{queue}?status__exact=approved"),
        ("Queue, approved, page 200", f"{queue}?status__exact=approved&p=200"),
        ("Queue, search by e-mail", f"{queue}?q=reader123@example.com"),
        ("Pending badge count", f"{queue}pending-count/"),
        (f"Article page, {HOT_COMMENTS:,} comments, page 1", hot.get_absolute_url()),
        (f"Article page, {HOT_COMMENTS:,} comments, last page ({pages})", f"{hot.get_absolute_url()}?cpage={pages}"),
        ("Article page, ~500 comments", Article.objects.order_by("pk")[1].get_absolute_url()),
    ]
    print(f"\n{total:,} comments, {ARTICLES:,} articles; median and worst of {args.repeat} requests after one warm-up\n")
    print(f"{'page':<52} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for label, path in cases:
        client.get(path)
        median, worst, queries = timed(client, path, args.repeat)
        print(f"{label:<52} {median:>10.1f} {worst:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
