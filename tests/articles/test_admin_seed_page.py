"""An editor produces the seed page in the admin alone, without touching code."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Photo, Section
from authors.models import Author
from sponsors.models import Sponsor
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def admin_post(client, url, data):
    response = client.post(url, data)
    if response.status_code != 302:
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
        pytest.fail(f"{url} refused the form: {errors}")
    return response


def article_form(**fields):
    data = {
        "status": "published",
        "published_at_0": "2022-01-10",
        "published_at_1": "09:30:00",
        "allow_comments": "on",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_editor_builds_the_seed_page_in_the_admin(admin_client, client):
    for position, name in enumerate(["HEARTS", "美华文学", "硅谷女性"]):
        admin_post(admin_client, "/admin/sponsors/sponsor/add/", {
            "name": name, "url": f"https://sponsor{position}.example/", "is_active": "on", "position": position,
        })
    admin_post(admin_client, "/admin/articles/section/add/", {"name": "News", "slug": "news", "position": 0})
    news = Section.objects.get(slug="news")
    admin_post(admin_client, "/admin/authors/author/add/", {
        "name": "Kevin Zhang", "slug": "kevin-zhang", "bio": "Kevin covers world news.",
    })
    kevin = Author.objects.get()
    admin_post(admin_client, "/admin/articles/photo/add/", {
        "image": SimpleUploadedFile("geneva.jpg", image_bytes(size=(120, 80)), content_type="image/jpeg"),
        "caption": "FILE PHOTO: Wendy Sherman and Sergei Ryabkov in Geneva, July 28, 2021.",
        "credit": "U.S. Mission Geneva/Handout via REUTERS",
        "alt_text": "Two diplomats stand before their national flags",
    })
    photo = Photo.objects.get()

    admin_post(admin_client, "/admin/articles/article/add/", article_form(
        title="Al-Qaeda Says Top Leader Killed In US Strike", slug="al-qaeda-says-top-leader-killed-in-us-strike",
        section=news.pk, standfirst="", body="<p>Terrorist group al-Qaeda confirmed on Sunday that a senior member died.</p>",
        tags="terrorism, al-qaeda", **{"bylines-0-author": kevin.pk, "bylines-0-position": 0},
    ))
    related = Article.objects.get()
    admin_post(admin_client, "/admin/articles/article/add/", article_form(
        title="Russian, American Diplomats Meet in Geneva", slug="russian-american-diplomats-meet-in-geneva",
        section=news.pk, standfirst="Formal talks began in Geneva.",
        body="<p>Formal talks are under way.</p><script>alert('x')</script><blockquote><p>Two paths.</p></blockquote>",
        tags="diplomacy, russia", photo=photo.pk, check_also=related.pk,
        **{"bylines-0-author": kevin.pk, "bylines-0-position": 0},
    ))
    article = Article.objects.get(slug="russian-american-diplomats-meet-in-geneva")
    assert "<script>" not in article.body
    assert sorted(article.tags.names()) == ["diplomacy", "russia"]

    html = client.get("/news/russian-american-diplomats-meet-in-geneva/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    for expected in [
        "Sponsored by HEARTS, 美华文学, and 硅谷女性",
        "FILE PHOTO: Wendy Sherman and Sergei Ryabkov in Geneva, July 28, 2021. U.S. Mission Geneva/Handout via REUTERS",
        "Russian, American Diplomats Meet in Geneva",
        "By Kevin Zhang",
        "Formal talks are under way.",
        "About Kevin Zhang",
        "Check Also Al-Qaeda Says Top Leader Killed In US Strike Terrorist group al-Qaeda confirmed on Sunday",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]:
        assert expected in text
    assert Sponsor.objects.count() == 3


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/add/",
        "/admin/articles/article/",
        "/admin/articles/photo/add/",
        "/admin/articles/section/",
        "/admin/authors/author/",
        "/admin/sponsors/sponsor/",
        "/admin/comments/comment/",
    ],
)
def test_admin_pages_open_for_an_editor(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_tag_suggestions_for_the_tag_box(admin_client, make_article):
    make_article(tags=["diplomacy", "disaster", "sports"])
    response = admin_client.get("/admin/articles/article/tags/suggest/", {"q": "di"})
    assert response.json() == {"results": ["diplomacy", "disaster"]}


def test_tag_suggestions_are_for_staff_only(client):
    response = client.get("/admin/articles/article/tags/suggest/", {"q": "di"})
    assert response.status_code == 302
