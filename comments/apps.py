from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from newsroom import pagecache

        from .models import Comment, ModerationRules

        # The rules decide whether the form and reply links show: on every article page.
        pagecache.watch(ModerationRules, "moderation-rules")
        post_save.connect(rules_changed, sender=ModerationRules, dispatch_uid="pagecache_rules_saved")
        pre_save.connect(comment_before_save, sender=Comment, dispatch_uid="pagecache_comment_before")
        post_save.connect(comment_changed, sender=Comment, dispatch_uid="pagecache_comment_saved")
        post_delete.connect(comment_changed, sender=Comment, dispatch_uid="pagecache_comment_deleted")


def rules_changed(sender, instance, raw=False, **kwargs):
    from newsroom import pagecache

    if not raw:
        pagecache.invalidate(f"moderation-rules:{instance.pk}")


def comment_before_save(sender, instance, raw=False, **kwargs):
    from .models import Comment

    instance._pagecache_status = None if raw or instance.pk is None else (
        Comment.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    )


def comment_changed(sender, instance, raw=False, **kwargs):
    """Readers see approved comments only: a comment held, spammed or trashed while unseen touches no page."""
    from .models import Comment

    if not raw and Comment.Status.APPROVED in (instance.status, getattr(instance, "_pagecache_status", None)):
        instance.touch_pages()
