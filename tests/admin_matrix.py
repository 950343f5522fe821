"""
The machinery of the permission matrix (tests/test_permission_matrix.py): every URL under /admin/
from the URL resolver, made concrete with an object of the right model, requested as each role.
"""

import itertools
import re

import reversion
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, ArticleRedirect, Byline, Photo, Section, SectionRedirect
from authors.models import Author
from comments.models import Ban, Comment, ModerationRules
from sponsors.models import Sponsor
from tests.conftest import verify_second_factor

ROLES = ["anonymous", "writer", "other", "editor", "moderator", "superuser"]
MISSING_PK = 999_999
# Query strings some views need to do their real work rather than refuse a malformed request.
QUERIES = {
    "admin:autocomplete": "app_label=articles&model_name=article&field_name=check_also&term=",
    "admin:articles_tag_suggest": "q=har",
    "admin:articles_embed_check": "url=https://youtu.be/dQw4w9WgXcQ",
}
_n = itertools.count(1)


def admin_routes():
    """(name or None, route, URLPattern) of every URL pattern under /admin/, in the resolver's order."""

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield name, prefix + str(pattern.pattern), pattern

    return [(name, route, pattern) for name, route, pattern in walk(get_resolver().url_patterns) if route.startswith("admin/")]


def model_of(name):
    """The model whose ModelAdmin a URL name belongs to (admin:<app>_<model>_<view>), or None."""
    if not name or not name.startswith("admin:"):
        return None
    bare = name.split(":", 1)[1]
    for model in admin.site._registry:
        if bare.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


class World:
    """One object of every model the admin manages, made as the newsroom would have them."""

    def __init__(self):
        self.users = {}
        for role, group in [("writer", "Writer"), ("other", "Writer"), ("editor", "Editor"), ("moderator", "Moderator")]:
            user = User.objects.create_user(f"{role}{next(_n)}", f"{role}@newsroom.example", password=None, is_staff=True)
            user.groups.add(Group.objects.get(name=group))
            self.users[role] = user
        self.users["superuser"] = User.objects.create_superuser(f"boss{next(_n)}", "boss@newsroom.example", password=None)
        writer_author = Author.objects.create(name="Wendy Writer", slug=f"wendy-{next(_n)}", user=self.users["writer"])
        Author.objects.create(name="Otto Other", slug=f"otto-{next(_n)}", user=self.users["other"])
        section = Section.objects.create(name="News", slug="news")
        photo = Photo.objects.create(
            image=_jpeg(), caption="Harbour", credit="Staff", alt_text="Boats in the harbour"
        )
        with reversion.create_revision():
            draft = Article.objects.create(title="Wendy's draft", slug="wendys-draft", section=section, photo=photo)
            Byline.objects.create(article=draft, author=writer_author)
        published = Article.objects.create(
            title="Live story", slug="live-story", section=section, status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        published.tags.add("harbour")
        with reversion.create_revision():
            gone = Article.objects.create(title="Deleted story", slug="deleted", section=section)
            reversion.add_to_revision(section)
            reversion.add_to_revision(photo)
        gone.delete()
        comment = Comment.objects.create(article=published, author_name="Reader", author_email="r@example.com", body="Hi")
        self.objects = {
            Section: section, Photo: photo, Article: draft, Tag: Tag.objects.get(name="harbour"),
            ArticleRedirect: ArticleRedirect.objects.create(old_path="news/old", article=published),
            SectionRedirect: SectionRedirect.objects.create(old_path="old-news", section=section),
            Author: writer_author, Sponsor: Sponsor.objects.create(name="HEARTS", url="https://hearts.example/"),
            Comment: comment, ModerationRules: ModerationRules.load(),
            Ban: Ban.objects.create(email="spam@example.com", reason="spam"),
            Redirect: Redirect.objects.create(site_id=1, old_path="/old/", new_path="/new/"),
            FlatPage: FlatPage.objects.create(url="/about/", title="About", content="<p>About us</p>"),
            Site: Site.objects.get_current(), User: self.users["other"], Group: Group.objects.get(name="Writer"),
            Permission: Permission.objects.first(),
        }
        self.published = published
        self.deleted_versions = {model: Version.objects.get_deleted(model).first() for model in (Article, Section, Photo)}
        self._optional_objects()

    def _optional_objects(self):
        """Objects of the staff-account models (devices, lockouts, audit rows, imports, tasks)."""
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from staff.models import AuditEvent
        from wpimport.models import WordPressItem

        boss = self.users["superuser"]
        now = timezone.now()
        self.objects.update({
            TOTPDevice: TOTPDevice.objects.create(user=boss, name="Boss's phone"),
            StaticDevice: StaticDevice.objects.create(user=boss, name="Recovery codes"),
            AuditEvent: AuditEvent.objects.create(kind=AuditEvent.Kind.LOGIN_FAILED, username="someone"),
            AccessAttempt: AccessAttempt.objects.create(username="someone", ip_address="203.0.113.9", user_agent="x",
                                                        failures_since_start=1, attempt_time=now),
            AccessLog: AccessLog.objects.create(username="someone", ip_address="203.0.113.9", user_agent="x", attempt_time=now),
            AccessFailureLog: AccessFailureLog.objects.create(username="someone", ip_address="203.0.113.9", user_agent="x",
                                                              attempt_time=now),
            WordPressItem: WordPressItem.objects.create(
                site="https://old.example", kind=WordPressItem.Kind.POST, wp_id="1", object_id=self.published.pk,
            ),
        })

    def clients(self):
        clients = {"anonymous": Client()}
        for role, user in self.users.items():
            client = Client()
            client.force_login(user)
            verify_second_factor(client, user)
            clients[role] = client
        return clients

    # Turning a route into a URL.

    def url(self, name, route, pattern):
        model = model_of(name)
        obj = self.objects.get(model) if model else None
        kwargs, args = {}, []
        regex = pattern.pattern.regex
        for param in regex.groupindex:
            kwargs[param] = self.value(param, name, model, obj)
        positional = regex.groups - len(regex.groupindex)
        if positional:
            args = self.positional(name, model, obj, positional)
        if name is None:
            # An unnamed pattern (Django's <id>/ → <id>/change/ redirect, the catch-all): fill its route by hand.
            path = "/" + route
            for param in regex.groupindex:
                path = re.sub(rf"<(\w+:)?{param}>|\(\?P<{param}>[^)]*\)", str(kwargs[param]), path)
            return path.replace("^", "").replace("$", "")
        url = reverse(name, args=args or None, kwargs=kwargs or None)
        if name == "admin:articles_article_compare":
            version = Version.objects.get_for_object(obj).first()
            return f"{url}?from={version.pk}&to={version.pk}"
        return f"{url}?{QUERIES[name]}" if name in QUERIES else url

    def value(self, param, name, model, obj):
        if param in ("object_id", "pk", "id"):
            if name == "admin:view_on_site":
                return self.published.pk
            return obj.pk if obj is not None else MISSING_PK
        if param == "content_type_id":
            return ContentType.objects.get_for_model(Article).pk
        if param == "action":
            return "approve"
        if param == "app_label":
            return "articles"
        if param == "uidb64":
            return urlsafe_base64_encode(force_bytes(self.users["writer"].pk))
        if param == "token":
            return default_token_generator.make_token(self.users["writer"])
        if param == "url":
            return "no/such/page/"
        if param == "language":
            # A language of the site other than the article's (articles/translations.py).
            return next(code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
        raise AssertionError(f"The matrix does not know how to fill <{param}> in {name}: add it to World.value().")

    def positional(self, name, model, obj, count):
        # django-reversion's regex URLs: recover/<version>/ and <object>/history/<version>/.
        if name.endswith("_recover"):
            version = self.deleted_versions.get(model)
            return [version.pk if version else MISSING_PK]
        if name.endswith("_revision"):
            version = Version.objects.get_for_object(obj).first() if obj is not None else None
            return [obj.pk if obj else MISSING_PK, version.pk if version else MISSING_PK]
        raise AssertionError(f"The matrix does not know the positional arguments of {name}.")


def outcome(response):
    """A response as the matrix names it."""
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return "login"
        if location == reverse("admin:index"):
            return "gone"  # Django's "does not exist, perhaps it was deleted?" redirect to the index
        return "moved"
    return {200: "ok", 204: "ok", 400: "bad", 403: "deny", 404: "404", 405: "405", 429: "429"}.get(status, str(status))


def request(client, method, url):
    """One request, its effects rolled back (database and cookies), so every row sees the same world."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def _jpeg():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import image_bytes

    return SimpleUploadedFile("harbour.jpg", image_bytes(size=(120, 80)))
