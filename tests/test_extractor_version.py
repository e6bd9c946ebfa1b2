"""``EXTRACTOR_VERSION`` is raised whenever extraction output changes.

The fingerprint is a hash of what extraction makes of every HTML page of the test replicas
(``tests/sites/*``, each with its site's profile: Elaph's packaged one, the others'
``profile.json``), kept with the version it belongs to in ``tests/data/extractor_version.json``.
When this test fails, extraction now makes other records from the same pages: raise
``EXTRACTOR_VERSION`` (``newscrawl/extraction/__init__.py``) and write the new pair into the
file (the failure prints it), so that stored records say which extraction made them and
``python -m newscrawl.reextract`` knows what to update.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.extract import page_response
from newscrawl.extraction import EXTRACTOR_VERSION
from newscrawl.extraction.page import parse_article_page
from newscrawl.sites import load_profile, read_profile_file
from tests.conftest import SITES, TESTS

RECORDED = TESTS / "data" / "extractor_version.json"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def fingerprint() -> tuple[str, int]:
    """The hash of every replica page's extraction, and how many pages it covers."""
    digest, pages = hashlib.sha256(), 0
    for shape in sorted(path for path in SITES.iterdir() if path.is_dir()):
        custom = shape / "profile.json"
        profile = read_profile_file(custom) if custom.exists() else load_profile("elaph.com")
        for page in sorted(shape.rglob("*.html")):
            url = profile.base_url.rstrip("/") + "/" + page.relative_to(shape).as_posix()
            result = parse_article_page(page_response(page.read_bytes(), url), profile, downloaded_at=WHEN)
            record = asdict(result.article) if result.article else {"skip": result.skip}
            digest.update(json.dumps([url, record], ensure_ascii=False, sort_keys=True).encode("utf-8"))
            pages += 1
    return digest.hexdigest(), pages


def test_extraction_output_changes_only_with_a_new_extractor_version() -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    now, pages = fingerprint()
    assert pages > 100
    wanted = json.dumps({"version": EXTRACTOR_VERSION, "fingerprint": now})
    assert recorded["version"] == EXTRACTOR_VERSION, f"EXTRACTOR_VERSION changed: write {wanted} to {RECORDED}"
    assert recorded["fingerprint"] == now, (
        f"extraction output changed on the replicas' pages: raise EXTRACTOR_VERSION, then write "
        f"{{'version': N + 1, 'fingerprint': {now!r}}} to {Path(RECORDED).relative_to(TESTS.parent)}"
    )
