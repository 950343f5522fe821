vcl 4.1;
# Newsroom's front cache: whole pages for anonymous readers, dropped by content key when they change.
#
# The app marks each cacheable page `Cache-Control: public, s-maxage=..., stale-while-revalidate=...,
# stale-if-error=...` and lists what it shows in an `xkey` header (article:12 front list:section:3 ...).
# After a change commits, Newsroom sends `PURGE` with the touched keys in `xkey-purge` (FRONT_CACHES),
# and every page showing one of them is dropped at once. Readers carrying a session, a pending-comment,
# a remembered-commenter or a messages cookie, and every request but GET and HEAD, go to the app.
#
# Used as written by .ci/varnish and tests/varnish/; only the backend's address and port are put in.

import std;
import xkey;

backend newsroom {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    # /healthz answers without the database: a busy database must not mark the app down.
    .probe = {
        .url = "/healthz";
        .interval = 2s;
        .timeout = 1s;
        .window = 5;
        .threshold = 3;
        .initial = 3;
    }
}

# Who may purge: the app servers (and the worker running purges). Add their addresses here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed."));
        }
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.x-purged + " objects."));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Never stored by the app either: the admin and sign-in, comment posts and tokens, previews, health checks.
    if (req.url ~ "^/(admin|comments|csp-report|healthz|readyz)(/|$)" || req.url ~ "/preview/") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie) {
        # A reader whose copy differs from everyone's (SESSION_COOKIE_NAME is sessionid).
        if (req.http.Cookie ~ "(^|;\s*)(sessionid|newsroom_pending|newsroom_commenter|messages)=") {
            return (pass);
        }
        # Other cookies (analytics, csrftoken) change nothing on a page: one copy for everyone.
        unset req.http.Cookie;
    }
    # Tracking parameters change nothing on a page either (the app leaves them out of its own key too).
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid)=") {
        set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid)=[^&]*&?", "\1");
        set req.url = regsub(req.url, "[?&]$", "");
    }
    # While the app answers, a copy past its s-maxage is handed out for its stale-while-revalidate
    # (PAGE_STALE_SECONDS) while a fresh one is fetched; when it does not, for stale-if-error.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_backend_response {
    # s-maxage is Varnish's TTL already; the stale-* parts become the grace an object is kept after it.
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"), 0s);
    } elsif (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "^.*stale-while-revalidate=([0-9]+).*$", "\1s"), 0s);
    }
    # A failed refresh in the background keeps the stale copy instead of replacing it with the error.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Responses that set a cookie or are private are never stored: Varnish's built-in rules, after this.
}

sub vcl_deliver {
    # The content keys are for caches; readers have no use for them.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
