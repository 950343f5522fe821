"""
The content `make bench-http` measures (and the profile in bench/README.md was taken on): the demo
site, 1,000 more published articles across its sections, and the demo's lead story made the
issue's heavy article page: 611 words, 10 tags and 20 approved comments (a few of them replies).

    .venv/bin/python bench/httpdata.py postgres://postgres@127.0.0.1:5432/nr9b_bench_http

Run in a process of its own (it sets Django up on the database it fills).
"""

import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdb import recreate_database, setup_django  # noqa: E402

ARTICLES = 1_000
HEAVY_SLUG = "russian-american-diplomats-meet-in-geneva"
HEAVY_PATH = f"/news/world/{HEAVY_SLUG}/"
WORDS = (
    "talks council budget transit city residents officials meeting week plan school union market housing "
    "delegation minister agreement vote election water county report health workers families community"
).split()


def fill(url):
    recreate_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article, Byline, Section
    from comments.models import Comment

    call_command("migrate", verbosity=0)
    call_command("loaddemo", verbosity=0)
    rng = random.Random(9)
    sections = list(Section.objects.all())
    authors = [byline.author for byline in Byline.objects.select_related("author")[:5]]
    now = timezone.now()
    articles = []
    for n in range(ARTICLES):
        published = now - timedelta(hours=2 + n * 3, minutes=rng.randint(0, 50))
        paragraphs = [" ".join(rng.choices(WORDS, k=60)).capitalize() + "." for _ in range(5)]
        articles.append(
            Article(
                title=" ".join(rng.choices(WORDS, k=7)).capitalize(), slug=f"bench-{n}",
                standfirst=" ".join(rng.choices(WORDS, k=20)).capitalize() + ".",
                body="".join(f"<p>{p}</p>" for p in paragraphs), section=sections[n % len(sections)],
                status="published", published_at=published, created_at=published,
            )
        )
    Article.objects.bulk_create(articles)
    Byline.objects.bulk_create(
        Byline(article=article, author=authors[i % len(authors)], position=0) for i, article in enumerate(articles)
    )
    heavy = Article.objects.get(slug=HEAVY_SLUG)
    words = len(" ".join(p for p in heavy.body.replace("<", " <").split() if not p.startswith("<")).split())
    if words < 611:
        extra = " ".join(rng.choices(WORDS, k=611 - words))
        heavy.body += f"<p>{extra.capitalize()}.</p>"
    heavy.save()
    heavy.tags.add(*["diplomacy", "russia", "ukraine", "security", "geneva", "nato", "arms-control", "europe", "united-states", "foreign-policy"])
    heavy.comments.all().delete()
    created = []
    for n in range(20):
        created.append(
            Comment.objects.create(
                article=heavy, parent=created[n - 3] if n % 5 == 4 else None,
                author_name=f"Reader {n}", author_email=f"reader{n}@example.com",
                author_url="https://reader.example" if n % 4 == 0 else "",
                body=f"Comment number {n}.\n\n" + " ".join(rng.choices(WORDS, k=40)),
                status=Comment.Status.APPROVED, created_at=now - timedelta(minutes=100 - n),
            )
        )
    Article.objects.update_search_vectors() if hasattr(Article.objects, "update_search_vectors") else None
    print(f"{Article.objects.published().count()} published articles; {HEAVY_PATH}: {heavy.tags.count()} tags, "
          f"{heavy.comments.filter(status='approved').count()} approved comments")


if __name__ == "__main__":
    fill(sys.argv[1])
