"""The desk's translations: making the draft of a story in another language from its original."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from . import workflow
from .models import Article, Byline

TRANSLATOR_ROLE = "Translated by"
# Byline roles the desk commonly types, so that readers of another language read them in theirs
# (the byline tag, articles/templatetags/article_tags.py, translates a role with the "byline role" context).
COMMON_ROLES = [
    pgettext_lazy("byline role", "Translated by"),
    pgettext_lazy("byline role", "Photos by"),
    pgettext_lazy("byline role", "Additional reporting by"),
    pgettext_lazy("byline role", "Edited by"),
]


def version_in(article, language):
    """The story's version in `language` (the article itself, its original or a translation), or None."""
    group = article.translation_group
    return Article.objects.filter(Q(pk=group) | Q(original_id=group), language=language).first()


@transaction.atomic
def create_translation(article, language, user):
    """
    A draft in `language` linked to the story's original: the original's headline, standfirst and
    body to translate over, its section, photo, tags and bylines, and the translator credited
    (“Translated by”) when they have an author profile. The story's version in `language`, when
    there is one already, is returned instead of a second.
    """
    existing = version_in(article, language)
    if existing is not None:
        return existing, False
    original = article.original or article
    translation = Article(
        title=original.title,
        standfirst=original.standfirst,
        body=original.body,
        section=original.section,
        photo=original.photo,
        sponsor=original.sponsor,
        allow_comments=original.allow_comments,
        language=language,
        original=original,
        status=Article.Status.DRAFT,
    )
    translation.slug = Article(title=f"{original.slug} {language}", section=original.section).unique_slug()
    translation.save()
    bylines = list(original.bylines.order_by("position", "pk"))
    Byline.objects.bulk_create(
        Byline(article=translation, author_id=b.author_id, position=b.position, role=b.role) for b in bylines
    )
    translator = workflow.author_of(user)
    if translator is not None and translator.pk not in {b.author_id for b in bylines}:
        Byline.objects.create(article=translation, author=translator, position=len(bylines), role=TRANSLATOR_ROLE)
    translation.tags.set(list(original.tags.all()))
    Article.objects.filter(pk=translation.pk).update_search_vectors()
    return translation, True
