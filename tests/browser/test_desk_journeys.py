"""
The desk's three working days in Chromium, on a laptop (1280 px) and on a phone (390 px): a writer
takes a story from the empty form to review, an editor previews, sends back, schedules and
publishes it, a moderator works the comment queue, replies and bans. Each step checks what the
person sees, and the database only where the page cannot tell.

With DESK_SCREENSHOTS=<folder> (`make screenshots`) the laptop runs also save the main screens
there, for the README.

An embed in the body is left to tests/browser/test_body_media.py (it needs a stand-in oEmbed
provider); a library photo, the toolbar, autosave and the bylines are part of the writer's journey.
"""

import importlib
import io
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Photo, Section
from authors.models import Author
from comments.models import Ban, Comment
from tests.browser.conftest import PHONE, WIDE
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("DESK_SCREENSHOTS")
ROLES = importlib.import_module("articles.migrations.0004_editorial_groups").ROLES
COMMENT_ROLES = importlib.import_module("comments.migrations.0003_role_permissions").ROLES


def role(name):
    """
    A newsroom role's group. The data migrations make them; a transactional test's flush removes
    them, so they are made again here with the permissions those migrations give.
    """
    group, created = Group.objects.get_or_create(name=name)
    if created:
        for code in ROLES[name] + [f"comments.{c}" for c in COMMENT_ROLES.get(name, [])]:
            app_label, codename = code.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label)
            group.permissions.add(*(found if codename == "*" else found.filter(codename=codename)))
    return group


def desk_user(name, role_name, author=True):
    user = User.objects.create_user(name.lower(), f"{name.lower()}@newsroom.example", None, is_staff=True,
                                    first_name=name, last_name="Example")
    user.groups.add(role(role_name))
    if author:
        Author.objects.create(name=f"{name} Example", slug=name.lower(), user=user, title="Staff writer")
    return user


def save_screen(page, name):
    """The screen as the README shows it, at most 800 px wide, when DESK_SCREENSHOTS names a folder."""
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    picture = Image.open(io.BytesIO(page.screenshot()))
    picture.thumbnail((800, 2000))
    picture.convert("RGB").quantize(colors=128).save(Path(SCREENSHOTS) / f"{name}.png", optimize=True)


def shoot(page, name):
    """Save the screen for the README from the laptop run of a journey."""
    if page.viewport_size == WIDE:
        save_screen(page, name)


def pick(page, container, text):
    """Choose `text` in one of the admin's autocomplete (select2) boxes, as a person does: click, type, pick."""
    container.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def console_errors(page):
    return list(page.console_errors)


def empty_byline_row(page):
    """The bylines row with no author yet (the writer's own row comes filled in), added when there is none."""
    rows = page.locator("tr[id^=bylines-]:not(.empty-form)").filter(has=page.locator(".select2-selection__placeholder"))
    if not rows.count():
        page.locator("#bylines-group .add-row a").click()
    # By its id: once an author is picked the row no longer matches the filter above.
    return page.locator("#" + rows.first.get_attribute("id"))


def message(page):
    return page.locator("ul.messagelist").inner_text()


@pytest.fixture(params=[WIDE, PHONE], ids=["1280px", "390px"])
def viewport(request):
    return request.param


@pytest.fixture
def news(db):
    return Section.objects.create(name="News", slug="news")


def test_writer_takes_a_story_from_the_empty_form_to_review(page, live_server, login, news):
    writer = login(desk_user("Wendy", "Writer"))
    Author.objects.create(name="Ann Lee", slug="ann-lee")
    Photo.objects.create(image=ContentFile(image_bytes(size=(640, 400)), name="boat.jpg"),
                         caption="The new ferry in the harbour.", credit="Ann Lee/Newsroom", alt_text="A white ferry")
    page.goto(live_server.url + "/admin/articles/article/add/")

    page.fill("#id_title", "Harbour ferry returns after two winters")
    pick(page, page.locator(".field-section"), "News")
    page.fill("#id_standfirst", "The crossing reopens on Monday with a new boat.")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("The ferry sails again on ")
    bold = page.locator(".field-body button[title=bold]")
    bold.click()
    page.keyboard.type("Monday")
    bold.click()
    page.keyboard.type(". The new boat seats 120.")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Library photo").click()
    page.fill(".body-photo-search", "ferry")
    page.locator(".body-photo-choice", has_text="The new ferry").click()
    editor.locator("figure").wait_for()
    page.fill("#id_tags", "Harbour, Transport")
    row = empty_byline_row(page)
    pick(page, row, "Ann Lee")
    row.locator("input[name$=-role]").fill("Photos by")
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for(timeout=20_000)  # autosave (issue 11c)
    shoot(page, "writer-article-form")
    page.click("input[name=_submit_review]")

    assert "submitted for review" in message(page)
    article = Article.objects.get()
    assert (article.status, article.slug, sorted(article.tags.names())) == (
        "review", "harbour-ferry-returns-after-two-winters", ["Harbour", "Transport"],
    )
    assert "<strong>Monday</strong>" in article.body and "data-photo=" in article.body
    # The writer's own byline first (the form gives it), then the photographer.
    assert [(b.author.name, b.role) for b in article.bylines.all()] == [("Wendy Example", ""), ("Ann Lee", "Photos by")]
    assert writer.author.name == "Wendy Example"
    assert console_errors(page) == []


@pytest.fixture
def story_in_review(news):
    writer = desk_user("Wendy", "Writer")
    article = Article.objects.create(
        title="Harbour ferry returns", slug="harbour-ferry-returns", section=news, status=Article.Status.REVIEW,
        standfirst="The crossing reopens.", body="<p>The ferry sails again on Monday.</p>",
    )
    Byline.objects.create(article=article, author=writer.author, position=0)
    return article


def test_editor_previews_sends_back_schedules_and_publishes(page, live_server, login, story_in_review):
    login(desk_user("Edith", "Editor"))
    change = f"{live_server.url}/admin/articles/article/{story_in_review.pk}/change/"

    page.goto(f"{live_server.url}/preview/article/{story_in_review.pk}/")
    assert page.locator("h1").inner_text() == "Harbour ferry returns"
    assert page.locator(".preview-banner").is_visible()
    assert page.locator("form.comment-form").count() == 0
    shoot(page, "editor-preview")

    page.goto(change)
    page.fill("#id_desk_note", "Who runs the new boat? Add a line.")
    page.click("input[name=_send_back]")
    assert "sent back to the writer" in message(page)
    story_in_review.refresh_from_db()
    assert story_in_review.status == Article.Status.DRAFT

    page.goto(change)
    assert "Who runs the new boat?" in page.locator(".desk-box").first.inner_text()
    at = timezone.localtime() + timedelta(days=1)
    page.fill("#id_published_at_0", f"{at:%Y-%m-%d}")
    page.fill("#id_published_at_1", "06:00:00")
    shoot(page, "editor-schedule")
    page.click("input[name=_schedule]")
    assert "scheduled for" in message(page)
    assert page.request.get(live_server.url + "/news/harbour-ferry-returns/").status == 404

    page.goto(change)
    page.click("input[name=_publish]")
    assert "published." in message(page)
    page.goto(live_server.url + "/news/harbour-ferry-returns/")
    assert page.locator("h1").inner_text() == "Harbour ferry returns"
    assert console_errors(page) == []


@pytest.fixture
def queue(news):
    author = Author.objects.create(name="Kevin Zhang", slug="kevin-zhang")
    article = Article.objects.create(
        title="Harbour ferry returns", slug="harbour-ferry-returns", section=news, status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=2), body="<p>The ferry sails again on Monday.</p>",
    )
    Byline.objects.create(article=article, author=author, position=0)
    question = Comment.objects.create(
        article=article, author_name="Rosa Reader", author_email="rosa@example.org", ip_address="192.0.2.10",
        body="Does the ferry take bicycles?", status=Comment.Status.PENDING,
    )
    troll = Comment.objects.create(
        article=article, author_name="Loud Larry", author_email="larry@example.net", ip_address="198.51.100.7",
        body="Nobody will ride this boat, the whole town is stupid.", status=Comment.Status.PENDING,
    )
    return article, question, troll


def test_moderator_replies_from_the_queue_and_bans_a_commenter(page, live_server, login, queue):
    article, question, troll = queue
    # A moderator whose login is linked to an author profile: on main only a superuser can link it
    # (issue 11 defect 4, issue 11c's fix), so the test links it as a superuser would.
    login(desk_user("Mona", "Moderator"))
    page.goto(live_server.url + "/admin/comments/comment/?status__exact=pending")
    shoot(page, "moderator-queue")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2

    rosa = rows.filter(has_text="Does the ferry take bicycles?")
    rosa.get_by_role("link", name="Reply").click()
    page.fill("#id_body", "Yes: up to ten bicycles on each crossing.")
    page.click("input[value='Publish reply']")
    assert "Your reply is published. The comment you answered is approved too." in message(page)

    larry = page.locator("#result_list tbody tr").filter(has_text="the whole town is stupid")
    larry.locator("input.action-select").check()
    page.select_option("select[name=action]", "ban_commenters")
    page.click("button[name=index]")
    page.fill("#id_reason", "Insults other readers.")
    page.click("input[value=Ban]")
    assert "1 ban(s) created; 1 held comment(s) sent to spam." in message(page)
    assert list(Ban.objects.values_list("email", flat=True)) == ["larry@example.net"]

    page.goto(live_server.url + article.get_absolute_url())
    comments = page.locator(".comment-list").inner_text()
    assert "Does the ferry take bicycles?" in comments and "Yes: up to ten bicycles" in comments
    assert "the whole town is stupid" not in comments
    staff = page.locator(".comment-staff .comment-author")
    assert staff.inner_text() == "Mona Example STAFF Staff writer"
    shoot(page, "reader-staff-reply")
    assert console_errors(page) == []
