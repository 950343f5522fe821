"""
The newsroom's admin site: Django's, with a second factor for staff who need one (staff/middleware.py
sends them to it; the site's own permission check refuses them until they give it), the pages to
give and set one up, and the “view on site” shortcut limited to what the user may open and see
published.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect
from django.urls import path

from . import twofactor, views


class NewsroomAutocompleteJsonView(AutocompleteJsonView):
    """
    Django's autocomplete asks only whether the user may view the *target* model in the admin. A
    source model admin may answer for one of its own fields instead, with the rows it offers there
    (`autocomplete_choices(request, field)` returning a queryset, or None to leave it to Django):
    editors link logins to author profiles without seeing the accounts admin.
    """

    def vouched_choices(self, request):
        source_admin = self.admin_site._registry.get(self.source_field.model)
        hook = getattr(source_admin, "autocomplete_choices", None)
        return hook(request, self.source_field) if hook else None

    def has_perm(self, request, obj=None):
        return super().has_perm(request, obj) or self.vouched_choices(request) is not None

    def get_queryset(self):
        choices = self.vouched_choices(self.request)
        if choices is None:
            return super().get_queryset()
        qs, distinct = self.model_admin.get_search_results(self.request, choices, self.term)
        return qs.distinct() if distinct else qs


class NewsroomAdminSite(admin.AdminSite):
    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return request.user.is_verified() or not request.session.get(twofactor.NEEDS_KEY, False)

    def autocomplete_view(self, request):
        return NewsroomAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        urls = super().get_urls()
        # Django's /admin/r/<type>/<id>/ redirects any staff member to any object's address, a
        # draft's included (its slug comes from the headline): ours asks the model's admin first.
        own = [
            path("r/<path:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"),
            # Open to a signed-in staff member who has not given the second factor yet (not admin_view).
            path("verify/", views.verify, {"admin_site": self}, name="staff_verify"),
            path("two-factor/", views.two_factor, {"admin_site": self}, name="staff_two_factor"),
        ]
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
