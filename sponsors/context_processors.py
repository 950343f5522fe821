from django.utils.functional import SimpleLazyObject

from .models import Sponsor


def sponsors(request):
    """The site-wide sponsor strip, queried only by pages that show it."""
    return {"active_sponsors": SimpleLazyObject(lambda: list(Sponsor.objects.active()))}
