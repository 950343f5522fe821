"""Admin → Task results: the background queue, with how often each task was tried and why it failed."""

from django.contrib import admin, messages
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult, get_date_max

from .tasks import TaskResultStatus

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("task_name", "status", "attempts", "error", "enqueued_at", "finished_at", "run_after_display")
    list_filter = ("status", "queue_name")
    search_fields = ("task_path", "exception_class_path")
    actions = ["run_again"]

    @admin.display(description="tries")
    def attempts(self, obj):
        return len(obj.worker_ids)

    @admin.display(description="last error")
    def error(self, obj):
        return obj.exception_class_path.rsplit(".", 1)[-1] if obj.exception_class_path else ""

    @admin.display(description="next try")
    def run_after_display(self, obj):
        if obj.status != TaskResultStatus.READY or obj.run_after == get_date_max():
            return "now" if obj.status == TaskResultStatus.READY else ""
        return obj.run_after

    @admin.action(description="Run the selected failed tasks again now")
    def run_again(self, request, queryset):
        count = queryset.filter(status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=get_date_max(), finished_at=None
        )
        messages.success(request, f"{count} failed task(s) queued again." if count else "None of those tasks had failed.")
