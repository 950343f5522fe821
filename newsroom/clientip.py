"""
The reader's address, derived once per request from the proxy setting and written to REMOTE_ADDR,
so everything that keys on it (comment rate limits, IP bans, hourly holds, the staff login lockout,
logs) sees the same address.

NUM_PROXIES says how many proxies of our own stand in front of the app. Each appends the address it
saw to X-Forwarded-For, so the reader's is the NUM_PROXIES-th entry from the end; whatever a client
wrote in the header itself comes before and is ignored. With no proxy the socket's peer is the
reader. When neither gives an address (gunicorn on a unix socket with NUM_PROXIES=0, or a request that
skipped the proxies) the request fails with ImproperlyConfigured rather than run with every abuse
limit silently off; deploy/gunicorn.conf.py refuses to start in the first case.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PEER_KEY = "NEWSROOM_PEER_ADDR"


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip().strip("[]")))
    except ValueError:
        return None


def derive_client_ip(meta, num_proxies):
    """The client's address from a WSGI environ, or raise ImproperlyConfigured saying what to set."""
    peer = meta.get("REMOTE_ADDR") or ""
    if not num_proxies:
        if not peer:
            raise ImproperlyConfigured(
                "The client's address is unknown: REMOTE_ADDR is empty (the app is on a unix socket?) and "
                "NUM_PROXIES is 0. Set NUM_PROXIES to the number of proxies in front of the app (1 for nginx) "
                "so rate limits, bans and the login lockout see readers' addresses."
            )
        return peer
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= num_proxies:
        address = _valid(forwarded[-num_proxies])
        if address:
            return address
    if peer:
        # Reached the app without going through all the proxies (a health check from the host).
        return peer
    raise ImproperlyConfigured(
        f"The client's address is unknown: NUM_PROXIES is {num_proxies} but X-Forwarded-For has "
        f"{len(forwarded)} usable entr{'y' if len(forwarded) == 1 else 'ies'} and the socket gives no address. "
        "Make each proxy append the address it saw ($proxy_add_x_forwarded_for in nginx)."
    )


class ClientAddressMiddleware:
    """Puts the reader's address in REMOTE_ADDR (the socket peer's is kept in NEWSROOM_PEER_ADDR)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        peer = request.META.get("REMOTE_ADDR", "")
        request.META[PEER_KEY] = peer
        request.META["REMOTE_ADDR"] = derive_client_ip(request.META, settings.NUM_PROXIES)
        return self.get_response(request)


def client_ip(request):
    """The reader's address for this request (ClientAddressMiddleware has put it in REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None
