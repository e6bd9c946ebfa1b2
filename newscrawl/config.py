"""Every ``NEWSCRAWL_*`` setting read through one accessor: its default from
:mod:`newscrawl.settings` (the one place defaults live), its type from that default.

:func:`setting` returns a value of the default's type whatever the source (``-s NAME=…``
strings, Scrapyd, a dict in a test), so that components take values, not defaults of their
own. :func:`check_settings` refuses, at start, a ``NEWSCRAWL_*`` name that does not exist
(naming the closest one) and a value that is not of the setting's type.
"""

from __future__ import annotations

import copy
import difflib
from typing import Any

from scrapy.settings import BaseSettings

from newscrawl import settings as defaults

PREFIX = "NEWSCRAWL_"
DEFAULTS: dict[str, Any] = {name: value for name, value in vars(defaults).items() if name.startswith(PREFIX)}


KINDS = {bool: "True or False", int: "a whole number", float: "a number", list: "a comma list", dict: "a dict"}


class SettingError(ValueError):
    """A ``NEWSCRAWL_*`` setting that does not exist or has a value of the wrong type."""


def setting(settings: BaseSettings | dict[str, Any], name: str) -> Any:
    """The value of ``name`` in ``settings`` (Scrapy's, or a plain dict), or its default, as
    the default's type."""
    if not isinstance(settings, BaseSettings):
        settings = BaseSettings(settings)
    try:
        default = DEFAULTS[name]
    except KeyError:
        raise SettingError(f"{name}: no such setting") from None
    if name not in settings or settings.get(name) is None:
        return copy.copy(default)  # a list or dict the caller changes is not the default
    try:
        if isinstance(default, bool):
            return settings.getbool(name)
        if isinstance(default, int):
            return settings.getint(name)
        if isinstance(default, float):
            return settings.getfloat(name)
        if isinstance(default, list | tuple):
            return settings.getlist(name)
        if isinstance(default, dict):
            return settings.getdict(name)
    except (TypeError, ValueError) as error:
        kind = KINDS.get(type(default), type(default).__name__)
        raise SettingError(f"{name}: expected {kind} such as {default!r}, got {settings.get(name)!r}") from error
    return settings.get(name)


def check_settings(settings: BaseSettings) -> None:
    """:class:`SettingError` for the first unknown ``NEWSCRAWL_*`` name or bad value."""
    for name in sorted(key for key in settings if key.startswith(PREFIX)):
        if name not in DEFAULTS:
            close = difflib.get_close_matches(name, DEFAULTS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise SettingError(f"{name}: no such setting{hint}")
        setting(settings, name)
