"""
Staff sign-in pages outside the admin site's own URL names: password reset (Django's views and
e-mail template reverse these names unprefixed) and the passkey ceremonies of django-otp-webauthn.
"""

from django.urls import include, path

from . import views

urlpatterns = [
    *(path(route, view, name=name) for route, view, name in views.password_views()),
    path("passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
]
