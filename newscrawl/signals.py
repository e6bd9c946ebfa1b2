"""newscrawl's own Scrapy signals, sent and received with ``crawler.signals``."""

#: Sent by the health checks when the crawl is idle, before they judge it. A handler that
#: returns ``True`` says the crawl still has work: the news spider with listing pages left to
#: read, a worker of the shared frontier whose queue or fellow workers are busy.
crawl_keeps_open = object()
