"""Scrapy settings of newscrawl, and the defaults of every ``NEWSCRAWL_*`` setting.

Override any of them with ``-s NAME=value`` (``scrapy crawl``) or Scrapyd's ``setting=``.
The README lists each setting with its meaning.
"""

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# -- politeness ----------------------------------------------------------------------
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# An article page yields one item: Scrapy would start CONCURRENT_ITEMS (100) asyncio tasks
# per response to process its output in parallel (-9 % CPU per page with 1, bench/crawl_throughput.py).
CONCURRENT_ITEMS = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# The User-Agent is "newscrawl/<version> (Arabic news research crawler; +<contact URL>)".
# Set NEWSCRAWL_CONTACT_URL to a page that says who runs the crawl and how to reach them;
# without it the "+<contact URL>" part is left out.
NEWSCRAWL_CONTACT_URL = ""
COOKIES_ENABLED = False
# A browser's TLS and HTTP/2 fingerprint for sites whose firewall refuses plain HTTP clients:
# a curl_cffi browser target ("chrome", "firefox", "safari", "chrome131"…), empty: off.
# The User-Agent is then the browser's, followed by newscrawl's (newscrawl.addons.impersonate).
NEWSCRAWL_IMPERSONATE = ""
# robots.txt Crawl-delay, applied per host (newscrawl.extensions.crawl_delay), capped at this many seconds.
NEWSCRAWL_CRAWL_DELAY_ENABLED = True
NEWSCRAWL_CRAWL_DELAY_MAX = 60.0

# -- robustness ----------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
# A 429/503 with Retry-After makes its host wait that long, at most this many seconds.
NEWSCRAWL_RETRY_AFTER_MAX = 300.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024

# -- components ----------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # In place of Scrapy's OffsiteMiddleware: the same hosts, schemes too, counted and logged.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newscrawl.middlewares.site_guard.SiteGuardMiddleware": 50,
    # Firewall refusals and challenge pages: after HttpCompressionMiddleware (590) has decoded
    # the body, before MetaRefreshMiddleware (580) follows a challenge's refresh and before
    # RetryMiddleware (550) retries a 429 without waiting for its Retry-After.
    "newscrawl.middlewares.blocked.BlockedMiddleware": 585,
    # After HttpCompressionMiddleware (590) has decoded the body.
    "newscrawl.middlewares.charset.CharsetRepairMiddleware": 580,
    # Below RetryMiddleware (550): sees a failed robots.txt download once retries gave up.
    "newscrawl.middlewares.robots_unavailable.RobotsUnavailableMiddleware": 540,
}
SPIDER_MIDDLEWARES = {
    # process_spider_output runs from the highest number down: stored articles are dropped
    # first, then the per-site budget counts what is left.
    "newscrawl.middlewares.seen_before.SeenBeforeMiddleware": 960,
    "newscrawl.middlewares.budget.ArticleBudgetMiddleware": 950,
}
ADDONS = {
    "newscrawl.frontier.RedisFrontierAddon": 0,  # the shared Redis frontier when NEWSCRAWL_REDIS_URL is set
    "newscrawl.addons.impersonate.ImpersonateAddon": 0,  # a browser's fingerprint when NEWSCRAWL_IMPERSONATE is set
}
EXTENSIONS = {
    # In place of Scrapy's FeedExporter: a feed that cannot be written closes the crawl, and a
    # feed appended to gets the stored articles it missed (newscrawl/extensions/feeds.py).
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newscrawl.extensions.feeds.DeliveredFeedExporter": 0,
    "newscrawl.request_queue.RequestQueueFile": 0,  # the file of SCHEDULER_MEMORY_QUEUE
    "newscrawl.extensions.store.CrawlStore": 0,  # the one owner of the store connection
    "newscrawl.extensions.archive.ResponseArchive": 0,  # every response as a WARC record
    "newscrawl.extensions.extract_pool.ExtractionPool": 0,  # NEWSCRAWL_EXTRACT_PROCESSES workers
    "newscrawl.extensions.gc_freeze.FreezeStartupObjects": 0,
    "newscrawl.extensions.crawl_record.CrawlRecord": 500,  # always on: no_date count, crawl_runs
    "newscrawl.extensions.progress.ProgressLog": 500,
    "newscrawl.extensions.health.HealthChecks": 510,
    # After AutoThrottle (0): its response_downloaded handler must run first.
    "newscrawl.extensions.crawl_delay.CrawlDelay": 520,
}
# Requests waiting in the scheduler are kept in a temporary file, not in memory (newscrawl.request_queue).
SCHEDULER_MEMORY_QUEUE = "newscrawl.request_queue.DiskBackedQueue"
ITEM_PIPELINES = {
    "newscrawl.pipelines.required.RequiredFieldsPipeline": 100,
    "newscrawl.pipelines.dedup_url.SameArticlePipeline": 200,
    "newscrawl.pipelines.dedup_exact.ExactDuplicatePipeline": 210,
    "newscrawl.pipelines.dedup_near.NearDuplicatePipeline": 220,
    "newscrawl.pipelines.store.StorePipeline": 800,
}
NEWSCRAWL_SITES_DIR = ""  # a folder of the user's own site profiles (<name>.json)
NEWSCRAWL_MAX_SITEMAPS = 1000  # sitemap documents read per site and crawl
NEWSCRAWL_CHARSET_REPAIR_ENABLED = True
NEWSCRAWL_MIN_BODY_WORDS = 10
NEWSCRAWL_MAX_PAGE_BYTES = 4 * 1024 * 1024  # larger article pages are skipped (too_large), not parsed
# Worker processes that parse and extract article pages while the crawl process downloads
# and stores (0: extract in the crawl process). Worth it on 2+ free cores: see BENCHMARKS.md.
NEWSCRAWL_EXTRACT_PROCESSES = 0
NEWSCRAWL_GC_FREEZE_ENABLED = True  # start-up objects frozen out of garbage collection
NEWSCRAWL_MAX_BODY_CHARS = 200_000  # a longer body is cut at a paragraph (extract/body_truncated)
NEWSCRAWL_REQUIRED_FIELDS = ["url", "canonicalUrl", "headline", "articleBody"]
NEWSCRAWL_DEDUP_ENABLED = True
NEWSCRAWL_NEAR_DUPLICATES = "drop"  # or "mark", or "off"
NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD = 0.6
NEWSCRAWL_NEAR_DUPLICATE_DAYS = 30.0
NEWSCRAWL_INCREMENTAL = True
NEWSCRAWL_RECHECK_DAYS = 7.0
NEWSCRAWL_SQLITE_PATH = "data/newscrawl.sqlite3"
NEWSCRAWL_SQLITE_BATCH_SIZE = 16
NEWSCRAWL_SQLITE_COMMIT_SECONDS = 2.0
NEWSCRAWL_SQLITE_BUSY_TIMEOUT = 10.0  # seconds a write waits for another crawl on the same file
NEWSCRAWL_ARCHIVE_DIR = "data/warc"  # every downloaded response as WARC records (empty: off)
NEWSCRAWL_ARCHIVE_MAX_MB = 1024  # an archive file is closed and the next one started past this size

# -- scale-out (off unless set) ----------------------------------------------------------
NEWSCRAWL_REDIS_URL = ""  # shared frontier, e.g. redis://host:6379/0 (newscrawl.frontier)
NEWSCRAWL_REDIS_KEY = "newscrawl:%(spider)s"
NEWSCRAWL_REDIS_HEARTBEAT_SECONDS = 2.0
NEWSCRAWL_REDIS_POLL_SECONDS = 0.2  # an idle worker looks for work (or the crawl's end) this often
NEWSCRAWL_REDIS_DEAD_AFTER_SECONDS = 10.0
NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS = 10.0
NEWSCRAWL_POSTGRES_DSN = ""  # shared store, e.g. postgresql://user@host/newscrawl (newscrawl.storage.postgres)

NEWSCRAWL_PROGRESS_ENABLED = True
NEWSCRAWL_PROGRESS_SECONDS = 60.0
NEWSCRAWL_HEALTH_ENABLED = True
NEWSCRAWL_HEALTH_MIN_ARTICLES = 1
NEWSCRAWL_HEALTH_MIN_PAGES = 10
NEWSCRAWL_HEALTH_MAX_FALLBACK_SHARE = 0.5
NEWSCRAWL_HEALTH_MAX_BLOCKED_SHARE = 0.5
NEWSCRAWL_HEALTH_MAX_EMPTY_SHARE = 0.3
NEWSCRAWL_HEALTH_MAX_MISSING_DATE_SHARE = 0.2
NEWSCRAWL_HEALTH_MAX_ENCODING_REPAIR_SHARE = 0.2

# -- output --------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORAGES = {
    "": "newscrawl.feedstorage.CrashSafeFileFeedStorage",
    "file": "newscrawl.feedstorage.CrashSafeFileFeedStorage",
}
LOG_LEVEL = "INFO"
