from django.apps import AppConfig
from django.db.models.signals import pre_save


class NewsroomConfig(AppConfig):
    """The project package as an app: the site-wide pieces every app relies on (background tasks, request ids, stored text)."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from django.core.signals import request_finished

        from . import checks, tasks  # noqa: F401  (registers the deploy checks, connects the retry of failed tasks)
        from . import text
        from .operations import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="newsroom_forget_request_id")
        # No model stores a control character, whoever saves it (admin, forms, importers, code).
        pre_save.connect(text.clean_before_save, dispatch_uid="newsroom_clean_text")
