"""Re-run today's extraction over the archive, without the network:
``python -m newscrawl.reextract [--db PATH | --dsn DSN] [--archive DIR] [--sites-dir DIR]
[--site S] [--since D] [--until D]``.

Every stored article that knows its archive record (``warcFile``, ``warcOffset``: crawls
with ``NEWSCRAWL_ARCHIVE_DIR`` on) is extracted again from that record's bytes, headers and
request meta, with the current code and site profiles (``--sites-dir``: a folder of your own
profiles, as ``NEWSCRAWL_SITES_DIR``), as the crawl extracted it then. Then:

* the same record (``dateDownloaded`` aside): nothing is written (*unchanged*);
* another headline or body: a new version, the previous text kept in ``article_versions``
  (*changed*), and dedup again: when the new text now copies another stored article, the
  later of the two is marked ``duplicateOf`` the earlier (*changed/duplicate_exact*,
  *changed/duplicate_near*); the text's hash and signature go into the index;
* the same text, other fields (tags, section, dates): the fields are replaced, no new
  version (*rewritten*);
* no record readable at that place, or no article any more: counted by reason (*failed*),
  nothing written.

Progress goes to stderr (done/total, counts, rate, ETA) and the counts at the end. Work is
committed every 100 articles with the position; a run killed at any moment continues after
the last committed article when started again with the same filters. Exit status: 0, or 1
when an article failed, 2 for what the command line named wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawl.archive import Archived, read_record
from newscrawl.config import DEFAULTS
from newscrawl.content_hash import content_hash
from newscrawl.extraction.page import DiscoveryHints, PageResult
from newscrawl.extraction.pool import PageJob, run_job
from newscrawl.identity import ArticleIdentity
from newscrawl.minhash import band_keys, from_bytes, similarity, to_bytes
from newscrawl.pipelines.dedup_near import original_order, story_signature
from newscrawl.query import USAGE_ERROR, fail
from newscrawl.sites import ProfileError, SiteProfile, find_profile, generic_profile
from newscrawl.storage import Store, StoreRefused

POSITION_KEY = "reextract_position"
COMMIT_EVERY = 100


def extract_archived(archived: Archived, profile: SiteProfile, downloaded_at: datetime) -> PageResult:
    """The article of an archived response, extracted as the crawl did (its request meta:
    the article's identity and discovery's hints)."""
    meta = archived.meta
    identity = ArticleIdentity(**meta["article"]) if meta.get("article") else None
    hints = None
    if meta.get("hints"):
        values = dict(meta["hints"])
        if values.get("published_at"):
            values["published_at"] = datetime.fromisoformat(values["published_at"])
        hints = DiscoveryHints(**values)
    job = PageJob(
        archived.url,
        archived.status,
        tuple((name.encode(), value.encode()) for name, value in archived.headers),  # as Scrapy's Headers encode
        archived.body,
        meta.get("request_url") or archived.url,
        profile,
        article_url=identity,
        hints=hints,
        downloaded_at=downloaded_at,
        min_body_words=DEFAULTS["NEWSCRAWL_MIN_BODY_WORDS"],
        require_evidence=profile.article_pattern is None,
        max_body_chars=DEFAULTS["NEWSCRAWL_MAX_BODY_CHARS"],
    )
    return run_job(job)


class Reextraction:
    """One run over the store (see the module docstring)."""

    def __init__(self, store: Store, archive: Path, sites_dir: str | None, filters: dict[str, str | None]):
        self.store, self.archive, self.sites_dir, self.filters = store, archive, sites_dir, filters
        self.counts: Counter[str] = Counter()
        self.profiles: dict[str, SiteProfile] = {}

    def profile(self, record: dict[str, Any], archived: Archived) -> SiteProfile:
        key = archived.meta.get("site") or record.get("site") or ""
        if key not in self.profiles:
            try:
                self.profiles[key] = find_profile(key, self.sites_dir)
            except KeyError:
                self.profiles[key] = generic_profile(record["canonicalUrl"])
        return self.profiles[key]

    def one(self, record: dict[str, Any]) -> str:
        """Re-extract one stored article; returns what happened to it."""
        archived = read_record(self.archive / record["warcFile"], record["warcOffset"])
        if archived is None:
            return "failed/unreadable_record"
        downloaded = datetime.fromisoformat(record["dateDownloaded"]) if record["dateDownloaded"] else datetime.now(UTC)
        result = extract_archived(archived, self.profile(record, archived), downloaded)
        if result.article is None:
            return f"failed/{result.skip}"
        # What the crawl added after extraction is the store's, not the page's: kept.
        result.article.dateDownloaded = record["dateDownloaded"]
        result.article.duplicateOf = record["duplicateOf"]
        result.article.version = record["version"]
        fresh = asdict(result.article)
        stored = {name: record.get(name) for name in fresh}
        if fresh == stored:
            return "unchanged"
        if content_hash(fresh["headline"], fresh["articleBody"]) != content_hash(
            stored["headline"], stored["articleBody"]
        ):
            result.article.version = None  # the store gives the new text its version
            self.store.save(result.article, archived=(record["warcFile"], record["warcOffset"]))
            judged = self.reindex(fresh)
            return f"changed/{judged}" if judged else "changed"
        self.store.rewrite(result.article)
        return "rewritten"

    def reindex(self, record: dict[str, Any]) -> str | None:
        """Dedup again on a changed text: when it now copies another stored article (the same
        exact hash, or a near-duplicate at ``NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD``), the later
        of the two by publication is marked ``duplicateOf`` the earlier, as the crawl's
        near-duplicate stage orders copies; then the text's hash and signature go into the
        index. Returns how it was judged (``None``: no copy)."""
        url, published = record["canonicalUrl"], record["datePublished"]
        digest = content_hash(record["headline"], record["articleBody"])
        sig = story_signature(record["headline"], record["articleBody"])
        keys = band_keys(sig)
        judged, other, other_published = None, self.store.exact_owner(digest), None
        if other is not None and other != url:
            judged = "duplicate_exact"
            found = self.store.find(other)
            other_published = found.datePublished if found else None
        else:
            scored = [(similarity(sig, from_bytes(c.signature)), c) for c in self.store.near_candidates(keys, url)]
            best = max(scored, key=lambda pair: pair[0], default=None)
            if best is not None and best[0] >= DEFAULTS["NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD"]:
                judged, other, other_published = "duplicate_near", best[1].canonicalUrl, best[1].datePublished
        if judged and other:
            this_first = original_order(published, url) < original_order(other_published, other)
            later, earlier = (other, url) if this_first else (url, other)
            self.store.mark_duplicate(later, earlier)
        self.store.add_exact(digest, url)
        self.store.add_signature(url, published, to_bytes(sig), keys, time.time())
        return judged

    def run(self, progress: Any = sys.stderr) -> Counter[str]:
        mark = json.loads(self.store.get_meta(POSITION_KEY) or "{}")
        after = mark.get("after", "") if mark.get("filters") == self.filters else ""
        if after:
            print(f"reextract: continuing after {after}", file=progress)
        total = self.store.count_archived(after=after, **self.filters)
        started, shown = time.monotonic(), 0.0
        for done, record in enumerate(self.store.archived(after=after, **self.filters), 1):
            self.counts[self.one(record)] += 1
            if done % COMMIT_EVERY == 0:
                position = {"filters": self.filters, "after": record["canonicalUrl"]}
                self.store.set_meta(POSITION_KEY, json.dumps(position))
                self.store.commit()
            if time.monotonic() - shown >= 1 or done == total:
                shown = time.monotonic()
                self.show(done, total, shown - started, progress)
        self.store.delete_meta(POSITION_KEY)
        self.store.commit()
        return self.counts

    def show(self, done: int, total: int, elapsed: float, progress: Any) -> None:
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate else 0.0
        failed = sum(v for k, v in self.counts.items() if k.startswith("failed/"))
        changed = sum(v for k, v in self.counts.items() if k.startswith("changed"))
        print(f"\rreextract: {done:,}/{total:,} (changed {changed:,}, rewritten "
              f"{self.counts['rewritten']:,}, unchanged {self.counts['unchanged']:,}, failed {failed:,}) "
              f"{rate:,.0f}/s, ETA {eta:,.0f} s", end="" if done < total else "\n", file=progress)  # fmt: skip


def open_writable(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Store:
    try:
        if args.dsn:
            from newscrawl.storage.postgres import PgStore

            return PgStore(args.dsn)
        path = args.db or Path(DEFAULTS["NEWSCRAWL_SQLITE_PATH"])
        if not path.is_file():
            fail(parser, f"no store at {path}", USAGE_ERROR)
        from newscrawl.storage.sqlite import SQLiteStore

        return SQLiteStore(path)
    except StoreRefused as error:
        fail(parser, str(error), USAGE_ERROR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.reextract", description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help=f"the SQLite store (default {DEFAULTS['NEWSCRAWL_SQLITE_PATH']})")
    where.add_argument("--dsn", help="a PostgreSQL store instead (a libpq DSN)")
    parser.add_argument("--archive", type=Path, default=Path(DEFAULTS["NEWSCRAWL_ARCHIVE_DIR"]),
                        help=f"the archive folder (default {DEFAULTS['NEWSCRAWL_ARCHIVE_DIR']})")  # fmt: skip
    parser.add_argument("--sites-dir", help="a folder of your own site profiles (as NEWSCRAWL_SITES_DIR)")
    parser.add_argument("--site")
    parser.add_argument("--since", help="only articles published on or after this ISO date")
    parser.add_argument("--until", help="only articles published on or before this ISO date (the whole day)")
    args = parser.parse_args(argv)
    if not args.archive.is_dir():
        fail(parser, f"no archive folder at {args.archive}", USAGE_ERROR)
    store = open_writable(parser, args)
    filters = {"site": args.site, "since": args.since, "until": args.until}
    try:
        counts = Reextraction(store, args.archive, args.sites_dir, filters).run()
    except ProfileError as error:
        fail(parser, str(error), USAGE_ERROR)
    finally:
        store.close()
    for name, number in sorted(counts.items()):
        print(f"{name}\t{number}")
    return 1 if any(name.startswith("failed/") for name in counts) else 0


if __name__ == "__main__":
    sys.exit(main())
