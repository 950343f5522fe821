"""Public pages read from a real streaming replica; writers read their own writes; a replica that goes away costs nothing."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Comment, ModerationRules
from newsroom import replicas
from tests.replica.conftest import REPLICA

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def story(make_article, wait_for_replica):
    rules = ModerationRules.load()
    rules.hold_all = False  # comments appear at once, so a reader can look for their own
    rules.min_seconds_to_write = 0
    rules.save()
    article = make_article(title="Harbour reopens", standfirst="Ferries run again.")
    wait_for_replica()
    return article


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def queries_on(alias, client, url):
    with CaptureQueriesContext(connections[alias]) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_anonymous_reader_reads_from_the_replica_and_the_primary_is_left_alone(client, story):
    url = story.get_absolute_url()
    assert queries_on(REPLICA, client, url) > 0
    assert queries_on("default", client, url) == 0
    assert client.get("/readyz").json()["checks"][REPLICA] == "ok"


def test_lagging_replica_shows_readers_the_old_copy_until_it_catches_up(client, story, replay_paused, wait_for_replica):
    Article.objects.filter(pk=story.pk).update(title="Harbour reopens after the storm")

    assert "Harbour reopens after the storm" not in page(client, story)  # the replica has not replayed it yet

    connections[REPLICA].cursor().execute("SELECT pg_wal_replay_resume()")
    wait_for_replica()
    assert "Harbour reopens after the storm" in page(client, story)


def test_reader_who_just_commented_sees_their_comment_while_the_replica_lags(
    client, story, replay_paused, comment_form_data, settings
):
    response = client.post(f"/comments/post/{story.pk}/", comment_form_data(body="Good news for commuters"))
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.APPROVED
    assert response.cookies[replicas.STICKY_COOKIE]["max-age"] == settings.REPLICA_STICKY_SECONDS

    assert "Good news for commuters" in page(client, story)  # read from the primary: their own write

    other_reader = client.__class__()
    assert "Good news for commuters" not in page(other_reader, story)  # everyone else: the lagging replica


def test_refused_post_does_not_pin_the_client_to_the_primary(client, story, comment_form_data):
    response = client.post(f"/comments/post/{story.pk}/", comment_form_data(body=""))
    assert response.status_code == 400
    assert replicas.STICKY_COOKIE not in response.cookies


def test_editor_reads_the_primary_in_the_admin_and_on_the_site(client, story, replay_paused, admin_user):
    client.force_login(admin_user)
    Article.objects.filter(pk=story.pk).update(title="Harbour reopens after the storm")

    assert "Harbour reopens after the storm" in page(client, story)
    changelist = client.get("/admin/articles/article/").content.decode()
    assert "Harbour reopens after the storm" in changelist


def test_reads_inside_a_transaction_go_to_the_primary(story):
    router = replicas.ReplicaRouter()
    token = replicas._reads_from.set(REPLICA)
    try:
        assert router.db_for_read(Article) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Article) == "default"
        assert router.db_for_write(Article) == "default"
    finally:
        replicas._reads_from.reset(token)


def test_replica_going_down_falls_back_to_the_primary_and_rejoins(client, story, replica_cluster, caplog):
    url = story.get_absolute_url()
    assert queries_on(REPLICA, client, url) > 0  # an open connection to the replica

    replica_cluster("stop")
    assert "Ferries run again." in page(client, story)  # the open connection fails: served from the primary
    assert "Replica replica1 is not answering" in caplog.text
    assert queries_on("default", client, url) > 0  # later requests go straight to the primary
    assert "Ferries run again." in page(client.__class__(), story)
    ready = client.get("/readyz")
    assert ready.status_code == 200  # the server still serves everything: it stays in the load balancer
    assert ready.json()["checks"][REPLICA] == "down (reads go to the primary)"

    replica_cluster("start")
    replicas._down_until.clear()  # REPLICA_RETRY_SECONDS have passed
    assert queries_on(REPLICA, client, url) > 0
    assert queries_on("default", client, url) == 0
    assert client.get("/readyz").json()["checks"][REPLICA] == "ok"
