from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from newsroom import pagecache
from newsroom.compiled import compiled_rows

from .models import Sponsor


def sponsors(request):
    """The site-wide sponsor strip, queried only by pages that show it."""
    return {"active_sponsors": SimpleLazyObject(_active)}


def _active():
    # Sponsors start and end on dates: a page showing the strip is kept no later than midnight.
    pagecache.add_keys("sponsors")
    pagecache.expires_at(timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time())))
    return compiled_rows(Sponsor, "sponsors:active", _active_on, {"on": timezone.localdate()})


def _active_on(on):
    return Sponsor.objects.active(on)
