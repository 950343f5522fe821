"""
The editorial desk's rules: who may see, edit and publish which article, and the jobs that span
models when an article moves through draft → review → published (desk notes, mail to the writers,
old addresses kept as redirects).
"""

from django.conf import settings
from django.core import signing
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.models import TaggedItem

from .models import Article, ArticleRedirect, Byline, DeskNote, SectionRedirect

PREVIEW_SALT = "articles.preview"
PREVIEW_MAX_AGE = timezone.timedelta(days=7)

# Edits to these fields of a published article are news to readers: they move “Updated”.
EDITORIAL_FIELDS = ("title", "standfirst", "body", "photo_id", "section_id", "slug")


def can_publish(user):
    return user.has_perm("articles.publish_article")


def author_of(user):
    """The Author profile a login writes as, or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.author
    except user._meta.model.author.RelatedObjectDoesNotExist:
        return None


def desk_articles(user, queryset=None):
    """
    The articles a user sees in the admin: editors and read-only roles see all of them; a writer
    (who may change articles but not publish) sees the ones they have a byline on.
    """
    queryset = Article.objects.all() if queryset is None else queryset
    if can_publish(user) or not user.has_perm("articles.change_article"):
        return queryset
    return queryset.filter(pk__in=Byline.objects.filter(author__user=user).values("article_id"))


def visible_articles(user, queryset=None):
    """
    The articles a user may know of in the admin: those they may open (desk_articles) and the
    published ones every reader sees. What a choice list or an autocomplete may offer them.
    """
    queryset = Article.objects.all() if queryset is None else queryset
    if can_publish(user) or not user.has_perm("articles.change_article"):
        return queryset
    return queryset.filter(Q(pk__in=desk_articles(user).values("pk")) | Q(pk__in=Article.objects.published().values("pk")))


def visible_tags(user, queryset):
    """Tags a user may know of: every tag for those who may change tags, else those on articles they may see or on none."""
    if user.has_perm("taggit.change_tag"):
        return queryset
    articles = visible_articles(user)
    seen = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), object_id__in=articles.values("pk")
    ).values("tag_id")
    return queryset.filter(Q(pk__in=seen) | Q(taggit_taggeditem_items__isnull=True)).distinct()


def can_change_photo(user, photo):
    """
    Row-level change rule for library photos: editors change any; a writer only a photo that is used
    by their own unpublished stories and by nothing else, since a live story's photo is the desk's.
    """
    if not user.has_perm("articles.change_photo"):
        return False
    if can_publish(user):
        return True
    users = list(photo.articles.all())
    return bool(users) and all(can_edit(user, article) for article in users)


def can_edit(user, article):
    """Row-level change rule: editors edit anything; writers their own bylined drafts and reviews."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return article.status in (Article.Status.DRAFT, Article.Status.REVIEW) and article.bylines.filter(
        author__user=user
    ).exists()


def ensure_byline(article, author):
    """Put the author first on the article's byline if they are not on it yet."""
    if author is None or article.bylines.filter(author=author).exists():
        return
    for byline in article.bylines.order_by("-position"):
        byline.position += 1
        byline.save(update_fields=["position"])
    Byline.objects.create(article=article, author=author, position=0)


def editorial_change(old, new):
    """True when a reader-visible part of a live article changed between two states of it."""
    if old is None or not old.is_published or new.status != Article.Status.PUBLISHED:
        return False
    return any(getattr(old, field) != getattr(new, field) for field in EDITORIAL_FIELDS)


def record_transition(article, old_status, old_published_at, user, note="", sent_back=False):
    """Log the desk step an edit made (and tell the writers when their story is sent back)."""
    action = None
    if sent_back:
        action = DeskNote.Action.SENT_BACK
    elif article.status == Article.Status.REVIEW and old_status != Article.Status.REVIEW:
        action = DeskNote.Action.SUBMITTED
    elif article.status == Article.Status.PUBLISHED and (
        old_status != Article.Status.PUBLISHED or old_published_at != article.published_at
    ):
        action = DeskNote.Action.SCHEDULED if article.is_scheduled else DeskNote.Action.PUBLISHED
    elif old_status == Article.Status.PUBLISHED and article.status != Article.Status.PUBLISHED:
        action = DeskNote.Action.UNPUBLISHED
    if action is None:
        return None
    desk_note = DeskNote.objects.create(article=article, user=user, action=action, text=note)
    if sent_back:
        notify_writers(article, desk_note)
    return desk_note


def notify_writers(article, desk_note):
    recipients = [
        byline.author.user.email
        for byline in article.bylines.select_related("author__user")
        if byline.author.user_id and byline.author.user.email and byline.author.user_id != desk_note.user_id
    ]
    if not recipients:
        return
    who = desk_note.user.get_full_name() or desk_note.user.get_username() if desk_note.user else "An editor"
    body = f"{who} sent “{article.title}” back to you.\n\n{desk_note.text or '(no note)'}\n"
    send_mail(f"Sent back: {article.title}", body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


def set_status(queryset, status, user, published_at=None):
    """Move many articles at once (admin bulk actions); returns how many moved."""
    moved = 0
    for article in queryset:
        old_status, old_published_at = article.status, article.published_at
        article.status = status
        if status == Article.Status.PUBLISHED and (published_at or not article.is_published):
            article.published_at = published_at or timezone.now()
        if (article.status, article.published_at) == (old_status, old_published_at):
            continue
        article.version += 1
        article.save(update_fields=["status", "published_at", "version"])
        record_transition(article, old_status, old_published_at, user, sent_back=status == Article.Status.DRAFT
                          and old_status == Article.Status.REVIEW)
        moved += 1
    return moved


def remember_article_path(article, old_path):
    """Keep an article's previous address answering with a redirect to its new one."""
    new_path = f"{article.section.path}/{article.slug}"
    if old_path and old_path != new_path:
        ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": article})
    # An address that is live again must not redirect away from itself.
    ArticleRedirect.objects.filter(old_path=new_path).delete()


def remember_section_path(section, old_path):
    if old_path and old_path != section.path:
        SectionRedirect.objects.update_or_create(old_path=old_path, defaults={"section": section})
    SectionRedirect.objects.filter(old_path=section.path).delete()


def redirect_target(path):
    """
    Where an old address lives now, or None. An article's own old address wins; otherwise the
    longest old section path that prefixes it is replaced by that section's current path.
    """
    found = ArticleRedirect.objects.filter(old_path=path).select_related("article__section").first()
    if found is not None:
        return found.article.get_absolute_url() if found.article.is_published else None
    parts = path.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]
    moved = {r.old_path: r for r in SectionRedirect.objects.filter(old_path__in=prefixes).select_related("section")}
    for prefix in prefixes:
        if prefix in moved:
            new_path = moved[prefix].section.path + path[len(prefix):]
            again = ArticleRedirect.objects.filter(old_path=new_path).select_related("article__section").first()
            if again is not None and again.article.is_published:
                return again.article.get_absolute_url()
            return reverse("articles:path", kwargs={"path": new_path})
    return None


def preview_token(article):
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(article.pk))


def article_pk_from_token(token):
    """The article a share link is for, or None when the link is forged or expired."""
    try:
        return int(signing.TimestampSigner(salt=PREVIEW_SALT).unsign(token, max_age=PREVIEW_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None
