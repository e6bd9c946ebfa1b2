"""``scrapy crawl`` that exits with status 3 when a health check closed the crawl, and 4
when the store failed (:mod:`newscrawl.pipelines.sqlite`: articles were not stored).

Scrapy's own command exits 0 whatever the close reason; cron, systemd and Scrapyd users
need a failing exit to notice. Everything else is Scrapy's ``crawl`` command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newscrawl.extensions.health import CLOSE_REASON as HEALTH_CHECK_FAILED
from newscrawl.pipelines.sqlite import CLOSE_REASON as STORE_FAILED

if TYPE_CHECKING:
    import argparse

EXIT_STATUS = {HEALTH_CHECK_FAILED: 3, STORE_FAILED: 4}  # by close reason


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
        reasons = [c.stats.get_value("finish_reason") for c in crawlers if c.stats]
        if self.exitcode == 0:
            self.exitcode = max((EXIT_STATUS.get(reason, 0) for reason in reasons), default=0)
