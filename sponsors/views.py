from django.shortcuts import render

from newsroom import pagecache

from .models import Sponsor


def sponsor_list(request):
    pagecache.add_keys("sponsors")
    return render(request, "sponsors/sponsor_list.html", {"sponsors": Sponsor.objects.active()})
