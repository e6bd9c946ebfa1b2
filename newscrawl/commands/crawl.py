"""``scrapy crawl`` that exits with status 3 when a health check closed the crawl.

Scrapy's own command exits 0 whatever the close reason; cron, systemd and Scrapyd users
need a failing exit to notice. Everything else is Scrapy's ``crawl`` command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newscrawl.extensions.health import CLOSE_REASON

if TYPE_CHECKING:
    import argparse

HEALTH_EXIT_STATUS = 3


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        crawlers: list = []
        create = self._create_crawler

        def remember(name: str):  # type: ignore[no-untyped-def]
            crawler = create(name)
            crawlers.append(crawler)
            return crawler

        self._create_crawler = remember  # type: ignore[method-assign]
        super().run(args, opts)
        if self.exitcode == 0 and any(c.stats and c.stats.get_value("finish_reason") == CLOSE_REASON for c in crawlers):
            self.exitcode = HEALTH_EXIT_STATUS
