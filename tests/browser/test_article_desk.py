"""
Issue 11 in Chromium: the article form keeps what is typed (autosave with “Saved at”, recovery after a
closed tab, a warning before leaving with changes), shows length, reading time and a search-result
preview, orders bylines by dragging; an editor finds a login for an author profile.
"""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from articles.models import Article, ArticleAutosave, Byline, Section
from authors.models import Author
from tests.browser.conftest import PHONE, WIDE, editor_group

pytestmark = pytest.mark.django_db(transaction=True)

ADD = "/admin/articles/article/add/"
# Autosave runs every 5 seconds once something changed.
AUTOSAVE_WAIT_MS = 15_000


@pytest.fixture
def editor(db):
    user = User.objects.create_user("edna", "edna@newsroom.example", is_staff=True, first_name="Edna", last_name="Editor")
    user.groups.add(editor_group())
    Author.objects.create(name="Edna Editor", slug="edna-editor", user=user)
    return user


@pytest.fixture
def news(db):
    return Section.objects.create(name="News", slug="news")


BODY_EDITOR = ".form-row.field-body .ProseMirror[contenteditable=true]"


def type_body(page, text):
    page.locator(BODY_EDITOR).click()
    page.keyboard.type(text)


def body_text(page):
    return page.locator(BODY_EDITOR).inner_text()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"], indirect=True)
def test_autosave_says_saved_at_and_offers_the_text_back_after_a_closed_tab(page, browser_context, live_server, login, editor, news):
    login(editor)
    page.goto(live_server.url + ADD)
    page.fill("#id_title", "Storm warning for the coast")
    type_body(page, "Winds of 90 km/h are expected tonight.")
    page.locator("#autosave-status", has_text=re.compile(r"Saved at \d\d:\d\d")).wait_for(timeout=AUTOSAVE_WAIT_MS)
    assert not Article.objects.exists()
    page.close()

    again = browser_context.new_page()
    again.goto(live_server.url + ADD)
    offer = again.locator("#autosave-offer")
    assert re.search(r"Restore the autosaved text from \d\d:\d\d\?", offer.inner_text())
    with again.expect_navigation():
        again.click("#autosave-offer a.button")
    assert again.input_value("#id_title") == "Storm warning for the coast"
    assert "Winds of 90 km/h are expected tonight." in body_text(again)
    # Restoring fills the form only: saving is still the editor's act.
    assert not Article.objects.exists()
    assert ArticleAutosave.objects.count() == 1


def test_leaving_the_form_with_changes_asks_first(page, live_server, login, editor, news):
    article = Article.objects.create(title="Harbour plan", slug="harbour-plan", section=news, body="<p>First words.</p>")
    login(editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    change_url = page.url
    page.fill("#id_title", "Harbour plan approved")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click(".breadcrumbs a >> nth=-1")
    assert page.url == change_url
    assert dialogs and "not saved" in dialogs[0]
    assert page.input_value("#id_title") == "Harbour plan approved"

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click(".breadcrumbs a >> nth=-1")
    assert page.url.endswith("/admin/articles/article/")
    article.refresh_from_db()
    assert article.title == "Harbour plan"


def test_closing_the_tab_with_changes_triggers_the_browsers_warning(page, live_server, login, editor, news):
    article = Article.objects.create(title="Harbour plan", slug="harbour-plan", section=news, body="<p>First words.</p>")
    login(editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_standfirst", "The council voted 7-2.")
    kinds = []
    page.once("dialog", lambda dialog: (kinds.append(dialog.type), dialog.accept()))
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert kinds == ["beforeunload"]


def test_form_counts_words_and_previews_the_search_result(page, live_server, login, editor, news):
    login(editor)
    page.goto(live_server.url + ADD)
    page.fill("#id_title", "Harbour plan approved")
    type_body(page, "The council voted for the plan on Monday.")
    assert page.locator(".body-length").inner_text() == "8 words · about 1 min read"
    page.fill("#id_seo_title", "Harbour expansion: council approves the $40m plan for new quays and a ferry terminal")
    hint = page.locator(".field-seo_title .length-hint")
    assert hint.inner_text().startswith("84 characters") and "cut off" in hint.inner_text()
    preview = page.locator(".serp-preview")
    assert preview.locator(".serp-title").inner_text().startswith("Harbour expansion: council approves")
    assert preview.locator(".serp-title").inner_text().endswith("…")
    assert preview.locator(".serp-description").inner_text() == "The council voted for the plan on Monday."
    page.fill("#id_meta_description", "What the new quays mean for ferries.")
    assert preview.locator(".serp-description").inner_text() == "What the new quays mean for ferries."
    assert page.console_errors == []


def test_dragging_a_byline_reorders_it(page, live_server, login, editor, news):
    first = Author.objects.create(name="Ann First", slug="ann-first")
    second = Author.objects.create(name="Bob Second", slug="bob-second")
    article = Article.objects.create(title="Harbour plan", slug="harbour-plan", section=news, body="<p>First words.</p>")
    Byline.objects.create(article=article, author=first, position=0)
    Byline.objects.create(article=article, author=second, position=1)
    login(editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("#bylines-1 .byline-handle").drag_to(page.locator("#bylines-0"), target_position={"x": 20, "y": 2})
    expect(page.locator("#bylines-group tbody tr.form-row:not(.empty-form)").first).to_have_attribute("id", "bylines-1")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert [b.author.name for b in Byline.objects.filter(article=article).order_by("position")] == ["Bob Second", "Ann First"]


def test_editor_finds_a_login_for_an_author_profile(page, live_server, login, editor):
    guest = Author.objects.create(name="Gina Guest", slug="gina-guest")
    User.objects.create_user("gina", "gina@newsroom.example", is_staff=True)
    login(editor)
    page.goto(f"{live_server.url}/admin/authors/author/{guest.pk}/change/")
    page.click(".field-user .select2-selection")
    page.keyboard.type("gin")
    page.locator(".select2-results__option", has_text="gina").click()
    with page.expect_navigation():
        page.click("input[name=_save]")
    guest.refresh_from_db()
    assert guest.user.username == "gina"
