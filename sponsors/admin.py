from django.contrib import admin
from django.db import models

from .models import Sponsor


@admin.register(Sponsor)
class SponsorAdmin(admin.ModelAdmin):
    # Django 6 reads a bare “example.com” as https://; say so now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url", "is_active", "position", "starts_on", "ends_on"]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    ordering = ["position", "name"]
