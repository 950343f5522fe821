"""
Queries compiled once per process.

The reader's pages run the same queries on every view with other values: the article page looks an
article up by its section and slug, the front page asks for what is published by now. Building a
queryset and compiling it to SQL costs more Python than running the query and making its rows, so
a query is built and compiled once for its shape, with stand-in values in the place of the view's,
and later views run that SQL with their own values where the stand-ins were. The rows still become
models through Django's own iterable, from the compiler that compiled the SQL (so select_related
and the page cache's post_init keys work as for any queryset).

    rows = compiled_rows(Article, "article:page", build, values={"now": now, "slug": slug})

`build(**values, **shape)` returns the queryset. It must use each value only as a value in the
query (compared with a column, or in an IN list), never in Python nor changed (a LIKE pattern made
of it, a date taken from a moment): a query where a stand-in does not come back as it went in is
not compiled, and is built afresh on every call, so a query this cannot handle is slower, never
wrong. `shape` is anything else that changes the SQL (a count, a flag): part of the key, passed
as it is.
"""

import copy
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections, router
from django.dispatch import receiver
from django.utils import translation

# Stand-ins no real value takes: moments and days in January 1970, huge negative ids, and strings
# carrying a marker no text has.
STAND_IN_MOMENT = datetime(1970, 1, 1, 0, 0, 0, 123457, tzinfo=dt_timezone.utc)
STAND_IN_DAY = date(1970, 1, 2)
STAND_IN_ID = -1_000_000_007
STAND_IN_MARK = "\u2063stand-in\u2063"

_COMPILED = {}
_UNCOMPILED = object()


@receiver(setting_changed)
def _forget(**kwargs):
    # A setting (the languages, LIST_LANGUAGES, the time zone, the database) may change the SQL: tests change them.
    _COMPILED.clear()


def _kind(value):
    """What stands in for a value: its type's name, or TypeError for a value that cannot be a stand-in's."""
    if isinstance(value, datetime):
        if value.tzinfo is None and settings.USE_TZ:
            raise TypeError("compiled_rows() takes aware datetimes")
        return "datetime"
    for kind in (date, int, str):
        if isinstance(value, kind) and not isinstance(value, bool):
            return kind.__name__
    raise TypeError(f"compiled_rows() cannot stand in for {value!r}: pass it as part of the shape")


class _StandIns:
    """Stand-ins for one compilation, and the values they become in the compiled parameters."""

    def __init__(self, connection):
        self.ops = connection.ops
        self.count = 0
        self.slots = {}  # adapted stand-in -> (value name, index in its list or None)

    def make(self, name, value, index=None):
        n = self.count = self.count + 1
        kind = _kind(value)
        if kind == "datetime":
            stand_in = STAND_IN_MOMENT + timedelta(microseconds=n)
        elif kind == "date":
            stand_in = STAND_IN_DAY + timedelta(days=n)
        elif kind == "int":
            stand_in = STAND_IN_ID - n
        else:
            stand_in = f"{STAND_IN_MARK}{n}{STAND_IN_MARK}"
        self.slots[(kind, self.adapt(kind, stand_in))] = (name, index)
        return stand_in

    def adapt(self, kind, value):
        if kind == "datetime":
            return self.ops.adapt_datetimefield_value(value)
        if kind == "date":
            return self.ops.adapt_datefield_value(value)
        return value

    def build(self, values):
        return {
            name: [self.make(name, v, i) for i, v in enumerate(value)] if isinstance(value, (list, tuple)) else self.make(name, value)
            for name, value in values.items()
        }

    def slot_of(self, param):
        """
        Where a compiled parameter's value comes from: (kind, name, index, type), ("value", param), or
        None (a stand-in changed). The type is the parameter's own: an int may come back wrapped for
        the driver (psycopg's Int4), and each view's value is wrapped the same way.
        """
        for kind in ("datetime", "date", "int", "str"):
            if isinstance(param, type(self.adapt(kind, _EXAMPLES[kind]))):
                found = self.slots.get((kind, int(param) if kind == "int" else param))
                if found is not None:
                    return (kind, *found, type(param))
        if _looks_derived(param):
            return None
        return ("value", param)


_EXAMPLES = {"datetime": STAND_IN_MOMENT, "date": STAND_IN_DAY, "int": STAND_IN_ID, "str": STAND_IN_MARK}


def _looks_derived(param):
    """A compiled parameter made from a stand-in rather than being one (a LIKE pattern, a day of a moment)."""
    if isinstance(param, str):
        return STAND_IN_MARK in param or param.startswith("1970-01-0")
    if isinstance(param, (date, datetime)):
        return param.year == 1970 and param.month == 1 and param.day < 10
    return isinstance(param, int) and not isinstance(param, bool) and param < STAND_IN_ID + 1_000_000


class _Compiled:
    def __init__(self, queryset, alias, stand_ins):
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        self.slots = [stand_ins.slot_of(param) for param in params]
        used = {slot[1:3] for slot in self.slots if slot is not None and slot[0] != "value"}
        # Every stand-in went in and came back as it was: else the query is not one to compile.
        self.usable = None not in self.slots and used == set(stand_ins.slots.values()) and queryset.db == alias
        if self.usable:
            # Decided once: whether each view's value is wrapped as the stand-in's was (psycopg's Int4);
            # moments and days are adapted instead, plain ints and strings go as they are.
            self.slots = [
                slot if slot[0] == "value" else (*slot[:3], None if slot[3] in (int, str) or slot[0] in ("datetime", "date") else slot[3])
                for slot in self.slots
            ]
        self.adapt = stand_ins.adapt  # adapts each view's values as it adapted its own

    def params(self, values):
        params = []
        for slot in self.slots:
            if slot[0] == "value":
                params.append(slot[1])
                continue
            kind, name, index, wrap = slot
            value = self.adapt(kind, values[name] if index is None else values[name][index])
            params.append(value if wrap is None else wrap(value))
        return params


def _signature(values):
    return tuple(
        (name, len(value) and _kind(value[0]), len(value)) if isinstance(value, (list, tuple)) else (name, _kind(value))
        for name, value in sorted(values.items())
    )


def compiled_rows(model, name, build, values=None, **shape):
    """
    The rows (a list) of the `model` queryset `build(**values, **shape)` gives, its SQL compiled once
    per process for `name`, the `shape`, the kinds of the values and the length of each list (and
    the language, LIST_LANGUAGES and the database). Values are aware datetimes, dates, ints and
    strings, or lists of ints or strings; anything else belongs in `shape`.
    """
    values = values or {}
    alias = router.db_for_read(model)
    key = (name, _signature(values), tuple(sorted(shape.items())), translation.get_language(), settings.LIST_LANGUAGES, alias)
    entry = _COMPILED.get(key)
    if entry is None:
        stand_ins = _StandIns(connections[alias])
        queryset = build(**stand_ins.build(values), **shape)
        try:
            entry = _Compiled(queryset, alias, stand_ins)
        except EmptyResultSet:
            entry = None
        # Not a query this knows how to run with other values: it is built afresh every time.
        entry = entry if entry is not None and entry.usable else _UNCOMPILED
        _COMPILED[key] = entry
    if entry is _UNCOMPILED:
        return list(build(**values, **shape))
    params = entry.params(values)
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


def compiled_first(model, name, build, values=None, **shape):
    """The first row of compiled_rows(), or None."""
    rows = compiled_rows(model, name, build, values, **shape)
    return rows[0] if rows else None
