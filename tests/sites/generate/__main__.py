"""Write the generated site replicas of ``tests/sites/`` and their gold files.

    python -m tests.sites.generate [--out DIR] [SHAPE ...]

For each shape (``wordpress``, ``portal``, ``oldportal``; all by default) the folder
``DIR/<shape>/`` (default ``tests/sites/<shape>/``) is emptied, except the hand-written
``profile.json``, and filled with the pages, ``server.json`` and ``gold.json``; ``elaph``
gets only its ``gold.json`` (its pages are hand-made). The output depends on nothing but the
story files and this code, so a second run changes nothing (``tests/test_replicas.py``
checks that the committed folders are what this writes).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.sites.generate import elaph, oldportal, portal, wordpress
from tests.sites.generate.common import SITES, write_json

Builder = Callable[[], tuple[dict[str, bytes], dict[str, Any], dict[str, Any]]]
BUILDERS: dict[str, Builder] = {"wordpress": wordpress.build, "portal": portal.build, "oldportal": oldportal.build}
KEEP = {"profile.json"}  # hand-written, beside the generated files


def write_shape(folder: Path, files: dict[str, bytes], server: dict[str, Any], gold: dict[str, Any]) -> None:
    if folder.exists():
        for entry in folder.iterdir():
            if entry.name not in KEEP:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in sorted(files.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    (folder / "server.json").write_text(json.dumps(server, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (folder / "gold.json").write_text(write_json(gold), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SITES, help="parent folder of the shapes (default: tests/sites)")
    parser.add_argument("shapes", nargs="*", metavar="SHAPE", help=f"{', '.join([*BUILDERS, 'elaph'])} (default: all)")
    args = parser.parse_args()
    shapes = args.shapes or [*BUILDERS, "elaph"]
    unknown = set(shapes) - {*BUILDERS, "elaph"}
    if unknown:
        parser.error(f"unknown shape: {', '.join(sorted(unknown))}")
    for shape in shapes:
        if shape == "elaph":
            (args.out / "elaph").mkdir(parents=True, exist_ok=True)
            (args.out / "elaph" / "gold.json").write_text(write_json(elaph.gold()), encoding="utf-8")
            continue
        files, server, gold = BUILDERS[shape]()
        write_shape(args.out / shape, files, server, gold)
        print(f"{shape}: {len(gold['articles'])} articles, {len(gold['non_articles'])} other pages, {len(files)} files")


if __name__ == "__main__":
    sys.exit(main())
