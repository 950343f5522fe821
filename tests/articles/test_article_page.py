"""The public article page, element by element, in the order of the seed page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_section, news):
    return make_section("World", "world", parent=news)


def get_page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    """The text a reader sees, tags removed and white space folded."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_article_url_is_section_path_and_slug(make_article, world):
    article = make_article(section=world, slug="diplomats-meet")
    assert article.get_absolute_url() == "/news/world/diplomats-meet/"


@pytest.mark.parametrize(
    "names, expected",
    [
        (["HEARTS"], "Sponsored by HEARTS"),
        (["HEARTS", "美华文学"], "Sponsored by HEARTS and 美华文学"),
        (["HEARTS", "美华文学", "硅谷女性"], "Sponsored by HEARTS, 美华文学, and 硅谷女性"),
    ],
)
def test_sponsor_strip_joins_names_in_editor_order(client, make_article, make_sponsor, names, expected):
    for position, name in enumerate(names):
        make_sponsor(name, position=position)
    html = get_page(client, make_article())
    strip = re.search(r'<aside class="sponsor-strip".*?</aside>', html, re.S).group(0)
    assert text_of(strip) == expected
    assert strip.count('rel="sponsored"') == len(names)


def test_sponsor_strip_leaves_out_inactive_and_expired_sponsors(client, make_article, make_sponsor):
    today = timezone.localdate()
    make_sponsor("Shown", position=0)
    make_sponsor("Switched off", is_active=False)
    make_sponsor("Ended", ends_on=today - timedelta(days=1))
    make_sponsor("Not yet", starts_on=today + timedelta(days=1))
    html = get_page(client, make_article())
    strip = re.search(r'<aside class="sponsor-strip".*?</aside>', html, re.S).group(0)
    assert text_of(strip) == "Sponsored by Shown"


def test_breadcrumbs_trail_home_sections_and_headline(client, make_article, world):
    article = make_article(title="Diplomats Meet in Geneva", section=world)
    html = get_page(client, article)
    nav = re.search(r'<nav class="breadcrumbs" aria-label="Breadcrumbs">.*?</nav>', html, re.S).group(0)
    assert [text_of(li) for li in re.findall(r"<li>.*?</li>", nav, re.S)] == [
        "Home", "News", "World", "Diplomats Meet in Geneva"
    ]
    assert re.findall(r'href="([^"]+)"', nav) == ["/", "/news/", "/news/world/"]
    assert '<span aria-current="page">Diplomats Meet in Geneva</span>' in nav


def test_featured_photo_shows_caption_credit_and_alt_text(client, make_article, make_photo):
    photo = make_photo(caption="FILE PHOTO: Envoys pose before talks.", credit="Mission/Handout", alt_text="Two envoys")
    html = get_page(client, make_article(photo=photo))
    figure = re.search(r'<figure class="featured-photo">.*?</figure>', html, re.S).group(0)
    assert 'alt="Two envoys"' in figure
    assert 'width="64" height="40"' in figure
    assert text_of(re.search(r"<figcaption>.*?</figcaption>", figure, re.S).group(0)) == (
        "FILE PHOTO: Envoys pose before talks. Mission/Handout"
    )


@pytest.mark.parametrize(
    "count, expected", [(1, "By Ann Lee"), (2, "By Ann Lee and Bo Chen"), (3, "By Ann Lee, Bo Chen, and Cy Diaz")]
)
def test_byline_names_authors_in_order_with_links(client, make_article, make_author, count, expected):
    authors = [make_author(name) for name in ["Ann Lee", "Bo Chen", "Cy Diaz"][:count]]
    html = get_page(client, make_article(authors=authors))
    byline = re.search(r'<p class="byline">.*?</p>', html, re.S).group(0)
    assert text_of(byline) == expected
    assert re.findall(r'href="([^"]+)"', byline) == [a.get_absolute_url() for a in authors]


def test_headline_dates_and_body_come_in_order(client, make_article, make_author):
    published = timezone.now() - timedelta(days=2)
    article = make_article(
        title="Talks Resume",
        authors=[make_author("Kevin Zhang")],
        published_at=published,
        body="<p>Formal talks resumed.</p><blockquote><p>A quote.</p></blockquote>",
    )
    html = get_page(client, article)
    markers = ["<h1>Talks Resume</h1>", 'class="byline"', "<time datetime=", '<div class="article-body">\n    <p>Formal talks']
    positions = [html.index(s) for s in markers]
    assert positions == sorted(positions)
    assert f'<time datetime="{timezone.localtime(published):%Y-%m-%dT%H:%M:%S%z}"' in html
    assert "<blockquote><p>A quote.</p></blockquote>" in html
    assert "Updated" not in html


def test_update_time_shown_after_an_editorial_update(client, make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    html = get_page(client, article)
    assert "Updated <time" in html


def test_author_box_has_bio_photo_and_link_for_each_author(client, make_article, make_author):
    kevin = make_author("Kevin Zhang", bio="Kevin covers diplomacy.")
    ann = make_author("Ann Lee", bio="Ann covers courts.")
    html = get_page(client, make_article(authors=[kevin, ann]))
    boxes = re.findall(r'<section class="author-box".*?</section>', html, re.S)
    assert [re.search(r"<h2[^>]*>(.*?)</h2>", b).group(1) for b in boxes] == ["About Kevin Zhang", "About Ann Lee"]
    assert "Kevin covers diplomacy." in boxes[0]
    assert f'href="{kevin.get_absolute_url()}"' in boxes[0]


def test_body_html_is_sanitized_when_saved(make_article):
    article = make_article(body='<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:x()">x</a></p>')
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert article.body.startswith("<p>Hi")


def check_also_box(html):
    match = re.search(r'<aside class="check-also".*?</aside>', html, re.S)
    return match.group(0) if match else ""


def test_check_also_shows_editor_pick_with_standfirst_excerpt(client, make_article, make_author):
    pick = make_article(title="Leader Killed In Strike", standfirst="The group confirmed the death on Sunday.")
    article = make_article(check_also=pick)
    box = check_also_box(get_page(client, article))
    assert f'<a href="{pick.get_absolute_url()}">Leader Killed In Strike</a>' in box
    assert "The group confirmed the death on Sunday." in box


def test_check_also_excerpt_is_body_opening_words_never_byline(client, make_article, make_author):
    words = " ".join(f"word{i}" for i in range(60))
    pick = make_article(title="Pick", standfirst="", body=f"<p>{words}</p>", authors=[make_author("Kevin Zhang")])
    box = check_also_box(get_page(client, make_article(check_also=pick)))
    excerpt = re.search(r"<p>(.*?)</p>", box, re.S).group(1)
    assert excerpt == " ".join(f"word{i}" for i in range(30)) + "…"
    assert "Kevin Zhang" not in box


def test_check_also_ignores_an_unpublished_pick_and_picks_most_shared_tags(client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    one_tag = make_article(title="One shared tag", tags=["russia"])
    make_article(title="Two shared tags", tags=["russia", "ukraine"], published_at=timezone.now() - timedelta(days=30))
    make_article(title="No shared tag", tags=["sports"])
    article = make_article(tags=["russia", "ukraine", "geneva"], check_also=draft)
    box = check_also_box(get_page(client, article))
    assert "Two shared tags" in box
    assert one_tag.title not in box


def test_check_also_prefers_same_section_on_equal_tags_then_newest(client, make_article, make_section, world):
    business = make_section("Business", "business")
    make_article(title="Other section", section=business, tags=["talks"], published_at=timezone.now() - timedelta(minutes=1))
    make_article(title="Same section older", section=world, tags=["talks"], published_at=timezone.now() - timedelta(days=3))
    article = make_article(section=world, tags=["talks"])
    assert "Same section older" in check_also_box(get_page(client, article))


def test_check_also_falls_back_to_newest_in_section_and_never_itself(client, make_article, world):
    make_article(title="Older in section", section=world, published_at=timezone.now() - timedelta(days=5))
    make_article(title="Newest in section", section=world, published_at=timezone.now() - timedelta(days=1))
    make_article(title="Scheduled in section", section=world, published_at=timezone.now() + timedelta(days=1))
    article = make_article(title="This one", section=world, published_at=timezone.now())
    box = check_also_box(get_page(client, article))
    assert "Newest in section" in box
    assert "This one" not in box


def test_no_check_also_box_when_nothing_is_related(client, make_article, world):
    assert check_also_box(get_page(client, make_article(section=world))) == ""


def test_leave_a_reply_form_has_labelled_fields(client, make_article):
    html = get_page(client, make_article())
    form = re.search(r'<div class="comment-respond".*?</form>', html, re.S).group(0)
    assert "<h2>Leave a Reply</h2>" in form
    assert "Your email address will not be published. Required fields are marked" in text_of(form)
    names = re.findall(r'<(?:input|textarea)[^>]*name="(\w+)"', form)
    assert [n for n in names if n not in ("csrfmiddlewaretoken", "parent")][:4] == ["name", "email", "url", "body"]
    for field_id, label in [("id_name", "Name *"), ("id_email", "Email *"), ("id_url", "Website"), ("id_body", "Comment *")]:
        assert text_of(re.search(rf'<label for="{field_id}">.*?</label>', form, re.S).group(0)) == label


def test_comment_form_hidden_when_comments_are_closed(client, make_article):
    html = get_page(client, make_article(allow_comments=False))
    assert "Leave a Reply" not in html
    assert "Comments are closed." in html


def test_elements_appear_in_seed_page_order(client, make_article, make_author, make_photo, make_sponsor):
    make_sponsor("HEARTS")
    pick = make_article(title="Picked")
    article = make_article(title="Headline", photo=make_photo(), authors=[make_author("Kevin Zhang")], check_also=pick)
    html = get_page(client, article)
    markers = ['class="sponsor-strip"', 'class="breadcrumbs"', 'class="featured-photo"', "<h1>Headline</h1>",
               'class="byline"', 'class="article-body"', "About Kevin Zhang", "Check Also", "Leave a Reply"]
    positions = [html.index(m) for m in markers]
    assert positions == sorted(positions)


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_unpublished_article_is_404(client, make_article, status):
    article = make_article(status=status, published_at=timezone.now() - timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_is_404_until_its_time(client, make_article):
    publish_at = timezone.now() + timedelta(hours=2)
    article = make_article(title="Embargoed", published_at=publish_at)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Embargoed" not in client.get("/").content.decode()
    with time_machine.travel(publish_at + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Embargoed" in client.get("/").content.decode()


def test_unknown_article_in_known_section_is_404(client, news):
    assert client.get("/news/no-such-article/").status_code == 404


@pytest.mark.parametrize("count", [1, 5])
def test_article_page_query_count_does_not_grow(client, make_article, make_author, make_comment, make_sponsor, count, django_assert_num_queries):
    for _ in range(count):
        make_sponsor()
    pick = make_article(title="Pick")
    article = make_article(authors=[make_author() for _ in range(count)], tags=[f"tag{i}" for i in range(count)], check_also=pick)
    for _ in range(count):
        make_comment(article)
    make_article(title="译文", language="zh-hans", original=article)
    # 8 (test_article_page_with_twenty_comments_and_ten_tags_in_eight_queries), and one for the
    # article's language versions (its hreflang alternates and translation link).
    with django_assert_num_queries(9):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="comment ') == count


@pytest.mark.parametrize("comments, tags", [(20, 10), (3, 1), (60, 25)])
def test_article_page_with_twenty_comments_and_ten_tags_in_eight_queries(
    client, make_article, make_author, make_comment, make_sponsor, make_photo, comments, tags, django_assert_num_queries
):
    """
    The heavy story of a breaking-news spike, uncached: the same eight queries whatever its number
    of comments and tags (issue 9): sections (menu and breadcrumbs), the article (with whether it
    has corrections or translations), bylines, tags, Check Also, sponsors, moderation rules and the
    whole thread of comments.
    """
    make_sponsor()
    pick = make_article(title="Pick")
    article = make_article(
        title="Heavy", photo=make_photo(), authors=[make_author(), make_author()], tags=[f"tag{i}" for i in range(tags)], check_also=pick
    )
    for _ in range(comments):
        make_comment(article)
    client.get(article.get_absolute_url())  # the photo's renditions are made on its first showing
    with django_assert_num_queries(8):
        response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="comment ') == min(comments, 50)
    assert html.count('rel="tag"') == tags
    assert "Check Also" in html and "Pick" in html


def test_check_also_falls_back_to_newest_on_the_site(client, make_article, make_section, world):
    business = make_section("Business", "business")
    make_article(title="Newest elsewhere", section=business, published_at=timezone.now() - timedelta(hours=1))
    article = make_article(title="Alone in World", section=world)
    assert "Newest elsewhere" in check_also_box(get_page(client, article))


def test_excerpt_skips_photo_captions_and_a_typed_byline(make_article):
    article = make_article(
        standfirst="",
        body=(
            "<figure><img src='/x.jpg' alt='A man'><figcaption>FILE PHOTO: a man. Reuters</figcaption></figure>"
            "<p>By Kevin Zhang</p><p>Terrorist group al-Qaeda confirmed on Sunday that a senior member died.</p>"
        ),
    )
    assert article.excerpt() == "Terrorist group al-Qaeda confirmed on Sunday that a senior member died."


def test_check_also_weighs_tags_with_a_bounded_number_of_queries(make_article, django_assert_max_num_queries):
    for i in range(5):
        make_article(title=f"Tagged {i}", tags=["elections", "budget"])
    article = make_article(tags=["elections", "budget", "council"])
    article = type(article).objects.prefetch_related("tags").get(pk=article.pk)
    with django_assert_max_num_queries(3):
        related = article.related_article()
    assert related.title == "Tagged 0"  # the factory makes each article an hour older than the last
