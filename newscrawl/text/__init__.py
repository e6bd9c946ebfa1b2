"""Pure text functions (``str -> value``): Arabic display cleaning and match keys
(:mod:`newscrawl.text.arabic`), dates in every form a news page writes them
(:mod:`newscrawl.text.dates`).

``newscrawl.text.match_key`` and ``newscrawl.text.clean_display`` stay importable from here.
"""

from newscrawl.text.arabic import clean_display, display_match_key, match_key

__all__ = ["clean_display", "display_match_key", "match_key"]
