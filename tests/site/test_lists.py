from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db


def titles(response):
    return [a.title for a in response.context["page_obj"]]


def test_section_page_lists_its_own_and_its_subsections_stories(client, make_article, make_section, news):
    world = make_section("World", "world", parent=news)
    make_section("Business", "business")
    make_article(title="Local", published_at=timezone.now() - timedelta(hours=2))
    make_article(title="Abroad", section=world, published_at=timezone.now() - timedelta(hours=1))

    response = client.get("/news/")
    html = response.content.decode()

    assert titles(response) == ["Abroad", "Local"]
    assert '<nav class="subsections" aria-label="Subsections of News"><ul><li><a href="/news/world/">World</a>' in html


def test_subsection_page_shows_the_breadcrumb_trail(client, make_section, news):
    make_section("World", "world", parent=news)

    html = client.get("/news/world/").content.decode()

    assert '<li><a href="/">Home</a></li>' in html
    assert '<li><a href="/news/">News</a></li><li><span aria-current="page">World</span></li>' in html
    assert '"@type": "BreadcrumbList"' in html


def test_section_page_paginates_and_404s_past_the_last_page(client, make_article):
    for _ in range(21):
        make_article()

    first, second = client.get("/news/"), client.get("/news/?page=2")

    assert len(first.context["page_obj"]) == 20
    assert 'href="/news/?page=2" rel="next"' in first.content.decode()
    assert len(second.context["page_obj"]) == 1
    assert 'href="/news/" rel="prev"' in second.content.decode()
    assert client.get("/news/?page=3").status_code == 404


def test_author_page_shows_profile_and_only_their_published_stories(client, make_article, make_author):
    author = make_author("Ana Ruiz", bio="Covers the harbour.", website="https://ana.example/")
    make_article(title="Hers", authors=[author])
    make_article(title="Her draft", authors=[author], status="draft")
    make_article(title="Someone else's")

    response = client.get(f"/author/{author.slug}/")
    html = response.content.decode()

    assert titles(response) == ["Hers"]
    assert "<h1>Ana Ruiz</h1>" in html
    assert "Covers the harbour." in html
    assert '<a href="https://ana.example/" rel="me">' in html


def test_unknown_author_is_not_found(client):
    assert client.get("/author/nobody/").status_code == 404


def test_tag_page_lists_tagged_stories_newest_first(client, make_article):
    make_article(title="Older ferry story", tags=["ferries"], published_at=timezone.now() - timedelta(days=2))
    make_article(title="Newer ferry story", tags=["ferries"], published_at=timezone.now() - timedelta(days=1))
    make_article(title="Untagged")

    response = client.get("/tag/ferries/")

    assert titles(response) == ["Newer ferry story", "Older ferry story"]
    assert "Stories tagged “ferries”" in response.content.decode()
    assert client.get("/tag/nothing/").status_code == 404


@time_machine.travel(datetime(2026, 3, 15, 12, tzinfo=dt_timezone.utc), tick=False)
def test_month_archive_lists_that_month_with_links_to_its_neighbours(client, make_article):
    make_article(title="February", published_at=datetime(2026, 2, 27, 9, tzinfo=dt_timezone.utc))
    make_article(title="Early March", published_at=datetime(2026, 3, 1, 0, 0, tzinfo=dt_timezone.utc))
    make_article(title="Mid March", published_at=datetime(2026, 3, 14, 9, tzinfo=dt_timezone.utc))
    make_article(title="Scheduled March", published_at=datetime(2026, 3, 20, 9, tzinfo=dt_timezone.utc))

    response = client.get("/2026/03/")
    html = response.content.decode()

    assert titles(response) == ["Mid March", "Early March"]
    assert "Stories from March 2026" in html
    assert '<a href="/2026/02/" rel="prev">' in html
    assert 'rel="next"' not in html


@pytest.mark.parametrize("path", ["/2026/13/", "/2026/00/"])
def test_month_archive_of_an_impossible_month_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_unknown_page_answers_a_helpful_404(client, make_section):
    make_section("Business", "business")

    response = client.get("/no/such/page/")
    html = response.content.decode()

    assert response.status_code == 404
    assert '<form class="search-form" role="search" aria-label="Stories" action="/search/"' in html
    assert '<a href="/business/">Business</a>' in html


@time_machine.travel(datetime(2026, 3, 15, 12, tzinfo=dt_timezone.utc), tick=False)
@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize(
    "url, queries",
    [
        # sponsors, sections (menu, section, trail), subsections, articles, bylines
        ("/news/", 5),
        # sponsors, menu, author, articles, bylines
        ("/author/{author}/", 5),
        # sponsors, menu, tag, articles, bylines
        ("/tag/harbour/", 5),
        # sponsors, menu, articles, bylines, earlier month, later month
        ("/2026/03/", 6),
    ],
)
def test_list_pages_make_a_fixed_number_of_queries(
    client, make_tagged_photo_article, make_author, make_comment, make_sponsor, count, url, queries, django_assert_num_queries
):
    author = make_author()
    for _ in range(count):
        article = make_tagged_photo_article(authors=[author, make_author()], published_at=timezone.now() - timedelta(days=1))
        make_comment(article)
        make_sponsor()
    url = url.format(author=author.slug)
    client.get(url)  # renditions are made on first view

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert len(response.context["page_obj"]) == count
    assert response.content.decode().count("1 comment<span") == count


def test_tag_carried_only_by_unpublished_stories_is_404(client, make_article):
    from datetime import timedelta

    from django.utils import timezone

    make_article(status="draft", tags=["embargoed-merger"])
    make_article(published_at=timezone.now() + timedelta(days=1), tags=["embargoed-merger"])
    assert client.get("/tag/embargoed-merger/").status_code == 404


def test_header_menu_folds_sections_past_eight_under_more(client, make_section):
    for i in range(10):
        make_section(f"Section {i:02d}", f"section-{i:02d}", position=i)
    html = client.get("/").content.decode()
    nav = html[html.index('aria-label="Sections"'):html.index("</nav>", html.index('aria-label="Sections"'))]
    more = nav[nav.index("<summary>More</summary>"):]
    assert "Section 07" in nav and "Section 07" not in more
    assert "Section 08" in more and "Section 09" in more


def test_author_with_only_unpublished_stories_has_no_page_yet(client, make_article, make_author):
    author = make_author("New Hire")
    make_article(status="draft", authors=[author])
    assert client.get(author.get_absolute_url()).status_code == 404
    make_article(authors=[author])
    assert client.get(author.get_absolute_url()).status_code == 200
