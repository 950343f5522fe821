from django.contrib import admin
from django.db import models
from django.db.models import Count

from staff.widgets import SafeAutocompleteMixin

from .models import Author


@admin.register(Author)
class AuthorAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    # Django 6 reads a bare “example.com” as https://; say so now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "title", "user", "article_count"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("bylines"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count
