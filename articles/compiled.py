"""
Card queries compiled once per process.

The uncached front page runs the same two large card queries on every view (each with the
edition's NOT EXISTS and the comment-count subquery): building and compiling each costs more
Python than reading and making its rows. From one view to the next only the present moment (what
is published by now) and the ids left out change, so a query is built and compiled once for its
shape with stand-in values, and later views run its SQL with their own values in the stand-ins'
places. The rows still become models through Django's own iterable (and so the page cache's
post_init keys), from the compiler that compiled the SQL.
"""

import copy
from datetime import datetime
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections, router
from django.dispatch import receiver
from django.utils import timezone, translation

# Stand-ins no real value takes: a moment in 1970 to the microsecond, and negative ids.
STAND_IN_NOW = datetime(1970, 1, 1, 0, 0, 0, 123457, tzinfo=dt_timezone.utc)
STAND_IN_ID = -1_000_000_007

_COMPILED = {}
_UNCOMPILED = object()


@receiver(setting_changed)
def _forget(**kwargs):
    # A setting (the languages, LIST_LANGUAGES, the time zone) may change the SQL: tests change them.
    _COMPILED.clear()


class _Compiled:
    def __init__(self, queryset, alias):
        self.queryset = queryset
        connection = connections[alias]
        self.compiler = queryset.query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        now = connection.ops.adapt_datetimefield_value(STAND_IN_NOW)
        # Where each request's values go: ("now",), ("id", i), or the compiled value itself.
        self.slots = []
        for value in params:
            if type(value) is type(now) and value == now:
                self.slots.append(("now",))
            elif type(value) is int and value <= STAND_IN_ID:
                self.slots.append(("id", STAND_IN_ID - value))
            else:
                self.slots.append(("value", value))

    def params(self, alias, now, ids):
        now = connections[alias].ops.adapt_datetimefield_value(now)
        return [now if slot[0] == "now" else ids[slot[1]] if slot[0] == "id" else slot[1] for slot in self.slots]


def compiled_rows(model, name, build, ids=(), **shape):
    """
    The rows (a list) of the `model` queryset that `build(now, ids, **shape)` gives for the present
    moment and these `ids`, its SQL compiled once for `name`, the number of ids and `shape` (and
    the language, the database, LIST_LANGUAGES). `build` must use `now` for every "published by
    now" and `ids` only as values (in an IN list).
    """
    alias = router.db_for_read(model)
    key = (name, len(ids), tuple(sorted(shape.items())), translation.get_language(), settings.LIST_LANGUAGES, alias)
    entry = _COMPILED.get(key)
    if entry is _UNCOMPILED:
        return list(build(timezone.now(), list(ids), **shape))
    if entry is None:
        queryset = build(STAND_IN_NOW, [STAND_IN_ID - i for i in range(len(ids))], **shape)
        try:
            entry = _Compiled(queryset, alias)
        except EmptyResultSet:
            entry = None
        if (
            entry is None
            or ("now",) not in entry.slots
            or sorted(slot[1] for slot in entry.slots if slot[0] == "id") != list(range(len(ids)))
            or queryset.db != alias
        ):
            # Not a query this knows how to run with other values: it is built afresh every time.
            _COMPILED[key] = _UNCOMPILED
            return list(build(timezone.now(), list(ids), **shape))
        _COMPILED[key] = entry
    params = entry.params(alias, timezone.now(), list(ids))
    queryset = entry.queryset.all()

    # The queryset runs the compiled SQL with this view's values, through a copy of the compiler
    # that compiled it (which knows how its columns make models) bound to this thread's connection.
    def get_compiler(using=None, connection=None, elide_empty=True):
        compiler = copy.copy(entry.compiler)
        compiler.connection = connections[using]
        compiler.using = using
        compiler.as_sql = lambda *args, **kwargs: (entry.sql, params)
        return compiler

    queryset.query.get_compiler = get_compiler
    return list(queryset)
