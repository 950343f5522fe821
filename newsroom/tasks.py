"""
Work outside the reader's and the editor's request: Django's tasks framework.

Django 6 ships it as `django.tasks`; on Django 5.2 the `django-tasks` backport gives the same API.
Each app defines its tasks in its own `tasks.py` with `task` from here and queues them with
`enqueue_on_commit()` from the place that decides the work is needed.

Backends (`TASKS_BACKEND` in settings): `immediate` runs a task at once in the process that queues
it (the laptop demo and the tests); `database` stores it in the `django_tasks_db` table for
`manage.py db_worker` to run (`make worker`; in production `deploy/systemd/newsroom-worker.service`
beside the app servers).

A task that raises on the database backend is retried: the same row goes back to the queue after a
growing pause (`RETRY_DELAYS`), keeping its last error, until it has been tried `TASK_MAX_ATTEMPTS`
times; then it stays *Failed* in Admin → Task results, where it can be run again.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

try:  # Django 6
    from django.tasks import TaskResultStatus, default_task_backend, task, task_backends
    from django.tasks.signals import task_finished
except ImportError:  # Django 5.2: the backport, whose API Django 6 took over
    from django_tasks import TaskResultStatus, default_task_backend, task, task_backends
    from django_tasks.signals import task_finished

__all__ = ["task", "task_backends", "default_task_backend", "enqueue_on_commit", "supports_defer", "TaskResultStatus"]

logger = logging.getLogger(__name__)

# Pause before the 2nd, 3rd, ... attempt; the last one repeats.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


def enqueue_on_commit(task_, *args, **kwargs):
    """
    Queue `task_` once the current transaction commits (at once outside one), so that a worker never
    looks for a row that is not there yet and a rolled-back change queues nothing. Queueing never
    fails the request: if the queue cannot be written the error is logged.
    """
    transaction.on_commit(partial(task_.enqueue, *args, **kwargs), robust=True)


def supports_defer():
    """Whether tasks can be queued to run later (the database backend can; immediate cannot)."""
    return default_task_backend.supports_defer


def retry_delay(attempts):
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


@receiver(task_finished, dispatch_uid="newsroom_retry_failed_tasks")
def retry_failed_task(sender, task_result, **kwargs):
    """Put a failed database task back in the queue, later, until it has used its attempts."""
    db_result = getattr(task_result, "db_result", None)
    if task_result.status != TaskResultStatus.FAILED or db_result is None:
        return
    attempts = len(db_result.worker_ids)
    if attempts >= settings.TASK_MAX_ATTEMPTS:
        logger.error("Task %s (%s) failed %d times; left failed.", db_result.id, db_result.task_path, attempts)
        return
    run_after = timezone.now() + retry_delay(attempts)
    try:
        type(db_result).objects.filter(pk=db_result.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=run_after, finished_at=None
        )
    except Exception:  # The worker must carry on with the next task whatever happens here.
        logger.exception("Could not queue task %s again.", db_result.id)
        return
    logger.warning(
        "Task %s (%s) failed on attempt %d of %d; tried again after %s.",
        db_result.id, db_result.task_path, attempts, settings.TASK_MAX_ATTEMPTS, run_after.isoformat(),
    )
