"""``scrapy crawl`` that checks its input first and says in its exit status how it ended.

* A misspelt or mistyped ``NEWSCRAWL_*`` setting, a browser ``NEWSCRAWL_IMPERSONATE``
  does not know, or a bad or unknown spider argument stops the crawl before it starts
  with one line naming it (exit status 2), not a traceback; so does a store written by a
  newer newscrawl (the store is opened here first, as the crawl opens it: an older one is
  upgraded; :class:`newscrawl.storage.StoreRefused`).
* A crawl closed by a failed health check exits with status 3 (a crawl of several sites
  ends with lines naming each site that failed and why:
  :meth:`HealthChecks.closing_lines`); one whose store failed
  (:mod:`newscrawl.pipelines.store`: articles were not stored) with 4; one whose feed
  could not be written (:mod:`newscrawl.extensions.feeds`) with 5; one stopped by
  SIGINT or SIGTERM with 130 (Scrapy's own command exits 0 whatever the close reason;
  cron, systemd and Scrapyd users need a failing exit to notice).

Everything else is Scrapy's ``crawl`` command.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl.addons.impersonate import check_impersonate
from newscrawl.config import SettingError, check_settings
from newscrawl.extensions.archive import CLOSE_REASON as ARCHIVE_FAILED
from newscrawl.extensions.feeds import CLOSE_REASON as FEED_FAILED
from newscrawl.extensions.health import CLOSE_REASON as HEALTH_CHECK_FAILED
from newscrawl.extensions.health import HealthChecks
from newscrawl.pipelines.store import CLOSE_REASON as STORE_FAILED
from newscrawl.request_queue import CLOSE_REASON as QUEUE_FAILED
from newscrawl.spiders.arguments import ArgumentError
from newscrawl.storage import StoreRefused, open_store

if TYPE_CHECKING:
    import argparse

logger = logging.getLogger("newscrawl.health")

INPUT_EXIT_STATUS = 2
# By close reason; "shutdown" is SIGINT/SIGTERM: the crawl did not run to its end.
EXIT_STATUS = {
    HEALTH_CHECK_FAILED: 3,
    STORE_FAILED: 4,
    FEED_FAILED: 5,
    QUEUE_FAILED: 6,
    ARCHIVE_FAILED: 7,
    "shutdown": 130,
}


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        assert self.crawler_process is not None and self.settings is not None
        name = args[0]
        try:
            check_settings(self.settings)
            check_impersonate(self.settings)
            spidercls = self.crawler_process.spider_loader.load(name)
        except SettingError as error:
            return self.refuse(f"Bad setting: {error}")
        except KeyError as error:
            raise UsageError(str(error.args[0]), print_help=False) from None
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            try:
                check(opts.spargs, self.settings)
            except ArgumentError as error:
                return self.refuse(f"Bad argument for spider {name}: {error}")
        try:
            store = open_store(self.settings)
        except StoreRefused as error:
            return self.refuse(str(error))
        if store is not None:
            store.close()
        crawler = self.crawler_process.create_crawler(spidercls)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        else:
            self.exitcode = EXIT_STATUS.get(reason, 0)
        health = crawler.get_extension(HealthChecks) if reason == HEALTH_CHECK_FAILED else None
        lines = health.closing_lines() if health is not None else []
        if lines:
            logger.error("Health checks failed (exit status %d):\n%s", self.exitcode, "\n".join(lines))

    def refuse(self, message: str) -> None:
        print(message, file=sys.stderr)
        self.exitcode = INPUT_EXIT_STATUS
