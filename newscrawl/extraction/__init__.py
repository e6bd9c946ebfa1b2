"""Extraction: one downloaded page -> an ``Article`` or a reason to skip it.

:mod:`~newscrawl.extraction.page` runs the steps; :mod:`~newscrawl.extraction.charset`
repairs mis-decoded bytes, :mod:`~newscrawl.extraction.metadata` reads what the page says
about itself, :mod:`~newscrawl.extraction.generic` finds the body without site selectors,
:mod:`~newscrawl.extraction.boilerplate` removes what is not the article's own words, and
:mod:`~newscrawl.extraction.loaders` cleans each field.
"""
