"""
The newsroom's admin site: Django's, with the “view on site” shortcut limited to what the user may
open and see published.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect
from django.urls import path


class NewsroomAdminSite(admin.AdminSite):
    def get_urls(self):
        urls = super().get_urls()
        # Django's /admin/r/<type>/<id>/ redirects any staff member to any object's address, a
        # draft's included (its slug comes from the headline): ours asks the model's admin first.
        own = [path("r/<path:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site")]
        return own + [url for url in urls if getattr(url, "name", None) != "view_on_site"]

    def view_on_site(self, request, content_type_id, object_id):
        """Where an object lives on the site, for someone its admin lets see it, if its admin shows it there."""
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404("No such object.")
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404("No such object.")
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404("No such object.")
        if callable(model_admin.view_on_site):
            url = model_admin.view_on_site(obj)
        else:
            url = obj.get_absolute_url() if model_admin.view_on_site and hasattr(obj, "get_absolute_url") else None
        if not url:
            raise Http404("This is not shown on the site.")
        return HttpResponseRedirect(url)
