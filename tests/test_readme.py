"""The README's "Where things are" matches the tree: every module of the package is named
there, and every module it names exists."""

from __future__ import annotations

import re

from tests.conftest import PROJECT

PACKAGE = PROJECT / "newscrawl"


def tree_block() -> str:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Where things are") :]
    start = section.index("```\n") + 4
    return section[start : section.index("```", start)]


def named_paths() -> set[str]:
    """The package paths the tree names, folders resolved by indentation (``storage/`` then
    ``  base.py`` is ``storage/base.py``; ``text/a.py, b.py`` names ``text/b.py`` too)."""
    named: set[str] = set()
    folders: list[tuple[int, str]] = []
    for line in tree_block().splitlines():
        match = re.match(r"( *)([\w/]+(?:\.py)?(?:, [\w/]+\.py)*)(?:\s|$)", line)
        if not match or not match[1] or not match[2].endswith((".py", "/")):
            continue  # a top-level folder, or a description going on
        indent, names = len(match[1]), match[2]
        folders = [(i, f) for i, f in folders if i < indent]
        prefix = "".join(f for _, f in folders)
        first, *more = names.split(", ")
        if first.endswith("/"):
            folders.append((indent, first))
            continue
        named.add(prefix + first)
        named.update(prefix + first.rpartition("/")[0] + "/" * ("/" in first) + name for name in more)
    return named


def test_every_module_is_in_the_readme_tree() -> None:
    modules = {str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if path.name != "__init__.py"}
    assert sorted(modules - named_paths()) == []


def test_every_module_the_readme_tree_names_exists() -> None:
    missing = [name for name in named_paths() if name.endswith(".py") and not (PACKAGE / name).is_file()]
    assert missing == []
