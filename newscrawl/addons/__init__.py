"""Scrapy add-ons of newscrawl: one setting switches a set of components together."""
