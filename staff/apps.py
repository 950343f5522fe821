from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff accounts"
    default = True

    def ready(self):
        from . import audit

        audit.connect()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """The admin app with the newsroom's own site (staff.sites.NewsroomAdminSite) as `admin.site`."""

    default = False
    default_site = "staff.sites.NewsroomAdminSite"
