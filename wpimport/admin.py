from django.contrib import admin

from .models import WordPressItem


@admin.register(WordPressItem)
class WordPressItemAdmin(admin.ModelAdmin):
    """Read-only: which WordPress item became which Newsroom row. Written by `import_wordpress`."""

    list_display = ["kind", "wp_id", "object_id", "site", "imported_at"]
    list_filter = ["kind", "site"]
    search_fields = ["wp_id"]
    date_hierarchy = "imported_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
