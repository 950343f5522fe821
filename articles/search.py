"""
Full-text search over published articles.

On PostgreSQL each article stores a weighted search vector (headline, then standfirst, authors and
tags, then body), kept up to date when an article, its bylines or its tags are saved, and indexed
with GIN; queries are parsed as web-search syntax and ranked with ts_rank. On SQLite, which has no
such machinery, every word of the query must appear somewhere and matches in the headline count most.
"""

import html
import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

SEARCH_CONFIG = "english"
# Longer queries are cut: nobody types more, and the cost of parsing grows with the length.
MAX_QUERY_LENGTH = 200
# The SQLite fallback looks for at most this many words.
MAX_FALLBACK_TERMS = 8
SNIPPET_WORDS = 35
# How many of the newest matches PostgreSQL ranks (see `search`).
RANKED_MATCHES = 1000

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Unusual characters that ts_headline wraps around matches; replaced by <mark> after escaping.
_START, _STOP = "\u2e20", "\u2e21"


def clean_query(raw):
    """A reader's query made safe to run: no control characters (PostgreSQL refuses NUL), one space between words."""
    text = " ".join(_CONTROL.sub(" ", raw or "").split())
    return text[:MAX_QUERY_LENGTH].strip()


def search_document():
    """The weighted vector an article is found by: headline, then standfirst, authors and tags, then body."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    from .models import Article, Byline

    # Subqueries on the link tables themselves, so each reads its index on the article's id.
    authors = Subquery(
        Byline.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(names=StringAgg("author__name", delimiter=" "))
        .values("names")
    )
    tags = Subquery(
        TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article), object_id=OuterRef("pk"))
        .order_by()
        .values("object_id")
        .annotate(names=StringAgg("tag__name", delimiter=" "))
        .values("names")
    )
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
        + SearchVector(authors, weight="B", config=SEARCH_CONFIG)
        + SearchVector(tags, weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def uses_postgres(queryset):
    return connections[queryset.db].vendor == "postgresql"


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags are saved after the article itself (by the admin form and by `tags.set`): refresh its vector then."""
    from .models import Article

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Article):
        Article.objects.filter(pk=instance.pk).update_search_vectors()


def name_before_save(sender, instance, raw=False, **kwargs):
    """Remember an author's or a tag's stored name, to tell a rename from another change."""
    instance._stored_name = (
        None if raw or instance._state.adding else sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    )


def name_changed(sender, instance, created, raw=False, **kwargs):
    """
    An author or a tag renamed: the articles that carry the name are found by the new one. A name
    can be on thousands of articles, so the refresh is a background task queued after the commit.
    """
    from authors.models import Author
    from newsroom.tasks import enqueue_on_commit

    from .tasks import refresh_search_vectors

    if created or raw or getattr(instance, "_stored_name", None) in (None, instance.name):
        return
    instance._stored_name = instance.name
    key = "author_pk" if isinstance(instance, Author) else "tag_pk"
    enqueue_on_commit(refresh_search_vectors, **{key: instance.pk})


def search(queryset, query):
    """
    `queryset` (published articles) filtered to those matching `query`, best match first.

    On PostgreSQL only the newest RANKED_MATCHES matches are ranked: ranking reads every candidate's
    whole vector, and a common word matches most of the archive. For news, the best of the newest
    thousand is what a reader is after; the benchmark (bench/search.py) shows what it saves.
    """
    if uses_postgres(queryset):
        tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        newest_matches = queryset.filter(search_vector=tsquery).order_by("-published_at", "-pk").values("pk")
        return (
            queryset.filter(pk__in=newest_matches[:RANKED_MATCHES])
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", "-published_at", "-pk")
        )
    return _fallback_search(queryset, query)


def _fallback_search(queryset, query):
    from .models import Article

    terms = _terms(query)
    if not terms:
        return queryset.none()
    score = Value(0)
    for term in terms:
        by_author = Exists(Article.objects.filter(pk=OuterRef("pk"), authors__name__icontains=term))
        by_tag = Exists(Article.objects.filter(pk=OuterRef("pk"), tags__name__icontains=term))
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(standfirst__icontains=term) | Q(body__icontains=term) | by_author | by_tag
        )
        score = (
            score
            + Case(When(title__icontains=term, then=Value(8)), default=Value(0), output_field=IntegerField())
            + Case(When(standfirst__icontains=term, then=Value(4)), default=Value(0), output_field=IntegerField())
            + Case(When(by_author | by_tag, then=Value(4)), default=Value(0), output_field=IntegerField())
            + Case(When(body__icontains=term, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
    return queryset.annotate(rank=score).order_by("-rank", "-published_at", "-pk")


def _terms(query):
    words = re.findall(r"\w[\w'’-]*", query.lower())
    return list(dict.fromkeys(words))[:MAX_FALLBACK_TERMS]


class StripTags(Func):
    """The text of sanitized HTML: tags dropped, entities left as they are (so still escaped)."""

    function = "regexp_replace"
    template = "%(function)s(%(expressions)s, '<[^>]*>', ' ', 'g')"
    output_field = TextField()


def add_snippets(articles, query):
    """Give each article of a result page `snippet`: safe HTML, the passage that matched with the words in <mark>."""
    articles = list(articles)
    if not articles:
        return articles
    from .models import Article

    page = Article.objects.using(articles[0]._state.db).filter(pk__in=[a.pk for a in articles])
    if uses_postgres(page):
        tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        headlines = dict(
            page.annotate(
                snippet=SearchHeadline(
                    Concat("standfirst", Value(" "), StripTags("body"), output_field=TextField()),
                    tsquery,
                    config=SEARCH_CONFIG,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=SNIPPET_WORDS,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "snippet")
        )
        for article in articles:
            # The stored text is entity-escaped HTML: read it as text, then escape it once, our way.
            text = escape(html.unescape(headlines.get(article.pk) or ""))
            article.snippet = mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))
    else:
        terms = _terms(query)
        for article in articles:
            article.snippet = _highlight(f"{article.standfirst} {_plain(article.body)}", terms)
    return articles


def _plain(body):
    from .models import plain_text

    return plain_text(body)


def _highlight(text, terms):
    """A window of words around the first match, escaped, with every match marked."""
    words = text.split()
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE) if terms else None
    start = 0
    if pattern:
        for i, word in enumerate(words):
            if pattern.search(word):
                start = max(0, i - 8)
                break
    window = " ".join(words[start : start + SNIPPET_WORDS])
    if start > 0:
        window = "… " + window
    if start + SNIPPET_WORDS < len(words):
        window += " …"
    if not pattern:
        return escape(Truncator(window).words(SNIPPET_WORDS))
    out, last = [], 0
    for match in pattern.finditer(window):
        out.append(escape(window[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(window[last:]))
    return mark_safe("".join(out))
