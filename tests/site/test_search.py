import pytest
from django.db import connection

from articles import search
from articles.models import Article

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="stored search vectors are PostgreSQL's")


def result_titles(response):
    return [a.title for a in response.context["page_obj"]]


@postgres_only
def test_search_vector_follows_bylines_and_tags(make_article, make_author):
    article = make_article(title="Harbour plan", authors=[make_author("Wilhelmina Quist")], tags=["ferries"])

    by_author = Article.objects.filter(search_vector="quist").values_list("pk", flat=True)
    by_tag = Article.objects.filter(search_vector="ferries").values_list("pk", flat=True)

    assert list(by_author) == [article.pk]
    assert list(by_tag) == [article.pk]


@postgres_only
def test_search_vector_follows_an_edited_headline(make_article):
    article = make_article(title="Old words")
    article.title = "Lighthouse restored"
    article.save()

    assert list(Article.objects.filter(search_vector="lighthouse").values_list("pk", flat=True)) == [article.pk]


def test_search_ranks_headline_matches_above_body_matches(client, make_article):
    make_article(title="Council meets", body="<p>The harbour came up once.</p>")
    make_article(title="Harbour dredging begins", body="<p>Work starts Monday.</p>")

    response = client.get("/search/", {"q": "harbour"})

    assert result_titles(response) == ["Harbour dredging begins", "Council meets"]


def test_search_finds_author_names_and_tags(client, make_article, make_author):
    make_article(title="Budget vote", authors=[make_author("Wilhelmina Quist")])
    make_article(title="Ferry timetable", tags=["waterfront"])

    assert result_titles(client.get("/search/", {"q": "Quist"})) == ["Budget vote"]
    assert result_titles(client.get("/search/", {"q": "waterfront"})) == ["Ferry timetable"]


def test_search_needs_every_word(client, make_article):
    make_article(title="Harbour dredging")
    make_article(title="Harbour ferries and dredging")

    assert result_titles(client.get("/search/", {"q": "harbour ferries"})) == ["Harbour ferries and dredging"]


def test_search_leaves_out_unpublished_articles(client, make_article):
    make_article(title="Harbour draft", status="draft")

    response = client.get("/search/", {"q": "harbour"})

    assert result_titles(response) == []
    assert "No stories match “harbour”" in response.content.decode()


def test_search_snippet_marks_the_words_and_escapes_the_text(client, make_article):
    make_article(title="Ferries", standfirst="", body="<p>Talks on the harbour &lt;script&gt; went late.</p>")

    html = client.get("/search/", {"q": "harbour"}).content.decode()

    assert "<mark>harbour</mark>" in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in html.split("<main")[1]


def test_search_fallback_ranks_and_highlights_without_a_stored_vector(make_article, make_author):
    # The SQLite path, run on any database.
    make_article(title="Council meets", body="<p>The harbour came up.</p>")
    make_article(title="Harbour news", authors=[make_author("Harbour Reporter")])

    results = list(search._fallback_search(Article.objects.published(), "harbour"))
    snippet = search._highlight("Ships in the Harbour & more", ["harbour"])

    assert [a.title for a in results] == ["Harbour news", "Council meets"]
    assert snippet == "Ships in the <mark>Harbour</mark> &amp; more"


@pytest.mark.parametrize(
    "query",
    ["", "   ", '"', "-", "!!!", "harbour & | ! :*", "'unclosed", "a" * 5000, "nul\x00byte", "(", "<script>", "the"],
)
def test_search_answers_odd_queries_without_error(client, make_article, query):
    make_article(title="Harbour")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_search_cuts_very_long_queries_and_says_so(client, make_article):
    response = client.get("/search/", {"q": "harbour " * 100})

    assert len(response.context["query"]) <= search.MAX_QUERY_LENGTH
    assert "only its first 200 characters were used" in response.content.decode()


def test_empty_search_shows_the_form_without_results(client):
    response = client.get("/search/")

    assert response.context["page_obj"] is None
    assert '<input id="search-q" type="search" name="q" value=""' in response.content.decode()


def test_search_paginates_keeping_the_query(client, make_article):
    for _ in range(21):
        make_article(title="Harbour story")

    first = client.get("/search/", {"q": "harbour"})
    second = client.get("/search/", {"q": "harbour", "page": 2})

    assert 'href="/search/?q=harbour&amp;page=2" rel="next"' in first.content.decode()
    assert len(second.context["page_obj"]) == 1
    assert client.get("/search/", {"q": "harbour", "page": 3}).status_code == 404


@pytest.mark.parametrize("count", [1, 5])
def test_search_makes_a_fixed_number_of_queries(client, make_tagged_photo_article, make_sponsor, count, django_assert_num_queries):
    for _ in range(count):
        make_tagged_photo_article(title="Harbour story")
        make_sponsor()
    client.get("/search/", {"q": "harbour"})

    # sponsors, menu, results, bylines, and on PostgreSQL the snippets
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 4):
        response = client.get("/search/", {"q": "harbour"})

    assert len(response.context["page_obj"]) == count


@postgres_only
def test_search_vector_follows_a_renamed_author_and_tag(make_article, make_author, django_capture_on_commit_callbacks):
    author = make_author("Old Name")
    article = make_article(authors=[author], tags=["oldtag"])

    # The refresh is a background task queued when the rename commits (run at once in the tests).
    with django_capture_on_commit_callbacks(execute=True) as queued:
        author.name = "Wilhelmina Quist"
        author.save()
        tag = article.tags.get()
        tag.name = "ferries"
        tag.save()
    assert len(_search_refreshes(queued)) == 2

    assert list(Article.objects.filter(search_vector="quist").values_list("pk", flat=True)) == [article.pk]
    assert list(Article.objects.filter(search_vector="ferries").values_list("pk", flat=True)) == [article.pk]


@postgres_only
def test_saving_an_author_without_renaming_queues_no_refresh(make_article, make_author, django_capture_on_commit_callbacks):
    author = make_author("Same Name")
    make_article(authors=[author])
    with django_capture_on_commit_callbacks(execute=True) as queued:
        author.bio = "Covers the harbour."
        author.save()
    # The page cache is told (the author's pages change), but no search refresh is queued.
    assert _search_refreshes(queued) == []


def _search_refreshes(callbacks):
    """The queued background tasks among the commit callbacks (the page cache's own refreshes left out)."""
    return [callback for callback in callbacks if getattr(getattr(callback, "func", callback), "__name__", "") != "_bump"]
