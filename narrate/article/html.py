"""HTML → blocks and metadata: trafilatura finds the article, we keep its headings and paragraphs.

trafilatura is the library made for main-text extraction. Before it runs, the page's declared noise
is removed by structure (narrate.article.page); it then runs in its default and its favor_recall
mode and choose_extraction() states which result is used. The noise table in
narrate.article.cleaning removes the chrome left, line by line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml import etree, html as lxml_html

from narrate.article.cleaning import PROSE_MIN_WORDS, Block, is_caption, is_prose_paragraph, squash
from narrate.article.faq import declared_faq, with_declared_faq
from narrate.article.header_order import header_first
from narrate.article.headline import (complete_header, declares_teaser, fix_headline, headline_element, page_header,
                                      pick_title)
from narrate.article.loose import wrap_heading_tails
from narrate.article.page import declared_article, parse_page, prune
from narrate.article.siblings import sibling_sections
from narrate.article.titles import title_hint
from narrate.article.xmlblocks import inside as _inside, xml_blocks
from narrate.models import ArticleMeta

log = logging.getLogger(__name__)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHROME_MARKS = re.compile(r"\d|[|·•/©()]")  # what a date line, byline or credit has and a sub-heading has not
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")
PROSE_MARGIN = 0.1  # favor_recall must find this much more prose than the default mode to be chosen
DECLARED_MIN_SENTENCES = 3  # a JSON-LD articleBody shorter than this is not worth a comparison
LEAD_MAX_PARAGRAPHS = 2
LEAD_SEARCH_ELEMENTS = 60
LEAD_OPEN_WORDS = 12  # a lead without final punctuation is taken only when it is this long
GLUE_MIN_ELEMENTS = 3  # an extraction's only paragraph holding this many page elements is the whole page glued
GLUE_PART_CHARS = 10
_TEXT_HEADINGS = frozenset("h2 h3 h4 h5 h6".split())
_FALLBACK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote"}


@dataclass(frozen=True)
class HtmlPage:
    blocks: tuple[Block, ...]
    title: str  # from the page's metadata (og:title, <title>), suffix " | Site" removed; may be ""
    meta: ArticleMeta


def extract_html(text: str) -> HtmlPage:
    """Main article of an HTML page as blocks (h1 → title, h2…h6 → heading, p, li) plus metadata.

    The page's declared noise is dropped first (narrate.article.page), then trafilatura extracts the
    article in two modes and choose_extraction() picks one; a page whose JSON-LD articleBody the pick
    misses is read from that body. Falls back to the page's own elements when nothing is found.
    """
    import trafilatura  # imported here: it pulls in lxml, justext and htmldate (≈0.3 s)

    tree = parse_page(text)
    if tree is None:
        return HtmlPage(tuple(_plain_lines(text)), "", ArticleMeta())
    declared, faq = declared_article(tree), declared_faq(tree)
    prune(tree)
    wrap_heading_tails(tree)
    header = page_header(tree)
    page = lxml_html.tostring(tree, encoding="unicode")
    found = {mode: trafilatura.extract(
        page, output_format="xml", with_metadata=mode == "default", include_comments=False, include_tables=True,
        include_images=False, favor_recall=mode == "recall", deduplicate=False) for mode in ("default", "recall")}
    found = {mode: etree.fromstring(xml.encode("utf-8")) for mode, xml in found.items() if xml}
    if not found:
        log.info("trafilatura found no main text; reading the page's elements directly")
        return HtmlPage(tuple(_fallback_blocks(tree)), "", ArticleMeta())
    candidates = {mode: unglued(_body_blocks(root), tree) for mode, root in found.items()}
    chosen = choose_extraction(candidates)
    root = found.get("default", found[chosen])  # metadata is read once, in the default run
    meta = ArticleMeta(
        date=_iso_date(root.get("date", "")),
        site=root.get("sitename", "") or "",
        author=(root.get("author", "") or "").replace("; ", " und "),
        url=root.get("url", "") or "",
        description=root.get("description", "") or "",
    )
    title = title_hint(tree, root.get("title", "") or declared.headline, meta.site, declared.headline)
    other = candidates.get("recall" if chosen == "default" else "default", [])
    blocks = pick_title(with_lead(candidates[chosen], other), title, meta.site)
    blocks = with_declared_faq(sibling_sections(tree, blocks), faq)
    blocks = _declared_body(lead_after_h1(tree, blocks), declared.body)
    blocks = header_first(tree, fix_headline(complete_header(blocks, title, header), title, meta.site))
    return HtmlPage(tuple(blocks), title, meta)


def _body_blocks(root: etree._Element) -> list[Block]:
    main = root.find("main")
    return list(xml_blocks(main)) if main is not None else []


def unglued(blocks: list[Block], tree: etree._Element) -> list[Block]:
    """The page's own elements where the extraction glued several of them into one paragraph.

    On a page it cannot make sense of, trafilatura falls back to the text of the whole page as a single
    <p>: headline, byline, categories, sign-up bar and share row run into one spoken line. An extraction
    whose only paragraph holds the text of GLUE_MIN_ELEMENTS or more of the page's own headings,
    paragraphs or items is that fallback (rule "whole-page glue"); the page's elements are read one by
    one instead, so the line rules can tell its chrome from its text.
    """
    paragraphs = [b for b in blocks if b.kind != "title"]
    if len(paragraphs) != 1:
        return blocks
    glued, own = paragraphs[0].text, list(_fallback_blocks(tree))
    parts = [b for b in own if len(b.text) >= GLUE_PART_CHARS and b.text in glued]
    if len(parts) < GLUE_MIN_ELEMENTS:
        return blocks
    log.info("the extraction glued %d of the page's elements into one paragraph; reading them one by one",
             len(parts))
    return own


def choose_extraction(candidates: dict[str, list[Block]]) -> str:
    """The extraction mode to use: the one with the most prose, ties going to "default".

    Prose is the characters of paragraphs that are sentences (≥ PROSE_MIN_WORDS words, final
    punctuation): chrome, link lists and bylines are not prose, so more prose means more of the article
    and not more noise. favor_recall wins only with PROSE_MARGIN more prose, since it also keeps more
    of the page's chrome; the default mode loses leads and whole sections on some pages.
    """
    scores = {mode: prose_chars(blocks) for mode, blocks in candidates.items()}
    if "default" not in scores:
        return next(iter(scores))
    best = max(scores, key=scores.get)
    return best if scores[best] > scores["default"] * (1 + PROSE_MARGIN) else "default"


def prose_chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind != "title" and is_prose_paragraph(b.text))


def with_lead(chosen: list[Block], recall: list[Block]) -> list[Block]:
    """The chosen blocks, preceded by what the other extraction mode finds before their first paragraph.

    The default mode drops a lead styled as a teaser outside the article container; favor_recall keeps
    it, and the other way round for the sub-heading right above the first paragraph. Only prose (a
    sentence of PROSE_MIN_WORDS words or more) and that one heading (without the digits, slashes or
    brackets of a date line or credit) are taken, so no chrome comes along.
    """
    texts = {b.text for b in chosen}
    first = next((i for i, b in enumerate(recall) if b.text in texts and prose_chars([b])), None)
    if first is None:
        return chosen
    lead = [b for b in recall[:first] if b.text not in texts and prose_chars([b])]
    above = recall[first - 1] if first else None  # the sub-heading right above the first paragraph
    if above is not None and above.kind == "heading" and above.text not in texts and above not in lead \
            and not _CHROME_MARKS.search(above.text):
        lead.append(above)
    if not lead:
        return chosen
    at = next((i for i, b in enumerate(chosen) if b.text == recall[first].text), 0)
    return chosen[:at] + lead + chosen[at:]


def is_lead(text: str, teaser: bool) -> bool:
    """A lead paragraph: prose, or, in an element whose class declares it the teaser or intro, a
    sentence of LEAD_OPEN_WORDS words or more whose final full stop the page leaves out (teasers are
    often set without one: "Was seit Wochen vermutet wurde, ist nun offiziell bestätigt"). Without
    that class such a line is as often a date line, a breadcrumb or a tag row; with a link in it, it
    is a teaser card of another article."""
    if prose_chars([Block("para", text)]):
        return True
    return teaser and len(text.split()) >= LEAD_OPEN_WORDS and not text.endswith(":")


def lead_after_h1(tree: etree._Element, blocks: list[Block]) -> list[Block]:
    """Prose paragraphs between the page's headline (h1) and the extracted text go before it.

    A lead set apart from the article container (its own <div>, a "teaser" outside <article>) is lost
    by the extractor. Whatever prose stands on the page after the h1 and before the first extracted
    paragraph is that lead; chrome there (bylines, captions, share rows) is no prose. One run of at
    most LEAD_MAX_PARAGRAPHS, looked for within LEAD_SEARCH_ELEMENTS elements. Where no h1 holds the
    page's title, the element marked itemprop="headline" serves (headline_element).
    Link text (an element inside a link, or all of whose text is a link's) is never the lead: it is a
    card pointing at another article; so is a text cut short with "…", where the search stops. An h1
    standing below the article's first paragraph heads another module and has no lead (rule "lead
    above the article").
    """
    first = next((b for b in blocks if b.kind != "title" and prose_chars([b])), None)
    h1 = headline_element(tree)
    if first is None or h1 is None:
        return blocks
    seen, lead, after, count = {b.text for b in blocks}, [], False, 0
    key = first.text[:60]
    for element in tree.iter(etree.Element):
        if element is h1:
            after = True
            continue
        if not after and element.tag == "p" and key in squash(element.text_content()):
            return blocks  # the article opens above this h1: an h1 below it heads another module, with no lead
        if after and element.tag in _TEXT_HEADINGS and key in squash(element.text_content()):
            break  # the article opens with a teaser set in a heading tag: the search ends there too
        if not after or element.tag not in ("p", "div") or _inside(element, "h1"):
            continue
        if element.find(".//p") is not None or element.find(".//div") is not None:
            continue  # a container: its paragraphs come one by one
        count += 1
        text = squash(element.text_content())
        if key in text or count > LEAD_SEARCH_ELEMENTS or len(lead) >= LEAD_MAX_PARAGRAPHS:
            break
        if text and (element.xpath("ancestor::a[@href]") or squash(" ".join(element.xpath(".//a[@href]//text()"))) == text):
            if lead:
                break
            continue  # link text is a card pointing at another article ("Quiz Wie gut kennen Sie …?")
        if text.endswith(("...", "…")):
            break  # a teaser cut short ("Die meisten von ihnen kommen aus der Nähe, …") leads to another page
        teaser = declares_teaser(element) and not element.xpath("ancestor-or-self::a[@href] | .//a[@href]")
        if text not in seen and is_lead(text, teaser) and not is_caption(text):
            lead.append(Block("para", text))
        elif lead and text:
            break  # the lead is one run of paragraphs; what follows a break in it is a box or a promo
    if not key or not lead or not after:
        return blocks
    at = blocks.index(first)
    log.info("put back %d lead paragraph(s) standing between the headline and the article", len(lead))
    return blocks[:at] + lead + blocks[at:]


def _declared_body(blocks: list[Block], body: str) -> list[Block]:
    """The JSON-LD articleBody where the extraction holds under half of its sentences.

    A declared body with more prose than the extraction replaces it (the extractor took the wrong
    block); a shorter one is the page's lead (sites declare their teaser as articleBody) and goes
    before the extracted text.
    """
    sentences = [s for s in _SENTENCE_END.split(squash(body)) if len(s.split()) >= PROSE_MIN_WORDS]
    if len(sentences) < DECLARED_MIN_SENTENCES:
        return blocks
    seen = _norm(" ".join(b.text for b in blocks))
    covered = sum(_norm(s) in seen for s in sentences)
    if covered * 2 >= len(sentences):
        return blocks
    paragraphs = [Block("para", squash(p)) for p in body.split("\n") if squash(p)]
    head = [b for b in blocks[:3] if b.kind == "title"]
    if len(squash(body)) > prose_chars(blocks):
        log.info("the extraction holds %d of the %d sentences the page declares as its articleBody, "
                 "which is longer; reading the declared body", covered, len(sentences))
        return head + paragraphs
    log.info("the page's declared articleBody is missing from the extraction; reading it as the lead")
    at = blocks.index(head[0]) + 1 if head else 0
    return blocks[:at] + paragraphs + blocks[at:]


def _norm(text: str) -> str:
    return "".join(text.casefold().split())


def _fallback_blocks(tree: etree._Element):
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
        yield from _plain_lines(tree.text_content())


def _plain_lines(text: str):
    lines = (squash(line) for line in text.split("\n"))
    yield from (Block("para", line) for line in lines if line)


def _iso_date(value: str) -> str:
    m = _ISO_DATE.match(value or "")
    return m.group(0) if m else ""
