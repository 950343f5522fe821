"""Desk people: a user in each newsroom role (groups from the data migration), logged in with the test client."""

import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from articles.models import Article

_n = itertools.count(1)


@pytest.fixture
def make_user(db, make_author):
    def make(role, with_author=True, **kwargs):
        n = next(_n)
        kwargs = {"first_name": role, "last_name": str(n), **kwargs}
        user = User.objects.create_user(
            username=f"{role.lower()}{n}", password=None, email=f"{role.lower()}{n}@newsroom.example",
            is_staff=True, **kwargs,
        )
        user.groups.add(Group.objects.get(name=role))
        if with_author:
            make_author(f"{role} {n}", user=user)
        return user

    return make


@pytest.fixture
def login():
    def log_in(user):
        client = Client()
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def writer(make_user):
    return make_user("Writer")


@pytest.fixture
def editor(make_user):
    return make_user("Editor")


@pytest.fixture
def moderator(make_user):
    return make_user("Moderator", with_author=False)


@pytest.fixture
def article_form():
    """The article change form as a browser posts it: every field, the bylines inline, the loaded version."""

    def data(article=None, **overrides):
        values = {
            "title": "", "slug": "", "section": "", "standfirst": "", "body": "", "tags": "",
            "photo": "", "status": Article.Status.DRAFT, "published_at_0": "", "published_at_1": "",
            "is_featured": "", "front_position": "", "check_also": "", "allow_comments": "on", "sponsor": "",
            "seo_title": "", "meta_description": "", "social_image": "",
            "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
        }
        if article is not None:
            local = timezone.localtime(article.published_at) if article.published_at else None
            values.update(
                title=article.title, slug=article.slug, section=article.section_id, standfirst=article.standfirst,
                body=article.body, status=article.status, loaded_version=article.version,
                published_at_0=f"{local:%Y-%m-%d}" if local else "", published_at_1=f"{local:%H:%M:%S}" if local else "",
                allow_comments="on" if article.allow_comments else "",
                seo_title=article.seo_title, meta_description=article.meta_description,
                social_image=article.social_image_id or "",
            )
            bylines = list(article.bylines.all())
            values["bylines-TOTAL_FORMS"] = values["bylines-INITIAL_FORMS"] = str(len(bylines))
            for i, byline in enumerate(bylines):
                values.update({
                    f"bylines-{i}-id": byline.pk, f"bylines-{i}-article": article.pk,
                    f"bylines-{i}-author": byline.author_id, f"bylines-{i}-role": byline.role,
                    f"bylines-{i}-position": byline.position,
                })
            corrections = list(article.corrections.all())
            values["corrections-TOTAL_FORMS"] = values["corrections-INITIAL_FORMS"] = str(len(corrections))
            for i, note in enumerate(corrections):
                local = timezone.localtime(note.published_at)
                values.update({
                    f"corrections-{i}-id": note.pk, f"corrections-{i}-article": article.pk,
                    f"corrections-{i}-kind": note.kind, f"corrections-{i}-text": note.text,
                    f"corrections-{i}-published_at_0": f"{local:%Y-%m-%d}",
                    f"corrections-{i}-published_at_1": f"{local:%H:%M:%S}",
                })
        values.update(overrides)
        return {k: v for k, v in values.items() if v is not None}

    return data


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


ADD_URL = "/admin/articles/article/add/"
