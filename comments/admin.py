from django.contrib import admin
from django.utils.text import Truncator

from .models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "excerpt", "article", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["article"]
    search_fields = ["author_name", "author_email", "body"]
    date_hierarchy = "created_at"
    raw_id_fields = ["article", "parent"]
    readonly_fields = ["ip_address", "user_agent", "created_at"]
    actions = ["approve", "mark_spam", "move_to_trash"]

    @admin.display(description="comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        count = queryset.update(status=Comment.Status.APPROVED)
        self.message_user(request, f"{count} comment(s) approved.")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        count = queryset.update(status=Comment.Status.SPAM)
        self.message_user(request, f"{count} comment(s) marked as spam.")

    @admin.action(description="Move selected comments to the trash", permissions=["change"])
    def move_to_trash(self, request, queryset):
        count = queryset.update(status=Comment.Status.TRASH)
        self.message_user(request, f"{count} comment(s) moved to the trash.")
