from django.urls import path, re_path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.front_page, name="front"),
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.SiteAtomFeed(), name="feed-atom"),
    path("search/", views.search, name="search"),
    path("preview/article/<int:pk>/", views.article_preview, name="preview"),
    path("preview/<str:token>/", views.article_preview_shared, name="preview_shared"),
    path("corrections/", views.correction_list, name="corrections"),
    path("corrections/feed/", feeds.CorrectionFeed(), name="corrections-feed"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
    path("tag/<str:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    # Section slugs are never all digits, so these addresses are only ever archives.
    re_path(r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", views.month_archive, name="month"),
    # “feed” is reserved under every section: these never name a subsection or an article.
    path("<path:section_path>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("<path:section_path>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("<path:path>/", views.resolve_path, name="path"),
]
