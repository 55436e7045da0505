"""The headline of an HTML page: which h1 it is, its kicker (Dachzeile) and teaser.

Split out of narrate.article.html, which decides what text is extracted; this decides which of the
page's candidates is its headline (the page's title itself, and its site name, are found by
narrate.article.titles). Rules:
- a title block that is a mere label (≤ LABEL_MAX_WORDS words or the site's name: "Aufgaben",
  "Detailansicht") and does not agree with the hint is no headline (fix_headline);
- a headline set with the site's name in the h1 loses it ("site in the h1");
- kicker and headline split where a title runs them together.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from narrate.article.cleaning import Block, squash
from narrate.article.titles import DATE_PREFIX, agrees, is_site, strip_site, title_hints

log = logging.getLogger(__name__)

KICKER_MAX_CHARS = 60
LABEL_MAX_WORDS = 2  # a title block of this many words that disagrees with the page's title is a label
PROMOTE_WINDOW = 5  # the headline is looked for among this many first blocks
_BROKEN_END = ("–", "—", "-", ":", ",")
_H1_KICKER_CLASS = re.compile(r"kicker|dachzeile|topline|overline|roofline|eyebrow|category|rubri[ck]|ressort|topic",
                              re.IGNORECASE)
_TRAILING_CHROME = re.compile(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b")  # a date line run into the headline
_HEADER_CLASS = re.compile(
    r"(?P<kicker>kicker|dachzeile|topline|overline|roofline|eyebrow)|"
    r"(?P<teaser>teaser|intro|standfirst|summary|abstract|lead(?:-?text)?\b|subtitle|sub-?headline|subline)",
    re.IGNORECASE)


def headline_h1(tree: etree._Element):
    """The h1 holding the page's title (og:title, <title>, or a part of "Site | Headline"), else the first."""
    h1s = [h for h in tree.iter("h1") if squash(h.text_content())]
    return _first_holding_title(h1s, title_hints(tree), fallback=h1s)


def headline_element(tree: etree._Element):
    """The element the headline stands in: the h1 holding the page's title; else the element marked
    itemprop="headline" holding it (a TYPO3 news record sets its headline in an h3 and keeps an h1 for
    a box such as "Partner", rule "declared headline"); else the first h1, or that marked element."""
    hints = title_hints(tree)
    h1s = [h for h in tree.iter("h1") if squash(h.text_content())]
    marked = [e for e in tree.xpath("//*[@itemprop='headline']") if squash(e.text_content())]
    return _first_holding_title(h1s + marked, hints, fallback=h1s + marked)


def _first_holding_title(elements: list, hints: list[str], fallback: list):
    """The first of elements whose text holds one of the page's titles, else the first of fallback
    (None when empty). (No `or` between elements: lxml counts an element without children as false.)"""
    return next((e for e in elements if any(t in squash(e.text_content()) for t in hints)), next(iter(fallback), None))


def page_header(tree: etree._Element) -> tuple[str, str, str]:
    """(headline h1, kicker, teaser) read from the page itself, near the h1; "" where absent.

    trafilatura leaves out a header that sits outside the article container; these put it back.
    Kicker and teaser are taken by class name, only inside the h1's enclosing header or its parent,
    so that a "teaser" card linking another article is never mistaken for this one's teaser. A kicker
    inside the h1 (<h1><span class="kicker">…</span> Headline</h1>) is split off the headline. Of a
    teaser box holding a teaser element, the inner one is taken (rule "innermost teaser").
    """
    h1 = headline_h1(tree)
    if h1 is None:
        return "", "", ""
    scope = next(h1.iterancestors("header"), None)
    scope = scope if scope is not None else h1.getparent()
    found = {}
    for element in scope.iter("p", "div", "span", "h2", "section"):  # an h2 sub-title beside the h1 is the teaser
        match = _HEADER_CLASS.search(element.get("class", ""))
        if match and squash(element.text_content()) and not _holds_own_kind(element, match.lastgroup):
            found.setdefault(match.lastgroup, squash(element.text_content()))
    headline = squash(h1.text_content())
    kicker = found.get("kicker", "") or _kicker_in_h1(h1) or _kicker_before_break(h1)
    if kicker and headline.startswith(kicker) and headline != kicker:
        headline = headline[len(kicker):].strip(" :–—-|/")
    return headline, kicker, found.get("teaser", "")


def _holds_own_kind(element: etree._Element, kind: str) -> bool:
    """Rule "innermost teaser": an "article__intro" box holding a "summary" is the teaser with its byline
    and date line around it; the inner element is the teaser, the box is not."""
    for inner in element.iterdescendants("p", "div", "span", "h2"):
        match = _HEADER_CLASS.search(inner.get("class", ""))
        if match and match.lastgroup == kind and squash(inner.text_content()):
            return True
    return False


def _kicker_in_h1(h1: etree._Element) -> str:
    """The text of a labelled element at the start of the h1 (<h1><span class="category">Verbraucher-
    schutz</span> Mehr Transparenz …</h1>): inside the headline, a category or topic label is its
    kicker. Outside the h1 such a label is a department name and is not taken."""
    first = next((e for e in h1.iter(etree.Element) if e is not h1 and squash(e.text_content())), None)
    if first is None or not _H1_KICKER_CLASS.search(first.get("class", "")):
        return ""
    text = squash(first.text_content())
    return text if squash(h1.text_content()).startswith(text) and len(text) <= KICKER_MAX_CHARS else ""


def _kicker_before_break(h1: etree._Element) -> str:
    """The first line of an h1 set on two lines (<h1><small>Einheit der Woche</small><br>Lagen-Pyramide
    mit GA2</h1>): a short line above a line break inside the headline is its kicker, unless it is the
    page's title (og:title, <title>) and the second line is not: then the line below is a date line."""
    if h1.find(".//br") is None:
        return ""
    copy = etree.fromstring(etree.tostring(h1))
    for br in copy.iter("br"):
        br.tail = "\u2028" + (br.tail or "")
    first, _, rest = copy.xpath("string()").partition("\u2028")
    first, rest = squash(first).rstrip(" :–—-|"), squash(rest.replace("\u2028", " "))
    hints = title_hints(h1.getroottree().getroot())
    if any(agrees(first, hint) for hint in hints) and not any(agrees(rest, hint) for hint in hints):
        return ""  # the headline comes first and a date or category line after it
    return first if first and rest and len(first) <= KICKER_MAX_CHARS else ""


def declares_teaser(element: etree._Element) -> bool:
    """The element's own class names it the teaser or intro ("c-page-intro__copy"), or schema.org's
    itemprop="description" marks it as the article's summary; a box inside an intro (its date line,
    its byline) is not the teaser. A lone paragraph wrapped in such a box is the box's text
    (<div class="teaser-text" itemprop="description"><p>…</p></div>: rule "wrapped teaser")."""
    parent = element.getparent()
    holders = [element] + ([parent] if parent is not None and len(parent) == 1 and not (parent.text or "").strip()
                           else [])
    for holder in holders:
        match = _HEADER_CLASS.search(holder.get("class", ""))
        if (match and match.lastgroup == "teaser") or holder.get("itemprop") == "description":
            return True
    return False


def complete_header(blocks: list[Block], title: str, header: tuple[str, str, str]) -> list[Block]:
    """Headline, kicker and teaser from the page header, where trafilatura's output lacks them."""
    headline, kicker, teaser = header
    blocks = [b for k in blocks for b in _split_h1(k, kicker, headline)]
    if headline and not any(b.kind == "title" for b in blocks) and not _headline_in(blocks[:3], title):
        blocks = [Block("title", headline)] + blocks
    blocks = _split_kicker(blocks, title, headline if kicker else "")
    at = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    if at is None:
        return blocks
    seen = " ".join(b.text for b in blocks)
    before = [Block("para", kicker)] if kicker and kicker not in seen and at == 0 else []
    after = [Block("para", teaser)] if teaser and teaser not in seen and teaser != kicker else []
    return blocks[:at] + before + [blocks[at]] + after + blocks[at + 1:]


def _split_h1(block: Block, kicker: str, headline: str) -> list[Block]:
    """A title that runs kicker and headline together becomes the kicker, then the headline."""
    text = block.text
    if block.kind == "title" and kicker and headline and text != headline and text.startswith(kicker) \
            and text.endswith(headline):
        return [Block("para", kicker, block.group), Block("title", headline, block.group)]
    return [block]


def _headline_in(blocks: list[Block], title: str) -> bool:
    return bool(title) and any(b.text.endswith(title) for b in blocks)


def _without_site(block: Block, hint: str, site: str) -> Block:
    """A headline set with the site's name in the h1 ("Was wir hören wollen | BLOGNAME") is the page's
    title without it, where stripping the suffix leaves exactly that title (rule "site in the h1");
    so is one with its date line and categories run into it ("Headline 02.02.2022 • Verband , Presse":
    what follows the title starts with a date and is no sentence), and a date set before
    it goes ("23.01.2022 - Headline")."""
    if block.kind != "title":
        return block
    block = Block("title", DATE_PREFIX.sub("", block.text), block.group)  # "23.01.2022 - Headline"
    if not hint or block.text == hint or not block.text.startswith(hint):
        return block
    rest = block.text[len(hint):].strip()
    if strip_site(block.text, site) == hint or (_TRAILING_CHROME.match(rest) and not rest.endswith((".", "!", "?"))):
        return Block("title", hint, block.group)
    return block


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


def _split_kicker(blocks: list[Block], title: str, split: str = "") -> list[Block]:
    """The headline block, split when it holds kicker and headline ("Energiewende: Norden meldet …").

    The headline is the h1, or else one of the first paragraphs (an h1 outside the article container
    reaches us as a paragraph); it must equal or end with the page's og:title/<title>. A headline
    whose kicker the page's markup has split off already (split) is not split again: its og:title
    may be a shortened form of it.
    """
    h1 = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    if split and h1 is not None and blocks[h1].text == split:
        return blocks
    candidates = [h1] if h1 is not None else [i for i, b in enumerate(blocks[:3]) if b.kind == "para"]
    at = next((i for i in candidates if title and blocks[i].text.endswith(title)), None)
    if at is None:
        return blocks
    before = blocks[at].text[: -len(title)]
    kicker = before.strip(" :–—-|/")
    head = [Block("para", kicker)] if kicker and len(kicker) <= KICKER_MAX_CHARS else []
    if kicker and not head:
        return blocks
    if kicker and not before.rstrip().endswith((":", "–", "—", "-", "|", "/")) and kicker.split()[-1][:1].islower():
        return blocks  # "Unsere 3 wichtigsten Maßnahmen zur" + title: one sentence, not kicker and headline
    return blocks[:at] + head + [Block("title", title)] + blocks[at + 1:]


def fix_headline(blocks: list[Block], hint: str, site: str) -> list[Block]:
    """A first title block that is a label ("Aufgaben", "Detailansicht", the site's name) and does not
    agree with the page's title is no headline: the block among the first PROMOTE_WINDOW that agrees
    becomes the headline, else the title itself is put first. Labels before the article's first
    paragraph are labels (not spoken), later ones section headings."""
    blocks = [_without_site(b, hint, site) for b in _join_broken_title(blocks)]
    at = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    if not hint or at is None or agrees(blocks[at].text, hint) or not _is_label(blocks[at].text, site):
        return blocks
    match = next((i for i, b in enumerate(blocks[:PROMOTE_WINDOW]) if agrees(b.text, hint)), None)
    text = next((i for i, b in enumerate(blocks) if b.kind == "para" and len(b.text.split()) > LABEL_MAX_WORDS),
                len(blocks))
    out = []
    for i, block in enumerate(blocks):
        if i == match:
            block = Block("title", block.text, block.group)
        elif block.kind == "title" and not agrees(block.text, hint):
            if is_site(block.text, site):
                continue
            block = Block("label" if i < text else "heading", block.text, block.group)
        out.append(block)
    if match is None:
        lead = next((i for i, b in enumerate(out) if b.kind != "label"), len(out))
        out.insert(lead, Block("title", hint))
    log.info("headline agreement: %r is a label, not the headline %r", blocks[at].text, hint)
    return out


def _join_broken_title(blocks: list[Block]) -> list[Block]:
    """Two h1 in a row where the first ends in a dash or colon, or the second starts in lower case
    ("Naturkosmetik –" / "die gesündere Alternative?"), are one headline set on two lines."""
    at = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    if at is None or at + 1 >= len(blocks) or blocks[at + 1].kind != "title":
        return blocks
    first, second = blocks[at].text, blocks[at + 1].text
    if not (first.endswith(_BROKEN_END) or second[:1].islower()):
        return blocks
    return blocks[:at] + [Block("title", f"{first} {second}", blocks[at].group)] + blocks[at + 2:]


def _is_label(text: str, site: str) -> bool:
    return len(text.split()) <= LABEL_MAX_WORDS or is_site(text, site)


