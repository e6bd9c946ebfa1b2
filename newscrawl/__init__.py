"""newscrawl: crawl Arabic news sites into clean, deduplicated article records."""

__version__ = "0.2.0"
