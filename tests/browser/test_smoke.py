"""The browser suite's own check: Chromium renders the article page served by the live test server."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_article_page_renders_in_chromium(page, live_server, make_article):
    article = make_article(title="Harbour ferry returns", body="<p>The ferry sails again on Monday.</p>")

    page.goto(live_server.url + article.get_absolute_url())

    assert page.locator("h1").inner_text() == "Harbour ferry returns"
    assert page.locator(".article-body").inner_text() == "The ferry sails again on Monday."
    assert page.console_errors == []
