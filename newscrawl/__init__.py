"""newscrawl: crawl Arabic news sites into clean, deduplicated article records."""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"
__all__ = ["extract_article"]


def __getattr__(name: str) -> Any:
    """``from newscrawl import extract_article`` (imported on first use: ``import newscrawl``
    alone, as Scrapy does to read the settings, stays light)."""
    if name == "extract_article":
        from newscrawl.extract import extract_article

        return extract_article
    raise AttributeError(f"module 'newscrawl' has no attribute {name!r}")
