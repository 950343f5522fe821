import json
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def test_sponsors_page_lists_active_sponsors_in_order_with_logos(client, make_sponsor):
    second = make_sponsor("美华文学", position=2, description="A literary society.")
    first = make_sponsor("HEARTS", position=1, url="https://hearts.example/")
    first.logo.save("hearts.png", ContentFile(image_bytes("PNG")))
    make_sponsor("Switched off", is_active=False)
    make_sponsor("Finished", ends_on=timezone.localdate() - timedelta(days=1))

    response = client.get("/sponsors/")
    html = response.content.decode()

    assert [s.name for s in response.context["sponsors"]] == ["HEARTS", "美华文学"]
    assert '<h2><a href="https://hearts.example/" rel="sponsored">HEARTS</a></h2>' in html
    assert f'<img src="{first.logo.url}" alt="" width="160" height="80" loading="lazy">' in html
    assert "A literary society." in html
    assert second.name in html
    assert "Switched off" not in html


def test_sponsored_article_is_labelled_and_disclosed_at_its_top(client, make_article, make_sponsor):
    article = make_article(title="Spring sale", sponsor=make_sponsor("Corner Shop", url="https://shop.example/"))

    html = client.get(article.get_absolute_url()).content.decode()
    top = html.split("<h1>")[0]

    assert 'Sponsored content from <a href="https://shop.example/" rel="sponsored">Corner Shop</a>' in top
    assert "This article was paid for by Corner Shop." in top


def test_sponsored_article_names_its_sponsor_in_json_ld_and_cards(client, make_article, make_sponsor):
    article = make_article(title="Spring sale", sponsor=make_sponsor("Corner Shop", url="https://shop.example/"))

    page = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))[0]
    card = client.get("/news/").content.decode()

    assert data["sponsor"] == {"@type": "Organization", "name": "Corner Shop", "url": "https://shop.example/"}
    assert '<p class="card-sponsored">Sponsored</p>' in card


@pytest.mark.parametrize("count", [1, 5])
def test_sponsors_page_makes_a_fixed_number_of_queries(client, make_sponsor, count, django_assert_num_queries):
    for _ in range(count):
        make_sponsor()

    # the sponsor strip, the menu, the list
    with django_assert_num_queries(3):
        response = client.get("/sponsors/")

    assert response.content.decode().count('class="sponsor"') == count
