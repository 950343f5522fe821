from django.apps import AppConfig
from django.db.models.signals import pre_save


class NewsroomConfig(AppConfig):
    """The project package as an app: the site-wide pieces every app relies on (background tasks, stored text)."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import tasks  # noqa: F401  (connects the retry of failed tasks)
        from . import text

        # No model stores a control character, whoever saves it (admin, forms, importers, code).
        pre_save.connect(text.clean_before_save, dispatch_uid="newsroom_clean_text")
