"""Values worked out once per process."""

import functools

from django.core.signals import setting_changed


def per_process(maxsize=None):
    """
    functools.lru_cache, emptied when a setting changes: for values that depend only on their
    arguments and the settings (the language's formats, the time zone, the storages, which tests
    change).
    """

    def wrap(function):
        cached = functools.lru_cache(maxsize=maxsize)(function)
        setting_changed.connect(
            lambda **kwargs: cached.cache_clear(), weak=False, dispatch_uid=f"per_process:{function.__module__}.{function.__qualname__}"
        )
        return cached

    return wrap
