from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app: the site-wide pieces every app relies on (background tasks)."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import tasks  # noqa: F401  (connects the retry of failed tasks)
