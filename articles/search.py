"""
Full-text search over published articles, in English and in Chinese, Japanese and Korean (CJK).

On PostgreSQL each article stores a weighted search vector (headline, then standfirst, authors and
tags, then body), kept up to date when an article, its bylines or its tags are saved, and indexed
with GIN; queries take web-search syntax (words, "phrases", -word, or) and are ranked with ts_rank.

CJK text has no spaces between words, so PostgreSQL's parser would make a whole clause one word.
Before it is parsed, each run of CJK characters is rewritten as its overlapping pairs of characters
(硅谷女性 → 硅谷 谷女 女性 性, the run's last character alone too), by the SQL function
`newsroom_search_text` (migration 0007); a query's CJK run becomes the phrase of its pairs, so
讲座 or 硅谷女性 find the headline 硅谷女性协会举办讲座 and nothing that merely has the characters
apart, and a single character finds every pair it starts. Pairs need no dictionary, treat Chinese,
Japanese and Korean alike, and find names and new words a segmenter has never seen; see
bench/README.md for why this and not jieba or pg_trgm. English words in the same text or query are
stemmed as before, so one article or one query can mix both.

On SQLite, which has no such machinery, every word of the query (a CJK run counting as one) must
appear somewhere and matches in the headline count most.
"""

import html
import re
from datetime import timedelta

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import (
    Case, DateTimeField, Exists, ExpressionWrapper, F, Func, IntegerField, OuterRef, Q, Subquery, TextField, Value, When,
)
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from .text import CJK_RUN, UNSPACED, clip, has_cjk, text_width

SEARCH_CONFIG = "english"
# The SQL function (migration 0007) that rewrites CJK runs as pairs of characters before parsing.
SEARCH_TEXT_FUNCTION = "newsroom_search_text"
# Longer queries are cut: nobody types more, and the cost of parsing grows with the length.
MAX_QUERY_LENGTH = 200
# The SQLite fallback looks for at most this many words.
MAX_FALLBACK_TERMS = 8
SNIPPET_WORDS = 35
# The room a snippet made in Python takes (CJK characters count two): about 35 English words.
SNIPPET_WIDTH = 220
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
        SearchVector(SearchText("title"), weight="A", config=SEARCH_CONFIG)
        + SearchVector(SearchText("standfirst"), weight="B", config=SEARCH_CONFIG)
        + SearchVector(SearchText(authors), weight="B", config=SEARCH_CONFIG)
        + SearchVector(SearchText(tags), weight="B", config=SEARCH_CONFIG)
        + SearchVector(SearchText("body"), weight="C", config=SEARCH_CONFIG)
    )


class SearchText(Func):
    """Text as the search vector reads it: CJK runs rewritten as their pairs of characters (see the module's docstring)."""

    function = SEARCH_TEXT_FUNCTION
    output_field = TextField()


def cjk_pairs(run):
    """The tokens a CJK run is indexed as: its overlapping pairs, then its last character (as the SQL function does)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


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
        tsquery = to_tsquery(query)
        if tsquery is None:
            return queryset.none()
        newest = F("published_at")
        if mixes_scripts(query):
            # Articles are written in one language, so English and CJK words of one query seldom meet,
            # while the planner takes them for independent and walks the newest articles looking for
            # both (1.3 s through 100,000 rows for none, bench/README.md). Ordering by a value no
            # index holds makes it intersect the GIN index's lists instead (a few milliseconds).
            newest = ExpressionWrapper(newest + Value(timedelta(0)), output_field=DateTimeField())
        newest_matches = queryset.filter(search_vector=tsquery).order_by(newest.desc(), "-pk").values("pk")
        return (
            queryset.filter(pk__in=newest_matches[:RANKED_MATCHES])
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", "-published_at", "-pk")
        )
    return _fallback_search(queryset, query)


# A reader's query, web-search style: -"a phrase", -word, "a phrase", word; `or` between two terms.
_QUERY_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(query):
    """
    [[(negated, phrase_text)], ...]: the terms of a query, each inner list the alternatives joined
    by `or`, all lists required. A CJK run inside a term stays in it (a term is matched as a phrase).
    """
    groups, pending_or = [], False
    for match in _QUERY_TERM.finditer(query):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        text = quoted if quoted is not None else bare
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, text = "-", bare[1:]
        if bare is not None and bare.lower() == "or" and groups:
            pending_or = True
            continue
        if not re.search(r"\w", text):
            continue
        term = (bool(negated), text)
        if pending_or and not term[0] and not groups[-1][-1][0]:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return groups


def _literal(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(text):
    """One term as to_tsquery text: its words and CJK pairs in order, each next to the one before."""
    parts, last = [], 0
    for match in CJK_RUN.finditer(text):
        parts += [_literal(w) for w in re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text[last : match.start()])]
        run = match.group()
        # One character alone: every pair it starts (and a run's last character, indexed alone).
        parts += [_literal(run) + ":*"] if len(run) == 1 else [_literal(pair) for pair in cjk_pairs(run)[:-1]]
        last = match.end()
    parts += [_literal(w) for w in re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text[last:])]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def tsquery_text(query):
    """The query in to_tsquery's syntax, every operand quoted (so no input is a syntax error), or None."""
    required = []
    for group in parse_query(query):
        alternatives = []
        for negated, text in group:
            phrase = _phrase(text)
            if phrase:
                alternatives.append(f"!{phrase}" if negated else phrase)
        if alternatives:
            required.append(alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")")
    if not required or all(term.startswith("!") for term in required):
        return None
    return " & ".join(required)


def mixes_scripts(query):
    """Whether a query requires both CJK and other words."""
    kinds = {has_cjk(word) for group in parse_query(query) for negated, text in group if not negated for word in _terms(text)}
    return kinds == {True, False}


def to_tsquery(query):
    text = tsquery_text(query)
    return SearchQuery(text, search_type="raw", config=SEARCH_CONFIG) if text else None


def _fallback_search(queryset, query):
    """Every required term's words somewhere in the article (one of them for `or`), none of an excluded one's."""
    from .models import Article

    def by_name(word):
        by_author = Exists(Article.objects.filter(pk=OuterRef("pk"), authors__name__icontains=word))
        return by_author | Exists(Article.objects.filter(pk=OuterRef("pk"), tags__name__icontains=word))

    def found(word):
        return Q(title__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word) | by_name(word)

    score, scored = Value(0), 0
    for group in parse_query(query):
        alternatives = Q()
        for negated, text in group:
            words = _terms(text)
            if not words:
                continue
            if negated:
                for word in words:
                    queryset = queryset.exclude(found(word))
                continue
            every_word = Q()
            for word in words:
                every_word &= found(word)
                score = score + _fallback_score(word, by_name(word))
                scored += 1
            alternatives |= every_word
        if alternatives:
            queryset = queryset.filter(alternatives)
        if scored >= MAX_FALLBACK_TERMS:
            break
    if not scored:
        return queryset.none()
    return queryset.annotate(rank=score).order_by("-rank", "-published_at", "-pk")


def _fallback_score(word, by_name):
    """Headline matches count most, then standfirst, authors and tags, then body."""
    return (
        Case(When(title__icontains=word, then=Value(8)), default=Value(0), output_field=IntegerField())
        + Case(When(standfirst__icontains=word, then=Value(4)), default=Value(0), output_field=IntegerField())
        + Case(When(by_name, then=Value(4)), default=Value(0), output_field=IntegerField())
        + Case(When(body__icontains=word, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def _terms(query):
    """The words of a query, lower-case; a CJK run is a word of its own, even written against English."""
    spaced = CJK_RUN.sub(lambda m: f" {m.group()} ", query.lower())
    words = re.findall(r"\w[\w'’-]*", spaced)
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
    # ts_headline counts a CJK clause as one word, so CJK queries and articles get their snippet here.
    by_postgres = [] if has_cjk(query) or not uses_postgres(page) else [a for a in articles if not _has_cjk_text(a)]
    if by_postgres:
        tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        headlines = dict(
            page.filter(pk__in=[a.pk for a in by_postgres])
            .annotate(
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
        for article in by_postgres:
            # The stored text is entity-escaped HTML: read it as text, then escape it once, our way.
            text = escape(html.unescape(headlines.get(article.pk) or ""))
            article.snippet = mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))
    terms = highlight_terms(query)
    for article in articles:
        if article not in by_postgres:
            article.snippet = _highlight(f"{article.standfirst} {_plain(article.body)}", terms)
    return articles


def _has_cjk_text(article):
    return has_cjk(article.standfirst) or has_cjk(article.body)


def highlight_terms(query):
    """What to mark in a snippet: the query's words and CJK runs, leaving out those it asks to exclude."""
    terms = []
    for group in parse_query(query):
        for negated, text in group:
            if not negated:
                terms += _terms(text)
    return list(dict.fromkeys(terms))


def _plain(body):
    from .models import plain_text

    return plain_text(body)


def _highlight(text, terms):
    """
    A passage around the first match, escaped, with every match marked: a CJK run wherever it
    appears, an English word at the start of a word (so “meet” marks “meetings” too).
    """
    text = " ".join(text.split())
    pattern = None
    if terms:
        alternatives = [re.escape(t) if has_cjk(t) else r"(?<![^\W_])" + re.escape(t) for t in sorted(terms, key=len, reverse=True)]
        pattern = re.compile("|".join(alternatives), re.IGNORECASE)
    first = pattern.search(text) if pattern else None
    start = _passage_start(text, first.start()) if first else 0
    window = clip(text[start:], SNIPPET_WIDTH)
    if start > 0:
        window = "… " + window
    if not pattern:
        return escape(window)
    out, last = [], 0
    for match in pattern.finditer(window):
        out.append(escape(window[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(window[last:]))
    return mark_safe("".join(out))


# How much text before the first match a snippet shows, so the match is read in its sentence.
_LEAD_WIDTH = 50


def _passage_start(text, match_start):
    """Where a passage leading to `match_start` begins: its sentence's start when near, else a word or CJK boundary."""
    lead = match_start
    while lead > 0 and text_width(text[lead - 1 : match_start]) <= _LEAD_WIDTH:
        lead -= 1
    before = text[lead:match_start]
    sentence = max((i + 1 for i, c in enumerate(before) if c in "。！？!?." and (c != "." or before[i + 1 : i + 2] == " ")), default=0)
    if sentence:
        return lead + sentence + (1 if text[lead + sentence : lead + sentence + 1] == " " else 0)
    if lead == 0:
        return 0
    space = before.find(" ")
    if UNSPACED.match(text[lead]) or space < 0:
        return lead
    return lead + space + 1
