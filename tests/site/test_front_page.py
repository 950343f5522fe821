from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_front_page_leads_with_the_pinned_story(client, make_article):
    make_article(title="Newest story")
    make_article(title="Pinned story", is_featured=True, published_at=timezone.now() - timedelta(days=3))

    html = client.get("/").content.decode()

    assert html.index("Pinned story") < html.index("Newest story")
    assert '<h2 class="lead-title"><a href="/news/' in html
    assert html.count("Pinned story</a>") == 1


def test_front_page_without_a_pin_leads_with_the_newest_story(client, make_article):
    make_article(title="Older", published_at=timezone.now() - timedelta(days=1))
    make_article(title="Newest", published_at=timezone.now() - timedelta(minutes=1))

    response = client.get("/")

    assert response.context["lead"].title == "Newest"


def test_front_page_top_stories_follow_the_editors_order(client, make_article):
    make_article(title="Lead", is_featured=True)
    make_article(title="Third", front_position=3)
    make_article(title="First", front_position=1)
    make_article(title="Second", front_position=2)
    make_article(title="Unordered")

    response = client.get("/")

    assert response.context["lead"].title == "Lead"
    assert [a.title for a in response.context["top_stories"]] == ["First", "Second", "Third"]


def test_front_page_groups_the_latest_stories_by_top_level_section(client, make_article, make_section, news):
    world = make_section("World", "world", parent=news)
    business = make_section("Business", "business", position=5)
    make_article(title="Lead", is_featured=True)
    for i in range(6):
        make_article(title=f"World {i}", section=world, published_at=timezone.now() - timedelta(hours=i + 1))
    make_article(title="Markets", section=business)

    blocks = client.get("/").context["section_blocks"]

    assert [(section.name, [a.title for a in articles]) for section, articles in blocks] == [
        ("News", ["World 0", "World 1", "World 2", "World 3"]),
        ("Business", ["Markets"]),
    ]


def test_front_page_without_a_pin_takes_its_lead_and_blocks_from_one_query(client, make_article, make_section, news):
    # The newest story leads, and neither it nor the top stories come back in the section blocks,
    # whether the newest story is one of the editors' picks or not.
    business = make_section("Business", "business", position=5)
    now = timezone.now()
    for i in range(8):
        make_article(title=f"Picked {i}", front_position=i + 1, published_at=now - timedelta(hours=i + 1))
    for i in range(6):
        make_article(title=f"News {i}", published_at=now - timedelta(days=1, hours=i))
    make_article(title="Markets", section=business, published_at=now - timedelta(days=2))

    context = client.get("/").context
    assert context["lead"].title == "Picked 0"
    assert [a.title for a in context["top_stories"]] == [f"Picked {i}" for i in range(1, 7)]
    assert [(section.name, [a.title for a in articles]) for section, articles in context["section_blocks"]] == [
        ("News", ["Picked 7", "News 0", "News 1", "News 2"]),
        ("Business", ["Markets"]),
    ]

    make_article(title="Breaking", section=business, published_at=now - timedelta(minutes=1))
    context = client.get("/").context
    assert context["lead"].title == "Breaking"
    assert [a.title for a in context["top_stories"]] == [f"Picked {i}" for i in range(6)]
    assert [(section.name, [a.title for a in articles]) for section, articles in context["section_blocks"]] == [
        ("News", ["Picked 6", "Picked 7", "News 0", "News 1"]),
        ("Business", ["Markets"]),
    ]


def test_front_page_leaves_out_drafts_and_scheduled_stories(client, make_article):
    make_article(title="Live")
    make_article(title="Draft story", status="draft")
    make_article(title="Tomorrow's story", published_at=timezone.now() + timedelta(days=1))

    html = client.get("/").content.decode()

    assert "Live" in html
    assert "Draft story" not in html
    assert "Tomorrow" not in html


def test_front_page_links_to_older_stories_only_when_there_are_more(client, make_article):
    for _ in range(21):
        make_article()

    first = client.get("/").content.decode()
    second = client.get("/?page=2")

    assert 'href="/?page=2" rel="next"' in first
    assert len(second.context["page_obj"]) == 1
    assert client.get("/?page=3").status_code == 404


def test_front_page_knows_of_a_second_page_from_the_stories_it_fetched(client, make_article, make_section, django_assert_num_queries):
    # Five sections of six stories: the blocks' query brings back five of each, more than a page.
    for n in range(5):
        section = make_section(f"Section {n}", f"section-{n}", position=n)
        for _ in range(6):
            make_article(section=section)
    client.get("/")

    # sponsors, top-level sections, picked stories, section blocks (and the lead), the cards' bylines
    with django_assert_num_queries(5):
        html = client.get("/").content.decode()

    assert 'href="/?page=2" rel="next"' in html


@pytest.mark.parametrize("page", ["2", "0", "-1", "two", "99999999999999999999"])
def test_front_page_beyond_the_last_page_is_not_found(client, make_article, page):
    make_article()

    response = client.get(f"/?page={page}")

    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_front_page_queries_do_not_grow_with_stories(client, make_tagged_photo_article, make_comment, count, django_assert_num_queries):
    for i in range(count):
        article = make_tagged_photo_article(is_featured=i == 0, front_position=i or None)
        make_comment(article)
    client.get("/")  # renditions are made on first view

    # sponsors, top-level sections (menu and blocks), picked stories, section blocks, all the cards' bylines, has-more
    with django_assert_num_queries(6):
        response = client.get("/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_front_page_without_a_pin_makes_no_query_for_its_lead(client, make_tagged_photo_article, make_comment, count, django_assert_num_queries):
    for i in range(count):
        article = make_tagged_photo_article(front_position=i or None)
        make_comment(article)
    client.get("/")  # renditions are made on first view

    # The newest story leads, taken from the section blocks' query: as many queries as with a pin.
    with django_assert_num_queries(6):
        response = client.get("/")

    assert response.status_code == 200
    assert response.context["lead"] is not None


def test_front_page_compiled_queries_take_each_views_moment_and_stories(client, make_article, make_section):
    # The card queries are compiled once per process (newsroom/compiled.py); each view still gets
    # what is published by its own moment and leaves out its own top stories.
    business = make_section("Business", "business", position=5)
    at = timezone.now() + timedelta(hours=1)
    make_article(title="Scheduled", section=business, published_at=at)
    make_article(title="Old pick", front_position=1, published_at=timezone.now() - timedelta(days=2))
    make_article(title="Older", published_at=timezone.now() - timedelta(days=3))

    with time_machine.travel(at - timedelta(seconds=1)):
        html = client.get("/").content.decode()
        assert "Scheduled" not in html
        assert client.get("/").context["lead"].title == "Old pick"
    with time_machine.travel(at + timedelta(seconds=1)):
        context = client.get("/").context
        assert context["lead"].title == "Scheduled"
        assert [a.title for a in context["top_stories"]] == ["Old pick"]
        assert [(s.name, [a.title for a in block]) for s, block in context["section_blocks"]] == [("News", ["Older"])]

    make_article(title="New pick", is_featured=True, published_at=at - timedelta(days=1))
    with time_machine.travel(at + timedelta(seconds=2)):
        context = client.get("/").context
        assert context["lead"].title == "New pick"
        assert [a.title for a in context["top_stories"]] == ["Old pick"]
        assert [(s.name, [a.title for a in block]) for s, block in context["section_blocks"]] == [
            ("News", ["Older"]),
            ("Business", ["Scheduled"]),
        ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_front_page_compiled_queries_follow_the_edition(client, make_article, settings, language):
    settings.LIST_LANGUAGES = "edition"
    make_article(title="English story", language="en")
    make_article(title="中文故事", language="zh-hans")
    prefix = "" if language == "en" else "/zh-hans"

    lead = client.get(f"{prefix}/").context["lead"]

    assert lead.language == language
