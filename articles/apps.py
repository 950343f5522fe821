import hashlib

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_save, pre_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import search
        from .models import Article

        # The search vector includes author and tag names; tags are saved after the article, and
        # a renamed author or tag changes what its articles are found by.
        m2m_changed.connect(search.tags_changed, sender=Article.tags.through, dispatch_uid="article_tags_search")
        pre_save.connect(search.name_before_save, sender="authors.Author", dispatch_uid="author_name_before")
        pre_save.connect(search.name_before_save, sender="taggit.Tag", dispatch_uid="tag_name_before")
        post_save.connect(search.name_changed, sender="authors.Author", dispatch_uid="author_name_search")
        post_save.connect(search.name_changed, sender="taggit.Tag", dispatch_uid="tag_name_search")
        # A tag of symbols only (“☃”, “😍”) slugifies to nothing, and a page cannot link to /tag//.
        pre_save.connect(tag_slug_fallback, sender="taggit.Tag", dispatch_uid="tag_slug_fallback")
        # Which pages a change touches, for the page cache and the front caches (newsroom/pagecache.py).
        from . import signals

        signals.connect()


def tag_slug_fallback(sender, instance, **kwargs):
    """A tag whose name makes no slug gets one from a digest of the name: stable, and never empty."""
    if not instance.slug:
        instance.slug = "tag-" + hashlib.sha1(instance.name.encode()).hexdigest()[:10]
