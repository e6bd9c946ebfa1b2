"""``NEWSCRAWL_*`` settings have one default and one reader: :mod:`newscrawl.settings` holds
every default, and the package reads them only through :func:`newscrawl.config.setting`.

(A misspelt or mistyped setting stopping ``scrapy crawl`` is tested end to end in
tests/test_crawl_elaph.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newscrawl.config import DEFAULTS, setting

PACKAGE = Path(__file__).resolve().parent.parent / "newscrawl"

# The accessor and the defaults themselves.
OWNERS = ("newscrawl/config.py", "newscrawl/settings.py")

# Reads of something else that is named like a setting: the environment variable that gives
# `python -m newscrawl.query` its default DSN (a command-line default, not a Scrapy setting).
NOT_SETTINGS = {"newscrawl/query.py": ('os.environ.get("NEWSCRAWL_POSTGRES_DSN"',)}

# settings.get("NEWSCRAWL_…"), .getbool/.getint/.getfloat/.getlist/.getdict(…), settings["NEWSCRAWL_…"]
DIRECT_READ = re.compile(
    r"""\.get(?:bool|int|float|list|dict|dictorlist|withbase)?\(\s*["']NEWSCRAWL_\w*["']"""
    r"""|settings\[\s*["']NEWSCRAWL_\w*["']\s*\]"""
)


def direct_reads(path: Path) -> list[str]:
    """``file:line: text`` of each read of a ``NEWSCRAWL_*`` setting not through setting()."""
    name = path.relative_to(PACKAGE.parent).as_posix()
    text = path.read_text(encoding="utf-8")
    found = []
    lines = text.splitlines()
    for match in DIRECT_READ.finditer(text):
        number = text.count("\n", 0, match.start()) + 1
        if any(allowed in lines[number - 1] for allowed in NOT_SETTINGS.get(name, ())):
            continue
        found.append(f"{name}:{number}: {match.group()}")
    return found


def test_no_module_reads_a_newscrawl_setting_but_through_setting() -> None:
    excluded = set(OWNERS)
    found = [
        read
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE.parent).as_posix() not in excluded
        for read in direct_reads(path)
    ]
    assert found == [], "read these with newscrawl.config.setting(settings, NAME):\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        'crawler.settings.getbool("NEWSCRAWL_HEALTH_ENABLED", True)',
        'settings.getint(\n    "NEWSCRAWL_HEALTH_MIN_PAGES", 10\n)',
        "settings.getfloat('NEWSCRAWL_CRAWL_DELAY_MAX')",
        'settings.getlist("NEWSCRAWL_REQUIRED_FIELDS", ["url"])',
        'self.settings.get("NEWSCRAWL_REDIS_URL")',
        'crawler.settings["NEWSCRAWL_SQLITE_PATH"]',
    ],
)
def test_each_form_of_a_direct_read_is_found(line: str) -> None:
    assert DIRECT_READ.search(line)


def test_a_read_through_the_accessor_is_not_a_direct_read() -> None:
    assert not DIRECT_READ.search('setting(crawler.settings, "NEWSCRAWL_HEALTH_ENABLED")')


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_each_default_has_a_type_the_accessor_reads(name: str) -> None:
    """A default of None would make its setting a string whatever it holds."""
    default = DEFAULTS[name]
    assert type(default) in (bool, int, float, str, list, dict), f"{name} = {default!r}"
    assert setting({}, name) == default


def test_a_default_list_handed_out_is_a_copy() -> None:
    fields = setting({}, "NEWSCRAWL_REQUIRED_FIELDS")
    fields.append("section")
    assert "section" not in setting({}, "NEWSCRAWL_REQUIRED_FIELDS")
