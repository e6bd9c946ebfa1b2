"""``ArticleLoader``: which cleaner runs on which ``Article`` field.

Input processors clean single values (:mod:`newscrawl.text.arabic`); ``articleBody`` takes the
whole list of raw paragraphs at once, so that boilerplate rules can see paragraph order
(the comments cut). Loader context: ``boilerplate`` (the site's rules) and ``headline``
(a paragraph repeating it is dropped); removed paragraphs are appended to the context
list ``removed`` as ``(reason, text)`` for stats.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from newscrawl.extraction.boilerplate import BoilerplateRules, filter_paragraphs
from newscrawl.items import ARTICLE_FIELDS, Article
from newscrawl.text.arabic import clean_display, clean_paragraphs


def one_line(text: str) -> str | None:
    """Collapse a value to one line; ``None`` (dropped) when nothing is left."""
    return " ".join(text.split()) or None


def clean_body(paragraphs: list[str]) -> list[str]:
    """The paragraphs display-cleaned, each on one line, empty ones left out."""
    return [text for text in clean_paragraphs(paragraphs) if text]


def unique(values: Iterable[Any]) -> list[Any]:
    """Values in first-seen order without repeats."""
    return list(dict.fromkeys(values))


def strip_boilerplate(paragraphs: list[str], loader_context: dict[str, Any]) -> list[str]:
    """Drop boilerplate paragraphs (:func:`newscrawl.extraction.boilerplate.filter_paragraphs`)."""
    rules = loader_context.get("boilerplate") or BoilerplateRules()
    result = filter_paragraphs(paragraphs, rules, headline=loader_context.get("headline"))
    loader_context.setdefault("removed", []).extend(result.removed)
    return result.kept


def join_lines(paragraphs: list[str]) -> str | None:
    return "\n".join(paragraphs) or None


def names(values: list[str]) -> list[dict[str, str]]:
    return [{"name": name} for name in unique(values)]


def urls(values: list[str]) -> list[dict[str, str]]:
    return [{"url": url} for url in unique(values)]


def first_url(values: list[str]) -> dict[str, str] | None:
    return {"url": values[0]} if values else None


clean_text = MapCompose(clean_display, one_line)


class ArticleLoader(ItemLoader):
    default_item_class = Article
    default_input_processor = Identity()
    default_output_processor = TakeFirst()

    headline_in = clean_text
    description_in = clean_text
    section_in = clean_text
    articleBody_in = Compose(clean_body, strip_boilerplate)
    articleBody_out = Compose(join_lines)
    authors_in = clean_text
    authors_out = Compose(names)
    tags_in = clean_text
    tags_out = Compose(unique)
    breadcrumbs_out = Identity()
    mainImage_out = Compose(first_url)
    images_out = Compose(urls)


def _name_every_processor(loader: type[ItemLoader]) -> None:
    """Give every field its processors as loader attributes: itemloaders otherwise looks
    each one up in the item's field metadata through a new ItemAdapter on every value
    (~10 % of a page's parse time with a dataclass item)."""
    for name in ARTICLE_FIELDS:
        for suffix, default in (("_in", loader.default_input_processor), ("_out", loader.default_output_processor)):
            if not hasattr(loader, name + suffix):
                setattr(loader, name + suffix, default)


_name_every_processor(ArticleLoader)
