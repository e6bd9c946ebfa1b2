"""Spiders of newscrawl, one module per site."""
