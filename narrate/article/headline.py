"""The headline of an HTML page: which h1 it is, its kicker (Dachzeile) and teaser, and the title hint.

Split out of narrate.article.html, which decides what text is extracted; this decides which of the
page's candidates is its headline. Sources: the extracted h1 blocks, the page's h1 elements, og:title,
the JSON-LD headline, <title> (without its " | Site" part) and trafilatura's metadata title, which
on some pages is a sidebar heading ("Ansprechpartner") or the site's name. Rules:
- title hint ("headline agreement"): trafilatura's title when it agrees with one of the page's own
  candidates (og:title, JSON-LD headline, <title>, an h1), else the first of those;
- a title block that is a mere label (≤ LABEL_MAX_WORDS words or the site's name: "Aufgaben",
  "Detailansicht") and does not agree with the hint is no headline (fix_headline);
- kicker and headline split where a title runs them together.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from narrate.article.cleaning import Block, squash

log = logging.getLogger(__name__)

_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")
_HEADER_CLASS = re.compile(
    r"(?P<kicker>kicker|dachzeile|topline|overline|roofline|eyebrow)|"
    r"(?P<teaser>teaser|intro|standfirst|summary|abstract|lead(?:-?text)?\b|subtitle|sub-?headline|subline)",
    re.IGNORECASE)


def headline_h1(tree: etree._Element):
    h1s = [h for h in tree.iter("h1") if squash(h.text_content())]
    hint = _title_hint(tree)
    return next((h for h in h1s if hint and hint in squash(h.text_content())), h1s[0] if h1s else None)


def page_header(tree: etree._Element) -> tuple[str, str, str]:
    """(headline h1, kicker, teaser) read from the page itself, near the h1; "" where absent.

    trafilatura leaves out a header that sits outside the article container; these put it back.
    Kicker and teaser are taken by class name, only inside the h1's enclosing header or its parent,
    so that a "teaser" card linking another article is never mistaken for this one's teaser. A kicker
    inside the h1 (<h1><span class="kicker">…</span> Headline</h1>) is split off the headline.
    """
    h1 = headline_h1(tree)
    if h1 is None:
        return "", "", ""
    scope = next(h1.iterancestors("header"), None)
    scope = scope if scope is not None else h1.getparent()
    found = {}
    for element in scope.iter("p", "div", "span", "h2"):  # an h2 sub-title beside the h1 is the teaser
        match = _HEADER_CLASS.search(element.get("class", ""))
        if match and squash(element.text_content()):
            found.setdefault(match.lastgroup, squash(element.text_content()))
    headline = squash(h1.text_content())
    kicker = found.get("kicker", "")
    if kicker and headline.startswith(kicker) and headline != kicker:
        headline = headline[len(kicker):].strip(" :–—-|")
    return headline, kicker, found.get("teaser", "")


def complete_header(blocks: list[Block], title: str, header: tuple[str, str, str]) -> list[Block]:
    """Headline, kicker and teaser from the page header, where trafilatura's output lacks them."""
    headline, kicker, teaser = header
    blocks = [b for k in blocks for b in _split_h1(k, kicker, headline)]
    if headline and not any(b.kind == "title" for b in blocks) and not _headline_in(blocks[:3], title):
        blocks = [Block("title", headline)] + blocks
    blocks = _split_kicker(blocks, title)
    at = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    if at is None:
        return blocks
    seen = " ".join(b.text for b in blocks)
    before = [Block("para", kicker)] if kicker and kicker not in seen and at == 0 else []
    after = [Block("para", teaser)] if teaser and teaser not in seen else []
    return blocks[:at] + before + [blocks[at]] + after + blocks[at + 1:]


def _title_hint(tree: etree._Element) -> str:
    """og:title, else <title>, without a " | Site" suffix: which h1 is the headline."""
    og = tree.xpath("//meta[@property='og:title']/@content")
    title = og[0] if og else (tree.findtext(".//title") or "")
    return strip_site(title, "")


def _split_h1(block: Block, kicker: str, headline: str) -> list[Block]:
    """A title that runs kicker and headline together becomes the kicker, then the headline."""
    text = block.text
    if block.kind == "title" and kicker and headline and text != headline and text.startswith(kicker) \
            and text.endswith(headline):
        return [Block("para", kicker, block.group), Block("title", headline, block.group)]
    return [block]


def _headline_in(blocks: list[Block], title: str) -> bool:
    return bool(title) and any(b.text.endswith(title) for b in blocks)


def pick_title(blocks: list[Block], title: str, site: str) -> list[Block]:
    """Of several h1 (a logo, the headline), the one matching og:title/<title> is the headline.

    An h1 naming the site goes; other h1 before it become paragraphs, those after it headings.
    """
    h1s = [i for i, b in enumerate(blocks) if b.kind == "title"]
    match = next((i for i in h1s if title and title.casefold() in blocks[i].text.casefold()), None)
    if len(h1s) < 2 or match is None:
        return blocks
    out = []
    for i, block in enumerate(blocks):
        if i in h1s and i != match:
            if block.text.casefold() == site.casefold():
                continue
            block = Block("para" if i < match else "heading", block.text, block.group)
        out.append(block)
    return out


def _split_kicker(blocks: list[Block], title: str) -> list[Block]:
    """The headline block, split when it holds kicker and headline ("Energiewende: Norden meldet …").

    The headline is the h1, or else one of the first paragraphs (an h1 outside the article container
    reaches us as a paragraph); it must equal or end with the page's og:title/<title>.
    """
    h1 = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    candidates = [h1] if h1 is not None else [i for i, b in enumerate(blocks[:3]) if b.kind == "para"]
    at = next((i for i in candidates if title and blocks[i].text.endswith(title)), None)
    if at is None:
        return blocks
    kicker = blocks[at].text[: -len(title)].strip(" :–—-|")
    head = [Block("para", kicker)] if kicker and len(kicker) <= 60 else []
    if kicker and not head:
        return blocks
    return blocks[:at] + head + [Block("title", title)] + blocks[at + 1:]


def strip_site(title: str, site: str) -> str:
    """"Headline | Site" → "Headline"; keeps titles whose dash is part of the headline."""
    title = squash(title)
    m = _TITLE_SUFFIX.search(title)
    if m and (not site or site.lower() in m.group(0).lower() or "|" in m.group(0)):
        return title[: m.start()]
    return title
