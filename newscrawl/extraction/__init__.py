"""Extraction: one downloaded page -> an ``Article`` or a reason to skip it.

:mod:`~newscrawl.extraction.page` runs the steps; :mod:`~newscrawl.extraction.charset`
repairs mis-decoded bytes, :mod:`~newscrawl.extraction.metadata` reads what the page says
about itself, :mod:`~newscrawl.extraction.generic` finds the body without site selectors,
:mod:`~newscrawl.extraction.boilerplate` removes what is not the article's own words, and
:mod:`~newscrawl.extraction.loaders` cleans each field.

:data:`EXTRACTOR_VERSION` names the extraction a stored article came from (the store's
``extractorVersion``): raise it with every change that changes a record made from the same
page. ``tests/test_extractor_version.py`` holds a fingerprint of what this version makes of
the test replicas' pages, and fails when the output changes and the version does not.
"""

EXTRACTOR_VERSION = 2  # 2: records carry the store's version
