"""``scrapy parse URL``: what newscrawl makes of one page, without touching the store.

``scrapy parse --spider news -a url=https://site.example https://site.example/news/1`` and
``scrapy parse --spider elaph URL`` print the record of one article page. Everything else
is Scrapy's ``parse`` command; this one only switches the store off (``NEWSCRAWL_SQLITE_PATH``
and ``NEWSCRAWL_POSTGRES_DSN`` empty), so that looking at a page neither records a crawl run
nor remembers the page as seen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.parse import Command as ScrapyParseCommand

if TYPE_CHECKING:
    import argparse


class Command(ScrapyParseCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        self.settings.set("NEWSCRAWL_SQLITE_PATH", "", priority="cmdline")
        self.settings.set("NEWSCRAWL_POSTGRES_DSN", "", priority="cmdline")
        self.settings.set("NEWSCRAWL_ARCHIVE_DIR", "", priority="cmdline")
