"""Discovery: each module turns ONE fetched document (robots.txt, a sitemap, a feed, a
listing page, a JSON API page) into links with hints (date, title, lastmod), without
network access or spider state.
"""
