from django.shortcuts import render

from .models import Sponsor


def sponsor_list(request):
    return render(request, "sponsors/sponsor_list.html", {"sponsors": Sponsor.objects.active()})
