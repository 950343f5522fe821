from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.front_page, name="front"),
    path("<path:path>/", views.resolve_path, name="path"),
]
