from django.contrib import admin
from django_otp_webauthn.admin import WebAuthnCredentialAdmin
from django_otp_webauthn.models import WebAuthnCredential

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The staff accounts' audit trail: superusers read it; nobody writes or deletes it here."""

    list_display = ["created_at", "kind", "username", "actor", "ip_address", "detail"]
    list_filter = ["kind", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["actor"]
    search_fields = ["=username", "=ip_address", "detail"]
    date_hierarchy = "created_at"
    list_per_page = 100
    show_full_result_count = False

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Passkeys: django-otp-webauthn ships an admin class but leaves registering it to the project. A
# superuser removes a lost or stolen one here (the owner is told by e-mail, staff/audit.py).
admin.site.register(WebAuthnCredential, WebAuthnCredentialAdmin)
