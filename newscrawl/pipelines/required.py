"""Drop articles that miss a field every record must have.

``NEWSCRAWL_REQUIRED_FIELDS`` (default: url, canonicalUrl, headline, articleBody) lists
them; each drop is counted in ``newscrawl/drop/missing_<field>`` and logged at INFO.
An empty list switches the pipeline off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.config import setting

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class RequiredFieldsPipeline:
    def __init__(self, fields: list[str], stats: StatsCollector):
        self.fields = fields
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequiredFieldsPipeline:
        fields = setting(crawler.settings, "NEWSCRAWL_REQUIRED_FIELDS")
        if not fields:
            raise NotConfigured("NEWSCRAWL_REQUIRED_FIELDS is empty")
        assert crawler.stats is not None
        return cls(fields, crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in self.fields:
            if not adapter.get(name):
                self.stats.inc_value(f"newscrawl/drop/missing_{name}")
                raise DropItem(f"Article {adapter.get('url')} has no {name}", log_level="INFO")
        return item
