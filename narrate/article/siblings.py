"""Article sections set as sibling modules of a page: the text the extractor left in the next modules.

Landing pages and guide pages built from a page builder have no article container: the page wrapper
holds one module per section (a header, a text module, an image-and-text module, an FAQ accordion),
side by side. trafilatura picks the best single block and so keeps one or two modules; the sections
after it are lost, often mid-article. Rule (named "sibling sections" in the log):
- the page wrapper is the deepest element holding WRAPPER_SHARE of the page's text; the module is its
  child that holds the last extracted prose paragraph;
- the modules after it are read while each is a module of the same kind (same tag, and the same
  class list or an id that differs only in its number: "module-4", "module-5") that holds a prose
  paragraph not yet extracted, with at most MODULE_MAX_LINK_SHARE of its text link text; a box of
  another kind with prose (comments, an about box, community rules, a slider of other articles) or a
  module of links (related topics) ends the article; a box without prose (a data table, a
  call-to-action), or one of another kind right before a module of the article's kind with prose
  (a timeline or a map set between two sections: "framed module"), is passed over;
- at most MAX_MODULES are added, and only when the page wrapper holds MIN_MODULES text-bearing modules.
Within a module, h2–h6 are headings, p and blockquote paragraphs, li items; an accordion's toggle (an
element with aria-controls or aria-expanded, a <summary>, a <dt>) is a heading: FAQ questions are
sub-headings and their answers paragraphs. The page's declared noise is gone already (page.py prunes
nav, footer, forms, newsletter and related boxes before this runs).
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from narrate.article.boxes import is_about
from narrate.article.cleaning import Block, is_prose_paragraph as _is_prose, squash

log = logging.getLogger(__name__)

WRAPPER_SHARE = 0.8  # the page wrapper holds this share of the page's text
MODULE_MAX_LINK_SHARE = 0.3  # a module with more link text than this is a link module (related topics)
MIN_MODULES = 3  # a page of fewer text-bearing modules is not a module page
MAX_MODULES = 8
KEY_CHARS = 80  # a paragraph is found on the page by its first characters (the extractor may rejoin lines)
_DIGITS = re.compile(r"\d+")
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_TEXT_TAGS = _HEADINGS | {"p", "li", "blockquote", "summary", "dt", "dd"}


def sibling_sections(tree: etree._Element, blocks: list[Block]) -> list[Block]:
    """blocks followed by the text of the page modules after the extracted one (module docstring)."""
    seen = {_key(b.text) for b in blocks}
    last = _last_extracted(tree, blocks)
    if last is None:
        return blocks
    module, wrapper = _module_of(tree, last)
    if module is None or sum(1 for m in wrapper if _text(m)) < MIN_MODULES:
        return blocks
    added, modules = [], 0
    siblings = [m for m in module.itersiblings() if isinstance(m.tag, str) and _text(m)]
    for at, sibling in enumerate(siblings):
        new = [b for b in module_blocks(sibling) if _key(b.text) not in seen]
        prose = any(b.kind == "para" and _is_prose(b.text) for b in new)
        links = _link_share(sibling) > MODULE_MAX_LINK_SHARE
        framed = prose and not links and _framed(module, sibling, siblings[at + 1:at + 2])
        if framed and not same_kind(module, sibling):
            continue  # a box of another kind set between two sections of the article: passed over
        if links or (prose and not same_kind(module, sibling)):
            break  # links (related topics) or another kind of box: the article has ended
        if not prose:
            continue  # a data table or a call-to-action between the sections
        added += new
        seen.update(_key(b.text) for b in new)
        modules += 1
        if modules >= MAX_MODULES:
            break
    if added:
        log.info("sibling sections: read %d block(s) from %d page module(s) after the extracted one",
                 len(added), modules)
    return blocks + added


def _framed(module: etree._Element, box: etree._Element, after: list) -> bool:
    """Rule "framed module": the module right after a box of another kind is again one of the article's
    (a map or a timeline set between two text modules): the article goes on after the box. A box about
    the site (is_about) ends the article even so: what follows it is the site's, not the article's."""
    return bool(after) and not is_about(box) and same_kind(module, after[0]) and \
        any(b.kind == "para" and _is_prose(b.text) for b in module_blocks(after[0]))


def same_kind(module: etree._Element, other: etree._Element) -> bool:
    """Two modules of one page builder: the same tag, and the same class list or ids that differ only
    in their number ("module-4", "module-5"). A comment list, an about box or a slider of other
    articles after the text is another kind of element."""
    if module.tag != other.tag:
        return False
    classes = (module.get("class") or "").split()
    if classes and classes == (other.get("class") or "").split():
        return True
    ids = [_DIGITS.sub("#", e.get("id") or "") for e in (module, other)]
    return "#" in ids[0] and ids[0] == ids[1] and module.get("id") != other.get("id")


def module_blocks(module: etree._Element):
    """A module's headings, paragraphs, list items and accordion toggles in document order."""
    for element in module.iter(etree.Element):
        if not isinstance(element.tag, str):
            continue
        toggle = _is_toggle(element)
        if element.tag not in _TEXT_TAGS and not toggle:
            continue
        if any(p.tag in _TEXT_TAGS or _is_toggle(p) for p in element.iterancestors()):
            continue  # read whole with the block that holds it
        if element.tag in ("blockquote", "li", "dd") and element.find(".//p") is not None:
            continue  # its paragraphs come one by one
        text = squash(element.text_content())
        if not text or _link_share(element) >= 0.8:
            continue
        if element.tag in _HEADINGS or element.tag in ("summary", "dt") or toggle:
            yield Block("heading", text)
        else:
            yield Block("item" if element.tag == "li" else "para", text)


def _is_toggle(element: etree._Element) -> bool:
    """An accordion's question: a disclosure toggle of short text with no paragraph of its own."""
    if element.get("aria-controls") is None and element.get("aria-expanded") is None:
        return False
    return element.find(".//p") is None and 0 < len(squash(element.text_content())) <= 200


def _last_extracted(tree: etree._Element, blocks: list[Block]):
    """The page's <p> holding the last extracted prose paragraph (None when it cannot be found)."""
    wanted = [_key(b.text) for b in blocks if b.kind == "para" and _is_prose(b.text)]
    if not wanted:
        return None
    keys = tuple(k[:KEY_CHARS] for k in wanted[-3:])
    for tags in (("p", "li", "blockquote"), ("div",)):  # a paragraph set as a bare <div> is looked up last
        found = None
        for element in tree.iter(*tags):
            if _key(element.text_content()).startswith(keys):
                found = element
        if found is not None:
            return found
    return None


def _module_of(tree: etree._Element, element: etree._Element):
    """(module, wrapper): the wrapper is the deepest ancestor holding WRAPPER_SHARE of the page text."""
    body = tree.find("body") if tree.tag != "body" else tree
    total = len(_text(body)) if body is not None else 0
    if not total:
        return None, None
    chain = [element] + list(element.iterancestors())
    for child, parent in zip(chain, chain[1:]):
        if len(_text(parent)) >= WRAPPER_SHARE * total:
            return child, parent
    return None, None


def _text(element: etree._Element) -> str:
    """The element's visible text without white space (a JSON-LD script in it does not count)."""
    if not isinstance(element.tag, str):
        return ""
    return "".join("".join(element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")).split())


def _key(text: str) -> str:
    return "".join(text.casefold().split())


def _link_share(element: etree._Element) -> float:
    text = _text(element)
    if not text:
        return 0.0
    linked = sum(len("".join(a.text_content().split())) for a in element.iter("a")
                 if a.get("href") and not any(p.tag == "a" for p in a.iterancestors()))
    return linked / len(text)
