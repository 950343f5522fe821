"""
Issue 11, defect 4 and onboarding: a moderator replies from the admin without anyone's help, editors
link logins to author profiles, and add a writer (login, Writer group, profile, invitation) in one step.
"""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from authors.models import Author
from comments.models import Comment

pytestmark = pytest.mark.django_db

AUTHORS = "/admin/authors/author/"
ADD_WRITER = "/admin/authors/author/add-writer/"


def user_autocomplete(client, term=""):
    return client.get(
        "/admin/autocomplete/", {"app_label": "authors", "model_name": "author", "field_name": "user", "term": term}
    )


def test_moderator_without_a_profile_replies_under_their_own_name(moderator, login, make_article, make_comment):
    comment = make_comment(make_article(), status="pending", body="Is the road closed?")
    client = login(moderator)
    form = client.get(f"/admin/comments/comment/{comment.pk}/reply/").content.decode()
    assert f'value="{moderator.get_full_name()}"' in form
    response = client.post(f"/admin/comments/comment/{comment.pk}/reply/", {"name": "Mia Moderator", "body": "Yes, until Monday."})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=comment)
    profile = Author.objects.get(user=moderator)
    assert (reply.author_name, reply.author_profile, reply.status, profile.name) == ("Mia Moderator", profile, "approved", "Mia Moderator")
    # The next reply goes out under the same profile, without asking again.
    again = client.get(f"/admin/comments/comment/{comment.pk}/reply/").content.decode()
    assert "Reply as" not in again and "as <strong>Mia Moderator</strong>" in again


def test_editor_searches_logins_for_an_author_profile(editor, writer, login):
    newcomer = User.objects.create_user("newcomer", "n@newsroom.example", is_staff=True, first_name="Nina")
    User.objects.create_user("reader", "reader@example.com")  # not staff: never offered
    response = user_autocomplete(login(editor), "n")
    assert response.status_code == 200
    names = [row["text"] for row in json.loads(response.content)["results"]]
    assert names == ["newcomer"]
    assert "@" not in response.content.decode()


@pytest.mark.parametrize("role", ["writer", "moderator"])
def test_writers_and_moderators_cannot_search_logins(role, request, login):
    assert user_autocomplete(login(request.getfixturevalue(role))).status_code == 403


def test_editor_links_a_login_to_an_author_profile(editor, login, make_author):
    guest = make_author("Gina Guest")
    newcomer = User.objects.create_user("gina", "gina@newsroom.example", is_staff=True)
    data = {"name": guest.name, "slug": guest.slug, "title": "", "bio": "", "email": "", "website": "", "user": newcomer.pk}
    response = login(editor).post(f"{AUTHORS}{guest.pk}/change/", data)
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.user == newcomer


def test_editor_cannot_link_a_non_staff_account(editor, login, make_author):
    guest = make_author("Gina Guest")
    reader = User.objects.create_user("reader", "reader@example.com")
    data = {"name": guest.name, "slug": guest.slug, "user": reader.pk}
    response = login(editor).post(f"{AUTHORS}{guest.pk}/change/", data)
    assert response.status_code == 200
    guest.refresh_from_db()
    assert guest.user is None


def test_editor_adds_a_writer_who_gets_an_invitation(editor, login, client, django_capture_on_commit_callbacks):
    editor_client = login(editor)
    assert "Add writer" in editor_client.get(AUTHORS).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(ADD_WRITER, {"name": "Kevin Zhang", "email": "Kevin@Newsroom.example", "title": "Staff writer"})
    author = Author.objects.get(name="Kevin Zhang")
    assert response["Location"] == f"{AUTHORS}{author.pk}/change/"
    user = author.user
    assert (user.email, user.is_staff, user.is_superuser, list(user.groups.values_list("name", flat=True))) == (
        "kevin@newsroom.example", True, False, ["Writer"],
    )
    assert (author.slug, author.title, author.email) == ("kevin-zhang", "Staff writer", "kevin@newsroom.example")
    assert [m.to for m in mail.outbox] == [["kevin@newsroom.example"]]
    # The link in the mail lets the writer choose a password, then sign in and write.
    link = re.search(r"http://testserver(/admin/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "new_password1" in form_page.content.decode()
    client.post(form_page.redirect_chain[-1][0], {"new_password1": "a long pass phrase 42", "new_password2": "a long pass phrase 42"})
    user.refresh_from_db()
    assert user.check_password("a long pass phrase 42")


def test_adding_a_writer_with_a_known_address_is_refused(editor, writer, login):
    response = login(editor).post(ADD_WRITER, {"name": "Someone", "email": writer.email.upper()})
    assert "A login with this address exists already" in response.content.decode()
    assert not Author.objects.filter(name="Someone").exists()


@pytest.mark.parametrize("role", ["writer", "moderator"])
def test_only_editors_add_writers(role, request, login):
    client = login(request.getfixturevalue(role))
    assert client.get(ADD_WRITER).status_code == 403
    assert client.post(ADD_WRITER, {"name": "Mallory", "email": "m@example.com"}).status_code == 403
    assert "Add writer" not in client.get(AUTHORS).content.decode()
    assert not User.objects.filter(email="m@example.com").exists()
