"""The ``news`` spider on every replica shape (``tests/sites/``), end to end in a subprocess:
with no profile (``-a url=BASE``: discovered from the address alone) and with the shape's
profile (``-a profile=… -a base_url=BASE``). Each crawl must find the gold's articles once
each, with the gold's bodies, give no record for a non-article page and request nothing
off the site or against robots.txt.

Targets (issue 11): no profile ≥ 95 % of the articles and body F1 ≥ 0.95; with a profile
≥ 99 % and ≥ 0.98; no non-article record either way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from tests.conftest import SITES, CrawlResult, Replica, article_schema, run_crawl, site_gold
from tests.site_scores import score

SHAPES = ("wordpress", "portal", "oldportal", "elaph")
HOSTS = {"wordpress": "127.0.0.2", "portal": "127.0.0.3", "oldportal": "127.0.0.4", "elaph": "127.0.0.5"}
TARGETS = {False: (0.95, 0.95), True: (0.99, 0.98)}  # with a profile: (share found, body F1)
# Articles only a profile's discovery can reach: Elaph's 1578706 is listed by its JSON API
# alone (tests/sites/elaph/README.md), which a crawl from the address does not know.
PROFILE_ONLY = {"elaph": {"1578706"}}
FAST = {"CONCURRENT_REQUESTS_PER_DOMAIN": "8", "NEWSCRAWL_CRAWL_DELAY_ENABLED": "False"}


def profile_arguments(shape: str, base: str) -> tuple[str, ...]:
    if shape == "elaph":
        return ("-a", "site=elaph", "-a", f"base_url={base}", "-a", f"api_url={base}")
    return ("-a", f"profile={SITES / shape / 'profile.json'}", "-a", f"base_url={base}")


@pytest.fixture(scope="module", params=[(s, p) for s in SHAPES for p in (False, True)],
                ids=[f"{s}-{'profile' if p else 'no-profile'}" for s in SHAPES for p in (False, True)])  # fmt: skip
def crawl(
    request: pytest.FixtureRequest, site_replica: Any, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, bool, Replica, CrawlResult, list[str]]:
    shape, with_profile = request.param
    replica = site_replica(shape, HOSTS[shape])
    before = len(replica.requests())
    arguments = profile_arguments(shape, replica.base_url) if with_profile else ("-a", f"url={replica.base_url}")
    result = run_crawl(tmp_path_factory.mktemp(f"crawl-{shape}"), *arguments, settings=FAST, spider="news", timeout=300)
    return shape, with_profile, replica, result, replica.requests()[before:]


def test_the_crawl_finishes_cleanly(crawl: tuple[str, bool, Replica, CrawlResult, list[str]]) -> None:
    _, _, _, result, _ = crawl
    assert result.returncode == 0, result.log[-3000:]
    assert "Traceback" not in result.log


def test_articles_once_each_with_their_bodies_and_no_other_record(
    crawl: tuple[str, bool, Replica, CrawlResult, list[str]],
) -> None:
    shape, with_profile, _, result, _ = crawl
    found = score(result.items, site_gold(shape))
    share, body_f1 = TARGETS[with_profile]
    unreachable = set() if with_profile else PROFILE_ONLY.get(shape, set())
    reachable = found.articles - len(unreachable)
    assert len(set(found.f1) - unreachable) >= share * reachable, found.row()
    assert found.body_f1 >= body_f1, (found.row(), sorted(found.f1.items(), key=lambda kv: kv[1])[:3])
    assert found.duplicates == 0, found.row()
    assert found.non_articles == [], found.non_articles


def test_records_are_valid_against_the_schema(crawl: tuple[str, bool, Replica, CrawlResult, list[str]]) -> None:
    _, _, _, result, _ = crawl
    validator = jsonschema.Draft202012Validator(article_schema())
    for item in result.items:
        errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(item)]
        assert errors == [], (item["url"], errors)


def test_nothing_requested_against_robots_txt(crawl: tuple[str, bool, Replica, CrawlResult, list[str]]) -> None:
    shape, _, _, _, requests = crawl
    disallowed = {unquote(path) for path in site_gold(shape).get("disallowed", [])}
    requested = {unquote(line.split(" ", 1)[1]) for line in requests}
    assert not requested & disallowed


def test_non_article_pages_are_skipped_by_reason(crawl: tuple[str, bool, Replica, CrawlResult, list[str]]) -> None:
    """The portal's sitemaps list a live blog, a video and a gallery: without a profile they
    are downloaded and skipped by reason; with one, its article pattern leaves them out."""
    shape, with_profile, _, result, requests = crawl
    if shape != "portal":
        pytest.skip("the portal shape lists media and live pages in its sitemaps")
    kinds = {key.rsplit("/", 1)[1] for key in result.stats() if key.startswith("newscrawl/skip/non_article/")}
    media = [line for line in requests if any(f" /{kind}/" in line for kind in ("live", "video", "gallery"))]
    if with_profile:
        assert media == []
    else:
        assert {"live", "video", "gallery"} <= kinds, kinds


def test_every_article_spelling_is_downloaded_once_at_most(
    crawl: tuple[str, bool, Replica, CrawlResult, list[str]],
) -> None:
    """AMP, print and tracking spellings of an article collapse before download where
    discovery can tell (a profile's pattern, or the generic variants)."""
    shape, _, _, _, requests = crawl
    gold = site_gold(shape)
    for article in gold["articles"]:
        spellings = {unquote(s) for s in article["urls"]}
        fetched = [line for line in requests if unquote(line.split(" ", 1)[1]) in spellings]
        variants = [line for line in fetched if any(v in line for v in ("amp", "print=1", "utm_"))]
        assert not variants, (article["id"], variants)


def test_the_crawl_stays_on_the_site(crawl: tuple[str, bool, Replica, CrawlResult, list[str]]) -> None:
    _, _, replica, result, _ = crawl
    host = urlsplit(replica.base_url).hostname
    for item in result.items:
        assert urlsplit(item["url"]).hostname == host


def test_several_sites_in_one_crawl_share_one_store_and_feed(site_replica: Any, tmp_path: Path) -> None:
    portal, oldportal = site_replica("portal", HOSTS["portal"]), site_replica("oldportal", HOSTS["oldportal"])
    result = run_crawl(
        tmp_path,
        "-a", f"profile={SITES / 'portal' / 'profile.json'},{SITES / 'oldportal' / 'profile.json'}",
        "-a", f"base_url={portal.base_url},{oldportal.base_url}",
        settings=FAST, spider="news", timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    sites = {item["site"] for item in result.items}
    assert len(sites) == 2, sites
    for shape in ("portal", "oldportal"):
        site = json.loads((SITES / shape / "profile.json").read_text(encoding="utf-8"))["site"]
        found = score([i for i in result.items if i["site"] == site], site_gold(shape))
        assert found.found_share >= 0.99, (shape, found.row())
