"""
The tag admin, in place of django-taggit's: tags are shared by every story on the site, so renaming
and merging them is an editor's act (change and delete permission on tags), checked on the server;
others see only the tags of stories they may know of.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from taggit.models import Tag, TaggedItem

from . import workflow
from .models import Article


class MergeTagsForm(forms.Form):
    name = forms.CharField(
        label="Merge them into",
        max_length=100,
        help_text="An existing tag's name, or a new one. Every story carrying a selected tag carries this one instead.",
    )


class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "story_count"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_tags"]
    readonly_fields = ["stories"]

    def get_fields(self, request, obj=None):
        # The stories a tag is on are listed for those who may change tags (editors): every story is theirs to see.
        return ["name", "slug", "stories"] if self.has_change_permission(request) else ["name", "slug"]

    def get_list_display(self, request):
        # A count would include drafts the viewer may not open.
        return self.list_display if self.has_change_permission(request) else ["name", "slug"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(story_count=Count("taggit_taggeditem_items"))
        return workflow.visible_tags(request.user, queryset)

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, obj):
        return obj.story_count

    @admin.display(description="stories carrying it")
    def stories(self, obj):
        if obj.pk is None:
            return "—"
        return ", ".join(
            Article.objects.filter(tags=obj).order_by("-pk").values_list("title", flat=True)[:20]
        ) or "—"

    def has_merge_permission(self, request):
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description="Merge the selected tags…", permissions=["merge"])
    def merge_tags(self, request, queryset):
        tags = list(queryset.order_by("name"))
        form = MergeTagsForm(request.POST if "apply_merge" in request.POST else None, initial={"name": tags[0].name})
        if form.is_valid():
            target = merge(tags, form.cleaned_data["name"])
            self.message_user(request, f"{len(tags)} tag(s) merged into “{target}”.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {len(tags)} tags",
            "form": form,
            "tags": tags,
            "queryset": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge.html", context)


def merge(tags, name):
    """Every item tagged with one of `tags` is tagged `name` instead, and the other tags go. Returns the tag."""
    with transaction.atomic():
        target = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        sources = [tag for tag in tags if tag.pk != target.pk]
        items = TaggedItem.objects.filter(tag__in=sources)
        already = set(TaggedItem.objects.filter(tag=target).values_list("content_type_id", "object_id"))
        for item in items.select_for_update():
            if (item.content_type_id, item.object_id) in already:
                item.delete()
            else:
                item.tag = target
                item.save(update_fields=["tag"])
                already.add((item.content_type_id, item.object_id))
        Tag.objects.filter(pk__in=[tag.pk for tag in sources]).delete()
        # The tag names are in the articles' search vectors.
        Article.objects.filter(tags=target).update_search_vectors()
    return target
