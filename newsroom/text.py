"""
Text as it may be stored and written out: no control characters.

Word processors paste U+000B (a manual line break) and U+000C; other C0 controls, DEL, lone
surrogates and U+FFFE/U+FFFF come with broken copy-paste or hostile input. XML 1.0 forbids most of
them (a feed or a sitemap holding one is no longer XML), PostgreSQL refuses NUL, and none of them
means anything to a reader. Tabs and line breaks are kept.

They are removed on the way in, from every text field of every model saved (a pre_save receiver
connected in newsroom.apps, and `clean_model_text` for bulk writes that skip save()), and once more
on the way out of the XML the site writes (`clean_text` in feeds and sitemaps), for rows written
before or around the models.
"""

import html
import re

from django.db import models

# Line breaks of a word processor: a space keeps the words apart.
_BREAKS = re.compile("[\x0b\x0c]")
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value):
    """`value` without control characters (vertical tab and form feed become a space); other values as they are."""
    if not isinstance(value, str) or not _ANY.search(value):
        return value
    return _FORBIDDEN.sub("", _BREAKS.sub(" ", value))


def clean_model_text(instance):
    """Clean every text field of a model instance in place (for bulk_create, which sends no pre_save)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            cleaned = clean_text(value)
            if cleaned is not value:
                setattr(instance, field.attname, cleaned)
    return instance


def clean_before_save(sender, instance, raw=False, **kwargs):
    """pre_save receiver for every model."""
    clean_model_text(instance)


def clean_structure(value):
    """`value` (strings, lists, tuples and dicts of them) with clean_text applied throughout."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: clean_structure(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(clean_structure(item) for item in value)
    return value


def escaped(value):
    """
    What django.utils.html.conditional_escape() gives, as a plain string: for markup written in
    Python on every card and comment, without Django's check for lazy strings on every call.
    """
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
