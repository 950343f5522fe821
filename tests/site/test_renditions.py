import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Photo
from articles.renditions import renditions_for
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def test_renditions_are_made_once_in_each_width_and_in_webp(make_photo, django_assert_num_queries):
    photo = make_photo(size=(1000, 600))

    with django_assert_num_queries(1):  # notes what was made on the photo
        sizes = renditions_for(photo)
    with django_assert_num_queries(0):
        again = renditions_for(photo)

    assert [(s["width"], s["height"]) for s in sizes] == [(320, 192), (640, 384), (960, 576), (1000, 600)]
    assert again == sizes
    with default_storage.open(sizes[1]["webp"]) as f:
        assert Image.open(f).format == "WEBP"
    with default_storage.open(sizes[1]["src"]) as f:
        assert Image.open(f).size == (640, 384)
    assert Photo.objects.get(pk=photo.pk).renditions["sizes"] == sizes


def test_renditions_are_made_again_for_a_new_image(make_photo):
    photo = make_photo(size=(700, 700))
    renditions_for(photo)

    photo.image.save("other.png", ContentFile(image_bytes("PNG", size=(400, 200))))
    sizes = renditions_for(photo)

    assert [(s["width"], s["type"]) for s in sizes] == [(320, "image/png"), (400, "image/png")]
    assert sizes[0]["src"].endswith("-320w.png")


def test_a_missing_original_falls_back_to_the_image_itself(make_photo):
    photo = make_photo()
    default_storage.delete(photo.image.name)

    assert renditions_for(photo) == []
    assert Photo.objects.filter(pk=photo.pk).values_list("renditions", flat=True).get() == {}


def test_article_page_serves_a_picture_with_webp_srcset_sizes_and_dimensions(client, make_article, make_photo):
    article = make_article(photo=make_photo(size=(1000, 600)))

    html = client.get(article.get_absolute_url()).content.decode()
    picture = re.search(r'<figure class="featured-photo">\s*(<picture>.*?</picture>)', html, re.S).group(1)

    renditions = re.escape(default_storage.url("renditions/"))
    assert re.search(rf'<source type="image/webp" srcset="{renditions}[^"]+-320w\.webp 320w, [^"]+-640w\.webp 640w, [^"]+-960w\.webp 960w, [^"]+-1000w\.webp 1000w" sizes="[^"]+">', picture)
    assert re.search(rf'<img src="{renditions}[^"]+-640w\.jpg" srcset="[^"]+-320w\.jpg 320w, ', picture)
    assert 'width="640" height="384"' in picture
    assert 'alt="What the picture shows"' in picture
    # The lead photo is the largest thing above the fold: fetched first, never lazily.
    assert 'fetchpriority="high"' in picture
    assert "loading=" not in picture


def test_cards_below_the_fold_load_lazily_without_alt_text_repeating_the_headline(client, make_article, make_photo):
    for _ in range(2):
        make_article(photo=make_photo(size=(800, 500)))

    html = client.get("/news/").content.decode()
    images = re.findall(r"<img [^>]+>", html.split('<div class="card-list">')[1])

    assert ['loading="eager"' in img for img in images] == [True, False]
    assert ['loading="lazy"' in img for img in images] == [False, True]
    assert all('alt=""' in img and "srcset=" in img and 'width="640"' in img for img in images)
