"""
The body editor's helpers in the admin (static/articles/admin/body_media.js): the photo picker's
search and the check of a pasted embed address. Wired in by PhotoAdmin and ArticleAdmin.get_urls().
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse

from . import embeds
from .models import Photo

PICKER_RESULTS = 24


def photo_picker(model_admin, request):
    """Library photos as JSON, newest first: `?q=` searches captions, credits and alt text; `?id=` gives one."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    photos = Photo.objects.all()
    if request.GET.get("id", "").isdigit():
        photos = photos.filter(pk=int(request.GET["id"]))
    for word in request.GET.get("q", "").split()[:8]:
        photos = photos.filter(Q(caption__icontains=word) | Q(credit__icontains=word) | Q(alt_text__icontains=word))
    results = [
        {
            "id": photo.pk,
            "caption": photo.caption,
            "credit": photo.credit,
            "alt_text": photo.alt_text,
            "thumbnail": photo.image.url if photo.image else "",
        }
        for photo in photos.order_by("-uploaded_at", "-pk")[:PICKER_RESULTS]
    ]
    return JsonResponse({"results": results})


def check_embed(model_admin, request):
    """Whether a pasted address can be embedded: {"url", "provider"}, or 400 and {"error"} in words for the writer."""
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    url = request.GET.get("url", "").strip()
    provider, _ = embeds.match(url)
    if provider is None:
        return JsonResponse({"error": embeds.unsupported_message(url)}, status=400)
    return JsonResponse({"url": url, "provider": provider.name})
