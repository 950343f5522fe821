import pytest
from django.db import connection

from articles.models import Article

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="stored search vectors are PostgreSQL's")


@postgres_only
def test_search_vector_follows_bylines_and_tags(make_article, make_author):
    article = make_article(title="Harbour plan", authors=[make_author("Wilhelmina Quist")], tags=["ferries"])

    matches = Article.objects.filter(search_vector="quist").values_list("pk", flat=True)
    by_tag = Article.objects.filter(search_vector="ferries").values_list("pk", flat=True)

    assert list(matches) == [article.pk]
    assert list(by_tag) == [article.pk]
