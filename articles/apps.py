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
