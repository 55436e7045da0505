"""Rule "header first": the page's header read before the text an extractor put above it.

Split out of narrate.article.headline (which decides what the headline, kicker and teaser are); this
decides only where they stand.
"""

from __future__ import annotations

import logging

from lxml import etree

from narrate.article.cleaning import Block, is_prose_paragraph, squash
from narrate.article.headline import KICKER_MAX_CHARS, headline_h1

log = logging.getLogger(__name__)

HEADER_AFTER_MAX_BLOCKS = 2  # a teaser (and a sub-title) after the headline move with it
POSITION_KEY_CHARS = 60  # a block is found on the page by its first characters


def header_first(tree: etree._Element, blocks: list[Block]) -> list[Block]:
    """Rule "header first": the headline with its kicker and teaser goes before article text that the
    extractor put above it, when the page shows the headline first.

    On a paywalled page the extractor finds the article's opening paragraph first and the page header
    (h1, teaser) only afterwards, as loose text; the listener would hear the body, then the kicker,
    headline and teaser. The group moved is the title block, a short non-sentence right before it (the
    kicker) and the blocks after it, which must all stand on the page before that text (the teaser):
    with article text after the header too, the extractor's order is taken to be the page's.
    """
    at = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    first = next((b for b in blocks[:at] if _is_prose(b.text)), None) if at else None
    h1 = headline_h1(tree)
    if first is None or h1 is None:
        return blocks
    order = {element: k for k, element in enumerate(tree.iter(etree.Element))}
    text_at = _page_position(tree, order, first.text)
    if text_at is None or order[h1] > text_at:
        return blocks
    start = at - 1 if at and not _is_prose(blocks[at - 1].text) and len(blocks[at - 1].text) <= KICKER_MAX_CHARS \
        and blocks[at - 1] is not first else at
    end = at + 1
    while end < len(blocks) and end - at <= HEADER_AFTER_MAX_BLOCKS:
        shown = _page_position(tree, order, blocks[end].text)
        if shown is None or shown > text_at:
            break
        end += 1
    if end < len(blocks):
        return blocks  # article text after the header too: the extractor's order is the page's
    log.info("the page shows its headline before the text the extractor put above it; reading it first")
    return blocks[start:end] + blocks[:start] + blocks[end:]


def _page_position(tree: etree._Element, order: dict, text: str) -> int | None:
    """Document position of the first paragraph-like element whose text starts like text."""
    key = squash(text)[:POSITION_KEY_CHARS]
    return next((order[e] for e in tree.iter("p", "div", "li", "span", "section") if
                 squash(e.text_content()).startswith(key)), None) if key else None


def _is_prose(text: str) -> bool:
    return is_prose_paragraph(text, colon=False)  # a kicker may end in a colon; it is no prose
