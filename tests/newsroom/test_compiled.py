"""
Queries compiled once per process (newsroom/compiled.py): each gives the rows its plain queryset
gives, for every view's own values, and a query it cannot run with other values is built afresh.
These fail loudly when a Django upgrade changes what the compiler leaves behind.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import views
from articles.models import (
    Article,
    Byline,
    Section,
    _bylines_of,
    _check_also_newest,
    _check_also_one,
    _language_versions,
    _tagged_with,
)
from comments.models import Comment, ModerationRules, _shown_comments
from newsroom import compiled
from newsroom.compiled import compiled_first, compiled_rows
from sponsors.context_processors import _active_on
from sponsors.models import Sponsor
from taggit.models import Tag, TaggedItem
from django.contrib.contenttypes.models import ContentType


@pytest.fixture(autouse=True)
def _compile_afresh():
    compiled._COMPILED.clear()
    yield
    compiled._COMPILED.clear()


def _row(row):
    """What a row holds: its fields and annotations, and the ids of the rows joined to it."""
    if not hasattr(row, "_state"):
        return row
    fields = {k: v for k, v in vars(row).items() if not k.startswith("_")}
    joined = {name: getattr(other, "pk", None) for name, other in row._state.fields_cache.items()}
    return (type(row).__name__, sorted(fields.items(), key=str), sorted(joined.items(), key=str))


def _same_as_plain(model, name, build, *value_sets, **shape):
    """Each set of values gives through the compiled query what the plain queryset gives; returns the rows."""
    found = []
    for values in value_sets:
        rows = compiled_rows(model, name, build, values, **shape)
        assert [_row(r) for r in rows] == [_row(r) for r in build(**values, **shape)], values
        found.append(rows)
    compiled_keys = [key for key, entry in compiled._COMPILED.items() if key[0] == name]
    assert compiled_keys and all(compiled._COMPILED[key] is not compiled._UNCOMPILED for key in compiled_keys)
    return found


def test_the_reader_pages_queries_give_what_their_querysets_give(make_article, make_section, make_author, make_comment, make_sponsor):
    now = timezone.now()
    world = make_section("World", "world", parent=Section.objects.get(slug="news"))
    local = make_section("Local", "local", position=2)
    talks = make_article(title="Talks", section=world, authors=[make_author(), make_author()], tags=["geneva", "talks"])
    budget = make_article(title="Budget", section=local, tags=["talks", "council"], published_at=now - timedelta(days=1))
    chinese = make_article(title="会谈", section=world, language="zh-hans", original=talks, published_at=now - timedelta(hours=3))
    make_article(title="Later", section=world, published_at=now + timedelta(hours=2))
    approved = [make_comment(talks), make_comment(talks)]
    pending = make_comment(talks, status=Comment.Status.PENDING)
    make_comment(budget)
    make_sponsor(name="Always")
    make_sponsor(name="Ended", ends_on=timezone.localdate() - timedelta(days=1))

    sections = _same_as_plain(Section, "sections:on-path", views._sections_on, {"prefixes": ["news", "news/world"]}, {"prefixes": ["local", "local/x"]})
    assert {s.slug for s in sections[0]} >= {"news", "world", "local"}
    pages = _same_as_plain(
        Article, "article:page", views._published_article,
        {"now": now, "section": world.pk, "slug": talks.slug},
        {"now": now, "section": local.pk, "slug": budget.slug},
        {"now": now, "section": world.pk, "slug": "later"},
    )
    assert [[a.title for a in rows] for rows in pages] == [["Talks"], ["Budget"], []]
    assert pages[0][0].has_versions and not pages[1][0].has_versions
    bylines = _same_as_plain(Byline, "bylines", _bylines_of, {"articles": [talks.pk]}, {"articles": [budget.pk, chinese.pk]}, {"articles": [chinese.pk, talks.pk]})
    assert [len(rows) for rows in bylines] == [2, 0, 2]
    content_type = ContentType.objects.get_for_model(Article).pk
    tags = _same_as_plain(Tag, "article:tags", views._tags_of, {"content_type": content_type, "article": talks.pk}, {"content_type": content_type, "article": budget.pk})
    assert [sorted(t.name for t in rows) for rows in tags] == [["geneva", "talks"], ["council", "talks"]]

    of_talks = {"now": now, "this": talks.pk, "group": talks.pk}
    of_budget = {"now": now, "this": budget.pk, "group": budget.pk}
    picks = _same_as_plain(Article, "check-also:pick", _check_also_one, {**of_talks, "pick": budget.pk}, {**of_budget, "pick": talks.pk}, {**of_talks, "pick": chinese.pk})
    assert [[a.title for a in rows] for rows in picks] == [["Budget"], ["Talks"], []]  # never the story's own translation
    _same_as_plain(Article, "check-also:section", _check_also_newest, {**of_talks, "section": world.pk, "language": "en"}, {**of_budget, "section": world.pk, "language": "zh-hans"})
    _same_as_plain(Article, "check-also:newest", _check_also_newest, of_talks, of_budget)
    tagged = _same_as_plain(
        TaggedItem, "check-also:tagged", _tagged_with,
        {"content_type": content_type, "tags": [t.pk for t in tags[0]], "this": talks.pk},
        {"content_type": content_type, "tags": [t.pk for t in tags[1]], "this": budget.pk},
        limit=10,
    )
    assert tagged == [[budget.pk], [talks.pk]]
    versions = _same_as_plain(Article, "article:versions", _language_versions, {"now": now, "group": talks.pk, "this": talks.pk}, {"now": now, "group": talks.pk, "this": chinese.pk})
    assert [[a.title for a in rows] for rows in versions] == [["会谈"], ["Talks"]]

    threads = _same_as_plain(
        Comment, "comments:thread", _shown_comments,
        {"article": talks.pk, "own": []}, {"article": talks.pk, "own": [pending.pk]}, {"article": budget.pk, "own": []},
        limit=201,
    )
    assert [[c.pk for c in rows] for rows in threads[:2]] == [[c.pk for c in approved], [*(c.pk for c in approved), pending.pk]]
    picked = make_article(title="Picked", front_position=1, section=local)
    _same_as_plain(Article, "front:picked", views.picked_stories, {"now": now}, {"now": now - timedelta(hours=30)})
    blocks = _same_as_plain(
        Article, "front:blocks", views.section_rows,
        {"now": now, "exclude": [picked.pk]}, {"now": now, "exclude": [talks.pk]}, {"now": now - timedelta(hours=30), "exclude": [budget.pk]},
        spare=1,
    )
    assert picked.pk not in {a.pk for a in blocks[0]} and talks.pk not in {a.pk for a in blocks[1]}
    _same_as_plain(Article, "front:blocks", views.section_rows, {"now": now, "exclude": []}, {"now": now + timedelta(hours=3), "exclude": []})
    sponsors = _same_as_plain(Sponsor, "sponsors:active", _active_on, {"on": timezone.localdate()}, {"on": timezone.localdate() - timedelta(days=3)})
    assert [[s.name for s in rows] for rows in sponsors] == [["Always"], ["Always", "Ended"]]
    rules = ModerationRules.load()
    rules.per_page = 7
    rules.save()
    assert ModerationRules.load().per_page == 7  # the compiled query, each time read afresh
    rules.per_page = 8
    rules.save()
    assert ModerationRules.load().per_page == 8


def test_a_query_whose_value_is_changed_on_its_way_to_sql_is_built_every_time(make_article, make_section):
    make_section("World", "world", parent=Section.objects.get(slug="news"))
    make_section("Local", "local")
    # A prefix becomes a LIKE pattern: the compiled SQL could not take another view's prefix.
    def under(prefix):
        return Section.objects.filter(path__startswith=prefix).order_by("path")

    assert [s.path for s in compiled_rows(Section, "under", under, {"prefix": "news"})] == ["news", "news/world"]
    assert [s.path for s in compiled_rows(Section, "under", under, {"prefix": "local"})] == ["local"]
    assert set(compiled._COMPILED.values()) == {compiled._UNCOMPILED}

    # A moment turned into a day: likewise.
    yesterday = make_article(title="Yesterday", published_at=timezone.now() - timedelta(days=1))
    today = make_article(title="Today", published_at=timezone.now())

    def on_day(now):
        return Article.objects.filter(published_at__date=now)

    assert compiled_first(Article, "day", on_day, {"now": today.published_at}) == today
    assert compiled_first(Article, "day", on_day, {"now": yesterday.published_at}) == yesterday


def test_a_value_that_cannot_stand_in_must_be_part_of_the_shape(db):
    with pytest.raises(TypeError, match="shape"):
        compiled_rows(Article, "flag", lambda featured: Article.objects.filter(is_featured=featured), {"featured": True})
    assert compiled_rows(Article, "flag", lambda featured: Article.objects.filter(is_featured=featured), featured=True) == []


def test_each_article_page_shows_its_own_story_through_the_compiled_queries(client, settings, make_article, make_author, make_comment):
    settings.PAGE_CACHE_SECONDS = 0
    first = make_article(title="First story", authors=[make_author("Ann Writer")], tags=["harbour"])
    second = make_article(title="Second story", authors=[make_author("Bo Reporter")], tags=["budget"], check_also=first)
    make_comment(first, body="About the first one.")
    make_comment(second, body="About the second one.")

    first_html = client.get(first.get_absolute_url()).content.decode()
    second_html = client.get(second.get_absolute_url()).content.decode()

    assert "Ann Writer" in first_html and "harbour" in first_html and "About the first one." in first_html
    for other in ("Ann Writer", "harbour", "About the first one."):
        assert other not in second_html.split('class="check-also')[0]
    assert "Bo Reporter" in second_html and "budget" in second_html and "About the second one." in second_html
    assert client.get(first.get_absolute_url()).content.decode() == first_html
    # Every query the article and front pages run was compiled: none fell back to being built each time.
    client.get("/")
    names = {key[0] for key, entry in compiled._COMPILED.items() if entry is not compiled._UNCOMPILED}
    assert not [key for key, entry in compiled._COMPILED.items() if entry is compiled._UNCOMPILED]
    assert names >= {
        "sections:on-path", "article:page", "bylines", "article:tags", "check-also:pick",
        "sponsors:active", "moderation-rules", "comments:thread", "front:picked", "front:blocks",
    }


def test_a_scheduled_story_appears_on_its_page_at_its_time_with_the_query_compiled(client, settings, make_article):
    settings.PAGE_CACHE_SECONDS = 0
    at = timezone.now() + timedelta(hours=1)
    scheduled = make_article(title="Embargoed", published_at=at)
    make_article(title="Warm-up")
    client.get(Article.objects.get(title="Warm-up").get_absolute_url())  # compiles the page's queries

    with time_machine.travel(at - timedelta(seconds=1)):
        assert client.get(scheduled.get_absolute_url()).status_code == 404
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "Embargoed" in client.get(scheduled.get_absolute_url()).content.decode()


def test_a_section_page_lists_its_section_and_every_section_below_it_through_the_compiled_query(client, settings, make_article, make_section):
    settings.PAGE_CACHE_SECONDS = 0
    now = timezone.now()
    news = Section.objects.get(slug="news")
    world = make_section("World", "world", parent=news)
    europe = make_section("Europe", "europe", parent=world)  # two levels below
    newsy = make_section("Newsy", "newsy")  # its path starts as news's does, and it is not below it
    make_article(title="Front matter", section=news)
    make_article(title="Geneva talks", section=world, published_at=now - timedelta(hours=1))
    brussels = make_article(title="Brussels vote", section=europe, published_at=now - timedelta(hours=2))
    make_article(title="Elsewhere", section=newsy)
    make_article(title="欧洲新闻", section=europe, language="zh-hans", original=brussels)  # each edition lists its own version
    at = now + timedelta(hours=1)
    make_article(title="Embargoed", section=europe, published_at=at)

    page = client.get("/news/").content.decode()
    listed = page.split('class="card-list"')[1]
    for title in ("Front matter", "Geneva talks", "Brussels vote"):
        assert title in listed
    for title in ("Elsewhere", "欧洲新闻", "Embargoed"):
        assert title not in listed
    menu = page.split('class="subsections"')[1].split("</nav>")[0]
    assert "World" in menu and "Europe" not in menu  # the menu names the level below only
    assert "欧洲新闻" in client.get("/zh-hans/news/").content.decode()
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "Embargoed" in client.get("/news/").content.decode().split('class="card-list"')[1]
    assert ("section:cards" in {key[0] for key in compiled._COMPILED}) and compiled._UNCOMPILED not in compiled._COMPILED.values()

    _same_as_plain(
        Article, "section:cards", views.listed_cards,
        {"now": now, "section_id__in": [news.pk, world.pk, europe.pk]}, {"now": at + timedelta(seconds=1), "section_id__in": [world.pk, europe.pk, newsy.pk]},
        start=0, stop=21,
    )


def test_tag_and_author_pages_list_their_stories_through_the_compiled_queries(client, settings, make_article, make_author):
    settings.PAGE_CACHE_SECONDS = 0
    now = timezone.now()
    ann, bo = make_author("Ann Writer"), make_author("Bo Reporter")
    harbour = make_article(title="Harbour plan", authors=[ann], tags=["harbour"], published_at=now - timedelta(hours=1))
    make_article(title="Harbour vote", authors=[ann, bo], tags=["harbour", "council"], published_at=now - timedelta(hours=2))
    make_article(title="Council budget", authors=[bo], tags=["council"])
    make_article(title="港口计划", authors=[ann], tags=["harbour"], language="zh-hans", original=harbour)
    at = now + timedelta(hours=1)
    make_article(title="Embargoed harbour", authors=[ann], tags=["harbour"], published_at=at)

    def listed(url):
        return client.get(url).content.decode().split('class="card-list"')[1]

    tag_page, author_page = listed("/tag/harbour/"), listed(ann.get_absolute_url())
    for page in (tag_page, author_page):
        assert "Harbour plan" in page and "Harbour vote" in page
        assert "Council budget" not in page and "港口计划" not in page and "Embargoed harbour" not in page
    assert "Bo Reporter" in tag_page  # the cards' bylines, fetched for the whole page at once
    assert "港口计划" in listed("/zh-hans/tag/harbour/")
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "Embargoed harbour" in listed("/tag/harbour/") and "Embargoed harbour" in listed(ann.get_absolute_url())
    compiled_names = {key[0] for key, entry in compiled._COMPILED.items() if entry is not compiled._UNCOMPILED}
    assert {"tag:cards", "author:cards"} <= compiled_names

    tag = Tag.objects.get(name="harbour").pk
    _same_as_plain(Article, "tag:cards", views.listed_cards, {"now": now, "tags": tag}, {"now": at + timedelta(seconds=1), "tags": tag}, start=0, stop=21)
    _same_as_plain(Article, "author:cards", views.listed_cards, {"now": now, "authors": ann.pk}, {"now": now, "authors": bo.pk}, start=0, stop=21)
