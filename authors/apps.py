from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from newsroom import pagecache

        from .models import Author

        # Every page showing an author (bylines, author boxes, their page) has the key author:<id>.
        pagecache.watch(Author, "author")
        post_save.connect(author_changed, sender=Author, dispatch_uid="pagecache_author_saved")
        post_delete.connect(author_changed, sender=Author, dispatch_uid="pagecache_author_deleted")


def author_changed(sender, instance, raw=False, **kwargs):
    from newsroom import pagecache

    if not raw:
        pagecache.invalidate(f"author:{instance.pk}")
