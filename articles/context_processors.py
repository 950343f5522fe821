from django.utils.functional import SimpleLazyObject

from .models import Section


def navigation(request):
    """The top-level sections for the site menu, queried only by pages that show it."""
    return {"nav_sections": SimpleLazyObject(lambda: list(Section.objects.filter(parent=None).order_by("position", "name")))}
