"""HTML → blocks and metadata: trafilatura finds the article, we keep its headings and paragraphs.

trafilatura is the library made for main-text extraction. We run it with `favor_recall`: in its
default mode it drops a teaser styled `class="teaser"`, and a lost lead sentence is worse than a bit
of chrome, which the noise table in `narrate.article.cleaning` removes afterwards.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml import etree, html as lxml_html

from narrate.article.cleaning import Block, squash
from narrate.models import ArticleMeta

log = logging.getLogger(__name__)

_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEADER_CLASS = re.compile(
    r"(?P<kicker>kicker|dachzeile|topline|overline|roofline|eyebrow)|"
    r"(?P<teaser>teaser|intro|standfirst|summary|abstract|lead(?:-?text)?\b)", re.IGNORECASE)
_FALLBACK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote"}


@dataclass(frozen=True)
class HtmlPage:
    blocks: tuple[Block, ...]
    title: str  # from the page's metadata (og:title, <title>), suffix " | Site" removed; may be ""
    meta: ArticleMeta


def extract_html(text: str) -> HtmlPage:
    """Main article of an HTML page as blocks (h1 → title, h2…h6 → heading, p, li) plus metadata.

    Falls back to the page's own h1–h6/p/li elements when trafilatura finds no main text (tiny pages).
    """
    import trafilatura  # imported here: it pulls in lxml, justext and htmldate (≈0.3 s)

    xml = trafilatura.extract(
        text, output_format="xml", with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, favor_recall=True, deduplicate=False,
    )
    if xml is None:
        log.info("trafilatura found no main text; reading the page's elements directly")
        return HtmlPage(tuple(_fallback_blocks(text)), "", ArticleMeta())
    root = etree.fromstring(xml.encode("utf-8"))
    meta = ArticleMeta(
        date=_iso_date(root.get("date", "")),
        site=root.get("sitename", "") or "",
        author=(root.get("author", "") or "").replace("; ", " und "),
        url=root.get("url", "") or "",
        description=root.get("description", "") or "",
    )
    title = _strip_site(root.get("title", "") or "", meta.site)
    main = root.find("main")
    blocks = _pick_title(list(_xml_blocks(main)) if main is not None else [], title, meta.site)
    blocks = _complete_header(blocks, title, _page_header(text, title))
    return HtmlPage(tuple(blocks), title, meta)


def _page_header(text: str, title: str) -> tuple[str, str, str]:
    """(headline h1, kicker, teaser) read from the page itself, near the h1; "" where absent.

    trafilatura leaves out a header that sits outside the article container; these put it back.
    Kicker and teaser are taken by class name, only inside the h1's enclosing header or its parent,
    so that a "teaser" card linking another article is never mistaken for this one's teaser.
    """
    try:
        tree = lxml_html.fromstring(text)
    except (etree.ParserError, ValueError):
        return "", "", ""
    h1s = [h for h in tree.iter("h1") if squash(h.text_content())]
    h1 = next((h for h in h1s if title and title in squash(h.text_content())), h1s[0] if h1s else None)
    if h1 is None:
        return "", "", ""
    scope = next(h1.iterancestors("header"), None)
    scope = scope if scope is not None else h1.getparent()
    found = {}
    for element in scope.iter("p", "div", "span"):
        match = _HEADER_CLASS.search(element.get("class", ""))
        if match and not _inside_h1(element) and squash(element.text_content()):
            found.setdefault(match.lastgroup, squash(element.text_content()))
    return squash(h1.text_content()), found.get("kicker", ""), found.get("teaser", "")


def _inside_h1(element) -> bool:
    return any(parent.tag == "h1" for parent in element.iterancestors())


def _complete_header(blocks: list[Block], title: str, header: tuple[str, str, str]) -> list[Block]:
    """Headline, kicker and teaser from the page header, where trafilatura's output lacks them."""
    headline, kicker, teaser = header
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


def _headline_in(blocks: list[Block], title: str) -> bool:
    return bool(title) and any(b.text.endswith(title) for b in blocks)


def _pick_title(blocks: list[Block], title: str, site: str) -> list[Block]:
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


def _xml_blocks(main: etree._Element):
    for element in main.iter("head", "p", "item"):
        if element.tag == "p" and _inside(element, "item"):
            continue
        text = squash(" ".join(element.itertext()))
        if not text:
            continue
        if element.tag == "head":
            yield Block("title" if element.get("rend") == "h1" else "heading", text)
        else:
            yield Block("item" if element.tag == "item" else "para", text)


def _inside(element: etree._Element, tag: str) -> bool:
    return any(parent.tag == tag for parent in element.iterancestors())


def _fallback_blocks(text: str):
    try:
        tree = lxml_html.fromstring(text)
    except (etree.ParserError, ValueError):
        return
    for bad in tree.xpath("//script|//style|//nav|//footer|//noscript|//template"):
        bad.drop_tree()
    found = False
    for element in tree.iter(*_FALLBACK_TAGS):
        if any(parent.tag in _FALLBACK_TAGS for parent in element.iterancestors()):
            continue
        content = squash(element.text_content())
        if content:
            found = True
            kind = {"h1": "title", "p": "para", "li": "item", "blockquote": "para"}.get(element.tag, "heading")
            yield Block(kind, content)
    if not found:  # not HTML after all: plain text, one paragraph per line
        lines = (squash(line) for line in tree.text_content().split("\n"))
        yield from (Block("para", line) for line in lines if line)


def _strip_site(title: str, site: str) -> str:
    """"Headline | Site" → "Headline"; keeps titles whose dash is part of the headline."""
    title = squash(title)
    m = _TITLE_SUFFIX.search(title)
    if m and (not site or site.lower() in m.group(0).lower() or "|" in m.group(0)):
        return title[: m.start()]
    return title


def _iso_date(value: str) -> str:
    m = _ISO_DATE.match(value or "")
    return m.group(0) if m else ""
