"""Scrapy commands of newscrawl (``COMMANDS_MODULE``)."""
