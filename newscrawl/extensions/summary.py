"""What a crawl did, from its stats: the numbers the progress line and the final table show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def _sum(stats: Mapping[str, Any], prefix: str) -> int:
    return sum(v for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))


def _by_reason(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix) and isinstance(v, int)}


@dataclass(frozen=True)
class CrawlSummary:
    pages: int
    articles_stored: int
    articles_updated: int
    skipped_stored: int
    duplicates: dict[str, int]
    skipped: dict[str, int]
    failed: dict[str, int]
    fallbacks: int
    encoding_repairs: int
    items_without_date: int
    items: int

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> CrawlSummary:
        return cls(
            pages=int(stats.get("response_received_count", 0)),
            articles_stored=int(stats.get("newscrawl/store/inserted", 0)),
            articles_updated=int(stats.get("newscrawl/store/updated", 0)),
            skipped_stored=int(stats.get("newscrawl/skip/stored", 0)),
            duplicates={
                k: v for k, v in _by_reason(stats, "newscrawl/duplicates/").items() if k in ("url", "exact", "near")
            },
            skipped={k: v for k, v in _by_reason(stats, "newscrawl/skip/").items() if k != "stored"},
            failed=_by_reason(stats, "newscrawl/failed/"),
            fallbacks=int(stats.get("newscrawl/extract/fallback", 0)),
            encoding_repairs=int(stats.get("newscrawl/encoding/repaired", 0)),
            items_without_date=int(stats.get("newscrawl/items/no_date", 0)),
            items=int(stats.get("item_scraped_count", 0)),
        )

    @property
    def article_pages(self) -> int:
        """Article pages parsed: those that gave an item, a duplicate, or a skip after download."""
        parsed_skips = sum(
            v for k, v in self.skipped.items() if not k.startswith(("out_of_window", "max_articles", "known/"))
        )
        return self.items + sum(self.duplicates.values()) + parsed_skips

    @property
    def blocked(self) -> int:
        """Requests the site's firewall refused (``failed/<kind>/blocked``)."""
        return self.failures_by_reason().get("blocked", 0)

    def failures_by_reason(self) -> dict[str, int]:
        """Failed requests by reason, whatever their kind (``{"dns": 8}``)."""
        reasons: dict[str, int] = {}
        for key, value in self.failed.items():
            reason = key.rsplit("/", 1)[-1]
            reasons[reason] = reasons.get(reason, 0) + value
        return reasons

    def line(self, pages_per_minute: float) -> str:
        duplicates = "/".join(str(self.duplicates.get(k, 0)) for k in ("url", "exact", "near"))
        skipped = ", ".join(f"{k} {v}" for k, v in self.skipped.items()) or "none"
        return (
            f"Progress: {self.articles_stored} articles stored ({self.articles_updated} updated, "
            f"{self.skipped_stored} unchanged not fetched), duplicates url/exact/near {duplicates}, "
            f"skipped: {skipped}, failed {sum(self.failed.values())}, fallbacks {self.fallbacks}, "
            f"{pages_per_minute:.0f} pages/min"
        )

    def table(self) -> str:
        rows = [
            ("pages downloaded", self.pages),
            ("articles stored (new)", self.articles_stored),
            ("articles updated (changed content)", self.articles_updated),
            ("articles stored and unchanged (not fetched)", self.skipped_stored),
            ("items written to feeds", self.items),
            *((f"duplicates: {k}", v) for k, v in self.duplicates.items()),
            *((f"skipped: {k}", v) for k, v in self.skipped.items()),
            *((f"failed: {k}", v) for k, v in self.failed.items()),
            ("generic-extraction fallbacks", self.fallbacks),
            ("encoding repairs", self.encoding_repairs),
            ("articles without a date", self.items_without_date),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"  {name.ljust(width)}  {value:>8}" for name, value in rows)
