from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from newsroom.i18n import remembered_url
from newsroom.images import CheckedImageField


class AuthorQuerySet(models.QuerySet):
    def with_published_articles(self):
        """Authors with at least one public article: the ones with a page worth showing."""
        from articles.models import Article

        return self.filter(pk__in=Article.objects.published().values("authors"))


class Author(models.Model):
    """A person who writes for the site: staff with a login, or a guest contributor without one."""

    name = models.CharField(max_length=200, help_text="As it appears in bylines: “Kevin Zhang”.")
    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, help_text="The author page's address: “kevin-zhang” gives /author/kevin-zhang/."
    )
    title = models.CharField(
        "job title", max_length=200, blank=True, help_text="Shown under the name, e.g. “Staff writer”."
    )
    bio = models.TextField(blank=True, help_text="A short paragraph for the “About” box under each article.")
    photo = CheckedImageField(
        upload_to="authors/%Y/",
        blank=True,
        help_text="A square head shot works best; shown in the “About” box.",
    )
    email = models.EmailField(blank=True, help_text="For the newsroom only; never shown on the site.")
    website = models.URLField(blank=True, help_text="Linked from the author page.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The login this author works with in the admin. Leave empty for guest contributors.",
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("invite_writer", "Can create a writer's login and author profile, and invite them by e-mail"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def unique_slug(cls, name):
        """A free slug for a new profile under `name` (“kevin-zhang”, then “kevin-zhang-2”; 张凯文 stays 张凯文)."""
        base = slugify(name, allow_unicode=True)[:180] or "author"
        taken = set(cls.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    @classmethod
    def for_staff_member(cls, user, name):
        """
        The author profile `user` works under, made under `name` and linked to the login when they
        have none yet (a moderator's first reply): the newsroom answers readers as a named person.
        """
        existing = cls.objects.filter(user=user).first()
        if existing is not None:
            return existing
        return cls.objects.create(name=name, slug=cls.unique_slug(name), email=user.email, user=user)

    def get_absolute_url(self):
        return remembered_url(
            self, (self.slug, translation.get_language()), lambda: reverse("authors:detail", kwargs={"slug": self.slug})
        )

    @property
    def is_guest(self):
        return self.user_id is None
