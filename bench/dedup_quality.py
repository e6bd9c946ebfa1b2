"""Deduplication quality on generated wire-story variants: recall and precision.

    python bench/dedup_quality.py [--stories 400] [--unrelated 2000]

Each story (synthetic Arabic, ``tests/wirestories.py``) is stored, then offered again as
other outlets' copies of several kinds, interleaved with unrelated stories and with
"background siblings" (different stories that reuse two of its paragraphs, Jaccard ≈ 0.2,
which must *not* be flagged). Everything runs through the real dedup pipelines (same
article, exact content, MinHash/LSH near-duplicates) on a real SQLite store. A copy caught
as a duplicate of its own story is a true positive; any flag on a negative, or a copy
attributed to the wrong story, is a false positive.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapy.exceptions import DropItem  # noqa: E402
from scrapy.utils.misc import build_from_crawler  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from newscrawl.extensions.store import shared_store  # noqa: E402
from newscrawl.items import Article  # noqa: E402
from newscrawl.pipelines.dedup_exact import ExactDuplicatePipeline  # noqa: E402
from newscrawl.pipelines.dedup_near import NearDuplicatePipeline  # noqa: E402
from newscrawl.pipelines.dedup_url import SameArticlePipeline  # noqa: E402
from tests.wirestories import Story, background_sibling, copy_of, story  # noqa: E402

KINDS = {
    "re-spelled": dict(edit_rate=0.0, drop=0, new_headline=False),
    "paragraph dropped": dict(edit_rate=0.0, drop=1, new_headline=False),
    "headline changed": dict(edit_rate=0.0, drop=0, new_headline=True),
    "all three": dict(edit_rate=0.0, drop=1, new_headline=True),
    "all three + 2 % words edited": dict(edit_rate=0.02, drop=1, new_headline=True),
    "harder: 2 paragraphs + 5 % words": dict(edit_rate=0.05, drop=2, new_headline=True),
}
SPEC_KINDS = ("re-spelled", "paragraph dropped", "headline changed", "all three")


def variant(original: Story, rng: random.Random, edit_rate: float, drop: int, new_headline: bool) -> Story:
    copy = copy_of(original, rng, edit_rate=edit_rate, drop=drop)
    if not new_headline:
        copy.headline = original.headline
    return copy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=400)
    parser.add_argument("--unrelated", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        crawler = get_crawler(settings_dict={"NEWSCRAWL_SQLITE_PATH": str(Path(folder) / "q.sqlite3")})
        stages = [
            build_from_crawler(s, crawler) for s in (SameArticlePipeline, ExactDuplicatePipeline, NearDuplicatePipeline)
        ]
        for stage in stages:
            stage.open_spider()
        store = shared_store(crawler)
        counter = iter(range(10**9))

        def offer(item: Story, site: str, published: str) -> str | None:
            """The URL of the original it was flagged against, or None when kept."""
            n = next(counter)
            url = f"https://{site}/{n}"
            article = Article(
                url=url, canonicalUrl=url, articleId=str(n), site=site,
                headline=item.headline, articleBody=item.body, datePublished=published,
            )  # fmt: skip
            try:
                for stage in stages:
                    article = stage.process_item(article)
            except DropItem as drop:  # "… duplicate (0.78) of <original>: <copy>"
                message = str(drop)
                return message.split(" of ", 1)[1].split(": ", 1)[0] if " of " in message else "?"
            store.save(article)
            return None

        originals: list[tuple[Story, str]] = []
        for _ in range(args.stories):
            original = story(rng)
            before = next(counter)
            offer(original, "origin.example", "2025-11-01T08:00:00+00:00")
            originals.append((original, f"https://origin.example/{before + 1}"))
        results = {kind: [0, 0, 0] for kind in KINDS}  # caught, wrong story, missed
        false_positives = negatives = 0
        start = time.perf_counter()
        for index, (original, url) in enumerate(originals):
            for kind, options in KINDS.items():
                flagged = offer(
                    variant(original, rng, **options), f"copy{index % 7}.example", "2025-11-02T08:00:00+00:00"
                )
                results[kind][0 if flagged == url else (1 if flagged else 2)] += 1
            if rng.random() < 1.0:
                negatives += 1
                false_positives += (
                    offer(background_sibling(original, rng), "other.example", "2025-11-03T00:00:00+00:00") is not None
                )
            for _ in range(args.unrelated // args.stories):
                negatives += 1
                false_positives += offer(story(rng), "other.example", "2025-11-03T00:00:00+00:00") is not None
        seconds = time.perf_counter() - start
    print(f"{args.stories} stories, {negatives} negatives (unrelated + background siblings), seed {args.seed}\n")
    print("| copy kind | copies | recall | wrong story |")
    print("|---|---:|---:|---:|")
    for kind, (caught, wrong, missed) in results.items():
        total = caught + wrong + missed
        print(f"| {kind} | {total} | {caught / total:.3f} | {wrong} |")
    spec_caught = sum(results[k][0] for k in SPEC_KINDS)
    spec_total = sum(sum(results[k]) for k in SPEC_KINDS)
    spec_wrong = sum(results[k][1] for k in SPEC_KINDS)
    flagged_wrongly = false_positives + sum(r[1] for r in results.values())
    flagged = sum(r[0] for r in results.values()) + flagged_wrongly
    print(f"\nrecall on the specified kinds ({', '.join(SPEC_KINDS)}): {spec_caught / spec_total:.3f}")
    print(f"precision over every flag: {(flagged - flagged_wrongly) / flagged:.4f} "
          f"({false_positives} of {negatives} negatives flagged, {spec_wrong} copies on the wrong story)")  # fmt: skip
    print(f"{(len(originals) * (len(KINDS) + 1) + negatives) / seconds:.0f} articles/s through the three stages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
