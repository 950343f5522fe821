"""
The load test: 200 comments posted at once by 20 threads against a live server on PostgreSQL.
Every accepted comment is stored exactly once; double submissions of the same comment store one.
"""

import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from comments.models import Comment, ModerationRules

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

pytestmark = [
    # Every database the site is configured with: with DATABASE_REPLICA_URLS the pages read from the replica.
    pytest.mark.django_db(transaction=True, databases="__all__"),
    pytest.mark.skipif(not ON_POSTGRES, reason="the load test needs PostgreSQL (SQLite serializes writers); set DATABASE_URL"),
]

POSTS = 200
DOUBLED = 20  # of which this many are the same comment sent twice at the same moment (a double click)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def send(live_url, article_id, body, email):
    """One reader: fetch the CSRF cookie and timing token as comments.js does, then post."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(f"{live_url}/comments/csrf/", timeout=30) as response:
        issued = json.load(response)["issued"]
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"name": "Load Tester", "email": email, "body": body, "issued": issued, "csrfmiddlewaretoken": token}
    ).encode()
    try:
        with opener.open(f"{live_url}/comments/post/{article_id}/", data=data, timeout=30) as response:
            return body, response.status
    except urllib.error.HTTPError as error:
        return body, error.code


def test_concurrent_posts_are_each_stored_exactly_once(live_server, make_article):
    rules = ModerationRules.load()
    rules.min_seconds = 0
    rules.posts_per_minute = rules.posts_per_hour = 10 * POSTS  # counted, not reached
    rules.save()
    article = make_article()
    jobs = [(f"Load comment {n}", f"reader{n}@example.com") for n in range(POSTS - DOUBLED)]
    jobs += [(f"Load comment {n}", f"reader{n}@example.com") for n in range(DOUBLED)]

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda job: send(live_server.url, article.pk, *job), jobs))

    accepted = [body for body, status in results if status == 302]
    refused = [(body, status) for body, status in results if status != 302]
    stored = list(Comment.objects.filter(article=article).values_list("body", flat=True))
    assert sorted(stored) == sorted(accepted)
    assert len(set(stored)) == len(stored) == POSTS - DOUBLED
    assert all(status == 409 for _, status in refused)
    assert len(refused) == DOUBLED
