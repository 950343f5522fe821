"""Fill an empty database with the demo site; running it again adds nothing twice."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from articles import demo_content as demo
from articles.models import Article, Byline, Photo, Section
from authors.models import Author
from comments.models import Comment
from sponsors.models import Sponsor


def _hex_to_rgb(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def make_picture(color, size=(1600, 1000), seed=0):
    """A placeholder photograph: a graded sky over layered hills, in the article's colour."""
    width, height = size
    base = _hex_to_rgb(color)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(c * (0.55 + 0.45 * (1 - t)) + 40 * t) for c in base))
    for layer in range(4):
        shade = tuple(max(0, int(c * (0.85 - 0.18 * layer))) for c in base)
        top = int(height * (0.45 + 0.12 * layer))
        step = width // 6
        points = [(0, height)]
        for i in range(7):
            points.append((i * step, top + ((i * 37 + seed * 53 + layer * 91) % 120) - 60))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    draw.ellipse([width * 0.72, height * 0.12, width * 0.72 + 120, height * 0.12 + 120], fill=(250, 240, 210))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def make_portrait(name, size=320):
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    hue = sum(map(ord, name)) % 360
    image = Image.new("RGB", (size, size), f"hsl({hue}, 45%, 40%)")
    draw = ImageDraw.Draw(image)
    draw.ellipse([size * 0.3, size * 0.18, size * 0.7, size * 0.58], fill=f"hsl({hue}, 30%, 80%)")
    draw.ellipse([size * 0.12, size * 0.62, size * 0.88, size * 1.3], fill=f"hsl({hue}, 30%, 80%)")
    draw.text((12, 10), initials, fill="white", font_size=48)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


class Command(BaseCommand):
    help = "Load the demo site (sections, authors, sponsors, articles with photos, comments). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has articles (what `make run` uses, so a real site is left alone).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if options["if_empty"] and Article.objects.exists():
            self.stdout.write("The site already has articles; demo content not loaded.")
            return
        now = timezone.now()
        created = {"sections": 0, "authors": 0, "sponsors": 0, "articles": 0, "comments": 0}

        sections = {}
        for data in demo.SECTIONS:
            parent = sections.get(data["parent"])
            section, was_created = Section.objects.get_or_create(
                parent=parent,
                slug=data["slug"],
                defaults={"name": data["name"], "position": data["position"], "names": data.get("names", {})},
            )
            sections[data["slug"]] = section
            created["sections"] += was_created

        authors = {}
        for data in demo.AUTHORS:
            author, was_created = Author.objects.get_or_create(
                slug=data["slug"],
                defaults={k: data[k] for k in ("name", "title", "bio", "email", "website")},
            )
            if was_created:
                author.photo.save(f"{author.slug}.jpg", ContentFile(make_portrait(author.name)))
            authors[data["slug"]] = author
            created["authors"] += was_created

        for position, data in enumerate(demo.SPONSORS):
            _, was_created = Sponsor.objects.get_or_create(
                name=data["name"],
                defaults={"url": data["url"], "description": data["description"], "position": position},
            )
            created["sponsors"] += was_created

        articles = {}
        for index, data in enumerate(demo.ARTICLES):
            section = sections[data["section"]]
            article = Article.objects.filter(section=section, slug=data["slug"]).first()
            if article is None:
                article = self.create_article(data, section, authors, now, index)
                created["articles"] += 1
                created["comments"] += len(data.get("comments", []))
            articles[data["slug"]] = article

        for data in demo.ARTICLES:
            pick = data.get("check_also")
            article = articles[data["slug"]]
            original = data.get("translation_of")
            if original and article.original_id is None:
                article.original = articles[original]
                article.save(update_fields=["original"])
            if pick and article.check_also_id is None:
                article.check_also = articles[pick]
                article.save(update_fields=["check_also"])

        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(f"Demo content loaded: created {summary}." if any(created.values()) else "Demo content already loaded.")

    def create_article(self, data, section, authors, now, index):
        published_at = now - timedelta(days=data["days_ago"], hours=index % 5, minutes=7 * index)
        photo_data = data["photo"]
        photo = Photo(caption=photo_data["caption"], credit=photo_data["credit"], alt_text=photo_data["alt_text"])
        photo.image.save(f"{data['slug'][:60]}.jpg", ContentFile(make_picture(photo_data["color"], seed=index)), save=False)
        photo.save()
        article = Article.objects.create(
            title=data["title"],
            slug=data["slug"],
            section=section,
            standfirst=data["standfirst"],
            body=data["body"],
            photo=photo,
            status=Article.Status.PUBLISHED,
            published_at=published_at,
            created_at=published_at,
            language=data.get("language", "en"),
        )
        roles = data.get("roles", {})
        for position, slug in enumerate(data["authors"]):
            Byline.objects.create(article=article, author=authors[slug], position=position, role=roles.get(slug, ""))
        article.tags.set(data["tags"])
        for minutes, comment in enumerate(data.get("comments", []), start=1):
            Comment.objects.create(
                article=article,
                author_name=comment["name"],
                author_email=comment["email"],
                author_url=comment["url"],
                body=comment["body"],
                status=Comment.Status.APPROVED,
                created_at=published_at + timedelta(hours=1, minutes=23 * minutes),
            )
        return article
