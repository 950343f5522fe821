"""
gunicorn for Newsroom: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`, behind nginx
(deploy/nginx/newsroom.conf), never facing the internet itself.

This file holds the security settings (issue 10); the serving settings (workers, `make serve`) are
issue 9's and are merged in here. Every value can be changed from the environment.
"""

import os

bind = [os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")]
# Sync workers: each serves one request at a time, so their number is the concurrency. The usual
# rule, two per core and one more, keeps the CPUs busy while some workers wait on the database.
workers = int(os.environ.get("GUNICORN_WORKERS") or os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) * 2 + 1)

# One line per request on standard output (`make serve` sets GUNICORN_ACCESS_LOG=- and turns
# Django's own request line, LOG_REQUESTS, off); off by default here, where Django's line serves.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# The reader's address as nginx saw it, the request, status, bytes, referrer, agent, time in
# microseconds and the request id the app logs with everything else.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s "%(f)s" "%(a)s" %(D)sus %({x-request-id}o)s'

# Forwarded headers are trusted only as Django is configured: gunicorn itself believes none of them.
# By default it takes X-Forwarded-Proto (and X-Forwarded-SSL, ...) from 127.0.0.1 and from any unix
# socket peer, so a client's own header passed through by a local proxy turned canonical, Open Graph,
# feed and sitemap links to https. Django decides the scheme from X-Forwarded-Proto only when
# BEHIND_PROXY is on (SECURE_PROXY_SSL_HEADER), and the address from X-Forwarded-For only as far as
# NUM_PROXIES says (newsroom/clientip.py); nginx overwrites both headers.
secure_scheme_headers = {}
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")
forwarder_headers = ""
# Header names with underscores could pose as others (X_Forwarded_For): dropped.
header_map = "drop"

# Slow clients: nginx buffers whole requests and answers slow readers, so a sync worker only ever
# sees a complete request from nginx. These bound what is left: a request line, its headers, and a
# worker stuck on one request (killed and replaced after `timeout` seconds).
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", 4094))
limit_request_fields = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELDS", 64))
limit_request_field_size = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
# Connections come from nginx on the same host: short keep-alive.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))


def on_starting(server):
    """Refuse to start where readers' addresses could not be known (see newsroom/clientip.py)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.conf import settings

    unix = [address for address in server.cfg.bind if address.startswith(("unix:", "fd://"))]
    if unix and not settings.NUM_PROXIES:
        raise SystemExit(
            f"Newsroom: gunicorn is bound to {', '.join(unix)}, where the client's address is empty, and "
            "NUM_PROXIES is 0: rate limits, bans and the login lockout would see no address. Set NUM_PROXIES "
            "to the number of proxies in front of the app (1 for nginx)."
        )
