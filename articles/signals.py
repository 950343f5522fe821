"""
Which pages a change touches (newsroom/pagecache.py): articles, sections, photos, tags, bylines and
corrections say here which content keys to refresh once the transaction commits.
"""

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem

from newsroom import pagecache

from .models import Article, Byline, Correction, Embed, Photo, Section


def connect():
    from django.contrib.flatpages.models import FlatPage
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    pagecache.watch(Article, "article", annotations={"comment_count": "comments"})
    pagecache.lists_change_at(next_publication)
    pagecache.watch(Section, "section")
    pagecache.watch(Photo, "photo")
    pagecache.watch(Embed, "embed")
    pagecache.watch(Tag, "tag")
    pagecache.watch(FlatPage, "flatpage")
    pre_save.connect(article_before_save, sender=Article, dispatch_uid="pagecache_article_before")
    post_save.connect(article_saved, sender=Article, dispatch_uid="pagecache_article_saved")
    pre_delete.connect(article_deleted, sender=Article, dispatch_uid="pagecache_article_deleted")
    for model, prefix, extra in (
        (Section, "section", ("sections",)),
        (Photo, "photo", ()),
        (Embed, "embed", ()),
        (Tag, "tag", ()),
        (FlatPage, "flatpage", ()),
    ):
        handler = _instance_changed(prefix, extra)
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"pagecache_{prefix}_saved")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"pagecache_{prefix}_deleted")
    for model, handler in ((Byline, byline_changed), (Correction, correction_changed), (TaggedItem, tagging_changed)):
        post_save.connect(handler, sender=model, dispatch_uid=f"pagecache_{model.__name__}_saved")
        post_delete.connect(handler, sender=model, dispatch_uid=f"pagecache_{model.__name__}_deleted")


def next_publication():
    """No cron publishes a scheduled story: pages listing stories are kept no later than its time."""
    return Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()


def _instance_changed(prefix, extra):
    def changed(sender, instance, raw=False, **kwargs):
        if not raw:
            keys = {f"{prefix}:{instance.pk}", *extra}
            if prefix == "tag":
                keys.add(f"list:tag:{instance.pk}")
            pagecache.invalidate(*keys)

    return changed


def article_before_save(sender, instance, raw=False, **kwargs):
    instance._pagecache_before = (
        None if raw or instance.pk is None
        else Article.objects.filter(pk=instance.pk).values("status", "section_id", "original_id").first()
    )


def article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_pagecache_before", None) or {}
    # A draft in the desk is on no public page: saving it touches nothing readers see.
    if Article.Status.PUBLISHED not in (instance.status, before.get("status")):
        return
    keys = instance.cache_keys()
    if before.get("section_id") not in (None, instance.section_id):
        keys |= Section.objects.get(pk=before["section_id"]).list_keys()
    if before.get("original_id"):
        keys.add(f"translations:{before['original_id']}")
    pagecache.invalidate(*keys)


def article_deleted(sender, instance, **kwargs):
    if instance.status == Article.Status.PUBLISHED:
        pagecache.invalidate(*instance.cache_keys())


def byline_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pagecache.invalidate(f"article:{instance.article_id}", f"list:author:{instance.author_id}")


def correction_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pagecache.invalidate(f"corrections:{instance.article_id}", "corrections")


def tagging_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.content_type_id != ContentType.objects.get_for_model(Article).pk:
        return
    pagecache.invalidate(f"article:{instance.object_id}", f"list:tag:{instance.tag_id}")
