from django.apps import AppConfig


class SponsorsConfig(AppConfig):
    name = "sponsors"
    verbose_name = "Sponsors"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from newsroom import pagecache

        from .models import Sponsor

        pagecache.watch(Sponsor, "sponsor")
        post_save.connect(sponsor_changed, sender=Sponsor, dispatch_uid="pagecache_sponsor_saved")
        post_delete.connect(sponsor_changed, sender=Sponsor, dispatch_uid="pagecache_sponsor_deleted")


def sponsor_changed(sender, instance, raw=False, **kwargs):
    """The strip is on every page: a sponsor added, changed or taken off refreshes the pages that show the strip."""
    from newsroom import pagecache

    if not raw:
        pagecache.invalidate(f"sponsor:{instance.pk}", "sponsors")
