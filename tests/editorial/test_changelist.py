"""The desk's article list: what it shows, how it filters, and that it stays cheap however long it is."""

import pytest
from django.db import connection

from articles.admin import EstimatedCountPaginator
from articles.models import Article
from comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 5])
def test_list_query_count_does_not_grow_with_articles(editor, login, make_article, make_author, make_comment, count, django_assert_num_queries):
    client = login(editor)
    for _ in range(count):
        article = make_article(authors=[make_author(), make_author()])
        make_comment(article, status=Comment.Status.PENDING)
        make_comment(article)
    client.get("/admin/articles/article/")
    # Session, user, savepoint (reversion), two permission lookups, section and author filters, count
    # (on PostgreSQL the planner's estimate first), the page, its bylines, its comment counts, the language
    # versions of its stories, release savepoint.
    with django_assert_num_queries(14 if connection.vendor == "postgresql" else 13):
        response = client.get("/admin/articles/article/")
    assert response.status_code == 200
    assert response.content.decode().count('class="field-title"') == count


@pytest.mark.parametrize("count", [1, 5])
def test_writers_list_query_count_does_not_grow(writer, login, make_article, count, django_assert_num_queries):
    client = login(writer)
    for _ in range(count):
        make_article(status=Article.Status.DRAFT, authors=[writer.author])
    client.get("/admin/articles/article/")
    with django_assert_num_queries(13):
        response = client.get("/admin/articles/article/")
    assert response.content.decode().count('class="field-title"') == count


def test_list_shows_status_section_bylines_and_comment_counts(editor, login, make_article, make_author, make_comment):
    article = make_article(title="Counted", authors=[make_author("Kevin Zhang"), make_author("Li Wei")])
    for status in [Comment.Status.PENDING, Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.SPAM]:
        make_comment(article, status=status)
    html = login(editor).get("/admin/articles/article/").content.decode()
    row = html[html.index(">Counted<"):].split("</tr>")[0]
    assert "Kevin Zhang, Li Wei" in row
    assert '<td class="field-status_display">Published</td>' in row
    assert '<span title="/news/">News</span>' in row
    assert f'<td class="field-comment_counts">1 · <a href="/admin/comments/comment/?article__id__exact={article.pk}&amp;status__exact=pending" title="Moderate them">2 held</a></td>' in row


def test_pending_count_links_to_the_articles_queue(editor, login, make_article, make_comment):
    article = make_article()
    make_comment(article, status=Comment.Status.PENDING)
    other = make_article()
    make_comment(other, status=Comment.Status.PENDING)
    response = login(editor).get(f"/admin/comments/comment/?article__id__exact={article.pk}&status__exact=pending")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(Comment.objects.filter(article=article))


def test_search_covers_title_standfirst_and_body(editor, login, make_article):
    make_article(title="In the title: zeppelin")
    make_article(standfirst="In the standfirst: zeppelin")
    make_article(body="<p>In the body: zeppelin</p>")
    make_article(title="Unrelated")
    response = login(editor).get("/admin/articles/article/", {"q": "zeppelin"})
    assert len(response.context["cl"].result_list) == 3


def test_filters_by_status_section_and_author(editor, login, make_article, make_author, make_section):
    kevin = make_author("Kevin Zhang")
    sport = make_section("Sport")
    draft = make_article(status=Article.Status.DRAFT, authors=[kevin])
    in_sport = make_article(section=sport, authors=[kevin, make_author()])
    client = login(editor)
    assert list(client.get("/admin/articles/article/", {"desk": "draft"}).context["cl"].result_list) == [draft]
    assert list(client.get("/admin/articles/article/", {"section": sport.pk}).context["cl"].result_list) == [in_sport]
    by_kevin = client.get("/admin/articles/article/", {"author": kevin.pk}).context["cl"].result_list
    assert sorted(a.pk for a in by_kevin) == sorted([draft.pk, in_sport.pk])


def test_drafts_come_first_then_newest(editor, login, make_article):
    old = make_article(title="Old")
    new = make_article(title="New")
    draft = make_article(title="Draft", status=Article.Status.DRAFT)
    result = list(login(editor).get("/admin/articles/article/").context["cl"].result_list)
    assert result == [draft, new, old] if new.published_at > old.published_at else [draft, old, new]


def test_list_never_counts_the_whole_table_twice(editor, login, make_article):
    make_article()
    response = login(editor).get("/admin/articles/article/")
    assert response.context["cl"].full_result_count is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate comes from PostgreSQL's statistics")
def test_unfiltered_count_on_postgresql_is_the_planners_estimate(make_article):
    for _ in range(3):
        make_article()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    paginator = EstimatedCountPaginator(Article.objects.all(), 50)
    paginator.ESTIMATE_ABOVE = 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'articles_article'::regclass")
        (estimate,) = cursor.fetchone()
    assert paginator.count == int(estimate)
    assert EstimatedCountPaginator(Article.objects.filter(status="draft"), 50).count == 0
