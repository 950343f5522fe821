"""`manage.py check --deploy`: what keeps a production site from running on more than one app server."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def scale_out_checks(app_configs, **kwargs):
    warnings = []
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        warnings.append(Warning(
            "The cache is each process's own memory: rate limits, mail throttles, counts and cached pages "
            "differ between workers and app servers.",
            hint="Set CACHE_URL to a Redis shared by every app server (redis://host:6379/0).",
            id="newsroom.W001",
        ))
    if settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
        warnings.append(Warning(
            "Media are stored on this server's disk: a second app server would not have the first one's uploads.",
            hint="With more than one app server set MEDIA_S3_BUCKET (object storage) or share MEDIA_ROOT between them.",
            id="newsroom.W002",
        ))
    if settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
        warnings.append(Warning(
            "Background tasks run inside the request that queues them: a slow mail server slows readers' "
            "requests, and a failed task is not tried again.",
            hint="Set TASKS_BACKEND=database and run `manage.py db_worker` (deploy/systemd/newsroom-worker.service).",
            id="newsroom.W003",
        ))
    return warnings
