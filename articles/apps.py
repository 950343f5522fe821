from django.apps import AppConfig
from django.db.models.signals import m2m_changed


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import search
        from .models import Article

        # The search vector includes tag names, and tags are saved after the article.
        m2m_changed.connect(search.tags_changed, sender=Article.tags.through, dispatch_uid="article_tags_search")
