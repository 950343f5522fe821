from django.contrib import admin
from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from taggit.models import Tag

from .models import Article, Byline, Photo, Section
from .widgets import TagAutocompleteWidget

# Edits to these fields of a published article are news to readers: they move “Updated”.
EDITORIAL_FIELDS = {"title", "standfirst", "body", "photo", "section", "slug"}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "path_display", "parent", "position"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "path"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    ordering = ["path"]

    @admin.display(description="address", ordering="path")
    def path_display(self, obj):
        return f"/{obj.path}/"


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "caption_display", "credit", "uploaded_at"]
    search_fields = ["caption", "credit", "alt_text"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["preview"]
    fields = ["image", "preview", "caption", "credit", "alt_text"]

    @admin.display(description="photo")
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="" style="width:96px;height:auto">', obj.image.url) if obj.image else ""

    @admin.display(description="preview")
    def preview(self, obj):
        if not obj.image:
            return "—"
        return format_html('<img src="{}" alt="" style="max-width:480px;height:auto">', obj.image.url)

    @admin.display(description="caption", ordering="caption")
    def caption_display(self, obj):
        return str(obj)


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name = "byline"
    verbose_name_plural = "Bylines (in order)"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status_display", "section", "byline_display", "published_at"]
    list_filter = ["status", "section", "is_featured", "allow_comments"]
    list_select_related = ["section"]
    search_fields = ["title", "standfirst", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "photo", "check_also", "sponsor"]
    readonly_fields = ["photo_preview", "updated_at"]
    inlines = [BylineInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "standfirst", "body", "tags"]}),
        ("Photo", {"fields": ["photo", "photo_preview"]}),
        ("Publishing", {"fields": ["status", "published_at", "updated_at", "is_featured", "front_position"]}),
        ("Around the article", {"fields": ["check_also", "allow_comments", "sponsor"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk"))
        )

    def get_urls(self):
        return [
            path("tags/suggest/", self.admin_site.admin_view(self.tag_suggestions), name="articles_tag_suggest"),
            *super().get_urls(),
        ]

    def tag_suggestions(self, request):
        query = request.GET.get("q", "").strip()[:100]
        names = list(Tag.objects.filter(name__istartswith=query).order_by("name").values_list("name", flat=True)[:10])
        return JsonResponse({"results": names if query else []})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagAutocompleteWidget(suggest_url=reverse("admin:articles_tag_suggest"))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="status", ordering="status")
    def status_display(self, obj):
        if obj.is_scheduled:
            return f"Scheduled for {timezone.localtime(obj.published_at):%b %d, %Y %H:%M}"
        return obj.get_status_display()

    @admin.display(description="by")
    def byline_display(self, obj):
        return ", ".join(author.name for author in obj.ordered_authors)

    @admin.display(description="preview")
    def photo_preview(self, obj):
        if not obj.photo_id or not obj.photo.image:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="max-width:320px;height:auto"><br>{}{}',
            obj.photo.image.url,
            obj.photo.caption,
            format_html_join("", " <em>{}</em>", [(obj.photo.credit,)]) if obj.photo.credit else "",
        )

    def save_model(self, request, obj, form, change):
        if change and obj.status == Article.Status.PUBLISHED and EDITORIAL_FIELDS & set(form.changed_data):
            was_public = Article.objects.published().filter(pk=obj.pk).exists()
            if was_public:
                obj.updated_at = timezone.now()
        obj.version += 1
        super().save_model(request, obj, form, change)
