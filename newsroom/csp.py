"""
Content-Security-Policy (django-csp) and its violation reports.

Public pages carry no inline script at all (the comment form's script is a file, JSON-LD is data),
so `script-src 'self'` is their whole script policy and the header names no nonce: pages for
anonymous readers are cached whole by Django's cache and by Varnish, and a nonce stored in a shared
copy would be the same for every reader, which is no nonce at all. Pages that are never cached
(the admin, signed-in staff only) may use an inline script with the request's nonce; django-csp puts
the nonce in the header only when a template used it. The admin's own style attributes need
'unsafe-inline' for styles there; scripts never get it.

Browsers report what the policy blocked to /csp-report/ (report-uri and the Reporting API's
report-to); each report is logged as a warning on the "newsroom.csp" logger, a bounded number per
address per hour so a flood cannot fill the logs.
"""

import json
import logging

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .clientip import client_ip

logger = logging.getLogger(__name__)

REPORTS_PER_HOUR = 100
# The fields worth a line in the log, from either report format.
FIELDS = {
    "document": ("document-uri", "documentURL"),
    "directive": ("effective-directive", "violated-directive", "effectiveDirective"),
    "blocked": ("blocked-uri", "blockedURL"),
    "source": ("source-file", "sourceFile"),
    "line": ("line-number", "lineNumber"),
    "sample": ("script-sample", "sample"),
}


class NewsroomCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; in the admin, style attributes (Django's own widgets use them) are allowed."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith(settings.ADMIN_PATH_PREFIX):
            parts = PolicyParts(parts.config, {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}, parts.replace, parts.nonce)
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # Where report-to sends reports (the Reporting API; report-uri serves older browsers).
        if "Content-Security-Policy" in response and "Reporting-Endpoints" not in response:
            response["Reporting-Endpoints"] = f'csp-endpoint="{reverse("csp-report")}"'
        return response


def _pick(body, names):
    for name in names:
        if body.get(name) not in (None, ""):
            return str(body[name])[:300]
    return ""


@csrf_exempt  # browsers send reports without cookies or tokens
@require_POST
def report(request):
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        return HttpResponseBadRequest("Not a report.")
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        bodies = [data["csp-report"]]
    elif isinstance(data, list):
        bodies = [item.get("body") for item in data if isinstance(item, dict) and item.get("type") == "csp-violation"]
        bodies = [body for body in bodies if isinstance(body, dict)]
    else:
        return HttpResponseBadRequest("Not a report.")
    key = f"csp:reports:{client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key, len(bodies))
    except ValueError:
        count = len(bodies)
    for body in bodies if count <= REPORTS_PER_HOUR else []:
        fields = {name: _pick(body, names) for name, names in FIELDS.items()}
        logger.warning(
            "CSP violation: %(directive)s blocked %(blocked)s on %(document)s (%(source)s:%(line)s) %(sample)s",
            fields, extra={"csp_report": fields},
        )
    return HttpResponse(status=204)
