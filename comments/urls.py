from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("csrf/", views.form_token, name="csrf"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
