"""Scrapy extensions of newscrawl: progress lines and health checks."""
