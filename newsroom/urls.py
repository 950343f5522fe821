from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles import sitemaps
from newsroom import csp

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Newsroom desk"
# The lists are wide (headlines, bylines, dates, comment counts): the left menu would take a quarter of
# a laptop's screen on every page; the breadcrumbs and the desk's home page lead everywhere it did.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    # Before the admin: password reset and passkeys (staff/urls.py), under /admin/ like the rest of sign-in.
    path("admin/", include("staff.urls")),
    path("admin/", admin.site.urls),
    path("comments/", include("comments.urls")),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.part, name="sitemap-part"),
    path("news-sitemap.xml", sitemaps.news, name="news-sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("csp-report/", csp.report, name="csp-report"),
]
# The reader's pages, once per language: the default language's at the root, the others under their
# code (/zh-hans/); newsroom.i18n activates the language from the address before these resolve.
urlpatterns += i18n_patterns(
    path("author/", include("authors.urls")),
    path("sponsors/", include("sponsors.urls")),
    # Last: section and article paths are a catch-all under the root.
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
