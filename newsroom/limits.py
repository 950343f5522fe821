"""
Request bodies are bounded before anything reads them. Django spools a multipart file part to disk
while parsing it, and the CSRF check parses the body first: an anonymous POST with a 200 MB file part
was written to /tmp before its 403. Here the declared length is checked first: readers' posts (a
comment, a sign-in) fit in MAX_ANONYMOUS_REQUEST_BYTES, signed-in staff uploading photos get
MAX_REQUEST_BYTES. nginx enforces the same limits before the app (deploy/nginx/), and a body sent
without a length (chunked) reaches Django as empty.
"""

from django.conf import settings
from django.http import HttpResponse


class RequestSizeLimitMiddleware:
    """Answers 413 to a request whose body is larger than its sender may send (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > min(settings.MAX_ANONYMOUS_REQUEST_BYTES, settings.MAX_REQUEST_BYTES):
            user = request.user
            limit = settings.MAX_REQUEST_BYTES if user.is_authenticated and user.is_staff else settings.MAX_ANONYMOUS_REQUEST_BYTES
            if length > limit:
                response = HttpResponse(
                    f"This request is too large ({length} bytes; at most {limit} here).",
                    status=413,
                    content_type="text/plain; charset=utf-8",
                )
                response["Connection"] = "close"
                return response
        return self.get_response(request)
