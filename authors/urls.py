from django.urls import path

from articles.feeds import AuthorAtomFeed, AuthorFeed

from . import views

app_name = "authors"

urlpatterns = [
    path("<str:slug>/", views.author_detail, name="detail"),
    path("<str:slug>/feed/", AuthorFeed(), name="feed"),
    path("<str:slug>/feed/atom/", AuthorAtomFeed(), name="feed-atom"),
]
