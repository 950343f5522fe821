"""Bylines with roles and guests on the page; corrections and updates on the page, on /corrections/ and in its feed."""

import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, Byline, Correction

pytestmark = pytest.mark.django_db


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def story(make_article, make_author, make_user):
    staff = make_user("Writer").author
    staff.name = "Kevin Zhang"
    staff.save()
    article = make_article(title="Envoys Meet", slug="envoys-meet")
    guest = make_author("Dana Park", bio="Dana Park is a freelance photographer in Geneva.")
    for position, (author, role) in enumerate([
        (staff, ""), (make_author("Li Wei"), ""), (make_author("Sam Ortiz"), "Additional reporting by"), (guest, "Photos by"),
    ]):
        Byline.objects.create(article=article, author=author, position=position, role=role)
    return article


def test_page_renders_by_line_role_lines_and_about_boxes(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'By <a href="/author/' in html
    assert "By Kevin Zhang and Li Wei" in text(html)
    assert "Additional reporting by Sam Ortiz" in text(html)
    assert "Photos by Dana Park" in text(html)
    assert "By Kevin Zhang, Li Wei" not in text(html)
    for name in ["Kevin Zhang", "Li Wei", "Sam Ortiz", "Dana Park"]:
        assert f"About {name}" in html


def test_guest_contributor_has_no_login_and_is_labelled(client, story):
    guest = story.bylines.get(role="Photos by").author
    assert guest.is_guest
    html = client.get(story.get_absolute_url()).content.decode()
    about = html[html.index("About Dana Park"):].split("</section>")[0]
    assert "Guest contributor" in about and "freelance photographer" in about


def test_cards_show_only_the_main_authors(client, story):
    html = client.get("/news/").content.decode()
    assert "By Kevin Zhang and Li Wei" in text(html)
    assert "Dana Park" not in html


def test_correction_shows_at_the_top_and_both_kinds_at_the_foot(client, make_article):
    article = make_article(body="<p>The mayor spoke on Monday.</p>")
    correction = Correction.objects.create(article=article, text="The mayor spoke on Tuesday, not Monday.")
    update = Correction.objects.create(article=article, kind=Correction.Kind.UPDATE, text="The council has since voted.")
    html = client.get(article.get_absolute_url()).content.decode()
    top, foot = html.index('class="correction-notice"'), html.index('id="corrections"')
    body = html.index('<div class="article-body">')
    assert top < body < foot
    notice = html[top:].split("</p>")[0]
    assert "The mayor spoke on Tuesday, not Monday." in notice and "council" not in notice
    listed = html[foot:].split("</section>")[0]
    assert f'id="correction-{correction.pk}"' in listed and f'id="correction-{update.pk}"' in listed
    assert "Correction" in listed and "Update" in listed


def test_corrections_page_lists_every_correction_newest_first(client, make_article):
    first = make_article(title="First Story")
    second = make_article(title="Second Story")
    draft = make_article(title="Draft Story", status=Article.Status.DRAFT)
    now = timezone.now()
    Correction.objects.create(article=first, text="Older fix.", published_at=now - timedelta(days=2))
    Correction.objects.create(article=second, text="Newer fix.", published_at=now - timedelta(days=1))
    Correction.objects.create(article=second, kind=Correction.Kind.UPDATE, text="Just an update.")
    Correction.objects.create(article=draft, text="Not public.")
    html = client.get("/corrections/").content.decode()
    assert html.index("Newer fix.") < html.index("Older fix.")
    assert "Just an update." not in html and "Not public." not in html
    assert f'href="{first.get_absolute_url()}#correction-' in html


@pytest.mark.parametrize("count", [1, 5])
def test_corrections_page_query_count(client, make_article, count, django_assert_num_queries):
    for _ in range(count):
        Correction.objects.create(article=make_article(), text="A fix.")
    # Site menu, the corrections with their articles and sections, sponsors.
    with django_assert_num_queries(3):
        response = client.get("/corrections/")
    assert response.content.decode().count("A fix.") == count


def test_corrections_feed(client, make_article):
    article = make_article(title="Bridge Story")
    Correction.objects.create(article=article, text="The bridge is 40 metres long, not 400.")
    feed = feedparser.parse(client.get("/corrections/feed/").content)
    assert feed.feed.title.startswith("Corrections")
    assert [(e.title, e.summary) for e in feed.entries] == [("Correction: Bridge Story", "The bridge is 40 metres long, not 400.")]
    assert feed.entries[0].link.endswith(f"{article.get_absolute_url()}#correction-{article.corrections.get().pk}")


@pytest.mark.parametrize("role", ["Editor", "Writer"])
def test_change_form_puts_bylines_right_after_the_main_fields(make_user, login, make_article, role):
    user = make_user(role)
    article = make_article(status=Article.Status.DRAFT)
    Byline.objects.create(article=article, author=user.author)
    html = login(user).get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    landmarks = ['id="id_tags"', 'id="bylines-group"', ">Photo</h2>", ">Publishing</h2>"]
    if role == "Editor":
        landmarks.append('id="corrections-group"')
    assert [html.find(mark) for mark in landmarks] == sorted(html.find(mark) for mark in landmarks)
    assert min(html.find(mark) for mark in landmarks) > -1
    assert html.count('id="bylines-group"') == 1
    # Headlines are long: the headline and slug inputs take the whole row.
    assert ".form-row.field-title .vTextField, .form-row.field-slug .vTextField { flex: 1 1 auto;" in html
