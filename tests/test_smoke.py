import pytest

pytestmark = pytest.mark.django_db


def test_front_page_lists_published_article(client, make_article):
    make_article(title="Council passes budget")
    response = client.get("/")
    assert "Council passes budget" in response.content.decode()
