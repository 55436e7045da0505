"""Boxes set into an article page that its tags do not declare: found by their shape and their names.

A box about the site, a caption shown a second time, teaser titles written as one paragraph, a promo
ending in a button: each is page chrome inside or beside the article container, where the tag rules of
narrate.article.page cannot see it (rules named in narrate.article.page's docstring; each says why).
"""

from __future__ import annotations

import re

from lxml import etree

from narrate.article.phrases import LIST_HEADING

LINK_LIST_MIN_ITEMS = 3
LINK_LIST_LINK_SHARE = 0.8
CTA_LABEL_MAX_CHARS = 40
ABOUT_WORDS = frozenset("about ueber uber".split())  # "ueber_uns", "about-this-series", "about-us"
ABOUT_NEXT = frozenset("us uns this the site blog series reihe diese dieser dieses mich me author autor autorin".split())
ABOUT_BOX_MAX_CHARS = 1500  # the box a named heading titles; more than this is the page, not a box
CTA_TEXT_MAX_CHARS = 200
CTA_BOX_MAX_ELEMENTS = 3
CAPTION_COPY_MIN_CHARS = 20  # shorter figcaptions ("Foto", a name) are too common to match
CAPTION_COPY_MAX_CHARS = 300
PROMO_WORDS = frozenset("teaser promo cta".split())
BUTTON_WORDS = frozenset("button btn".split())
PROMO_BOX_MAX_CHARS = 1000
RELATED_BOX_MIN_ITEMS = 2
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
CLASS_SPLIT = re.compile(r"[-_]+")


def is_about(element) -> bool:
    for name in f"{element.get('class', '')} {element.get('id', '')}".lower().split():
        parts = [p for p in CLASS_SPLIT.split(name) if p]
        if name in ("aboutus", "ueberuns") or any(a in ABOUT_WORDS and b in ABOUT_NEXT for a, b in zip(parts, parts[1:])):
            return True
    return False


def _length(element) -> int:
    return len(" ".join(element.text_content().split()))


def about_boxes(tree, keep: set) -> list:
    """Elements about the site, its series or its makers: a self-description, not this article's text
    ("Seit 2006 stehen dir in unserem Forum …", "Die Stiftung ist in 110 Ländern vertreten …"). A
    heading so named ("Über diese Reihe") stands on its own in a header; the box it titles is its
    nearest ancestor holding more text than the heading. A box is at most ABOUT_BOX_MAX_CHARS long."""
    boxes = []
    for element in tree.iter(etree.Element):
        if element in keep or not is_about(element) or any(a in boxes for a in element.iterancestors()):
            continue
        box = element
        if element.tag in ("h2", "h3", "h4", "h5", "h6"):
            own = len(element.text_content().strip())
            box = next((a for a in element.iterancestors() if len(a.text_content().strip()) > own), None)
            if box is None or box in keep or _length(box) > ABOUT_BOX_MAX_CHARS:
                box = element
        if _length(box) <= ABOUT_BOX_MAX_CHARS:  # a whole page section so named is more than a box
            boxes.append(box)
    return boxes


def caption_texts(tree) -> set[str]:
    texts = set()
    for caption in tree.iter("figcaption"):
        for part in [caption, *caption.iter("p", "span", "div")]:
            text = " ".join(part.text_content().split())
            if CAPTION_COPY_MIN_CHARS <= len(text) <= CAPTION_COPY_MAX_CHARS:
                texts.add(text)
    return texts


def caption_copy(element, captions: set[str]) -> str | None:
    """A paragraph repeating a <figcaption> elsewhere on the page is that caption, shown a second time
    (beside the headline, in a gallery); the figure itself is dropped as a tag, its copy by this."""
    if not captions or element.tag not in ("p", "div", "span") or element.find(".//p") is not None:
        return None
    return "caption copy" if " ".join(element.text_content().split()) in captions else None


def is_link_paragraph(element) -> bool:
    """<p><a>Warum nehme ich nicht ab?</a><br><a>20 Kilo abnehmen</a><br><a>…</a></p>: teaser titles
    one per line, a related list in a paragraph. A sentence with links in it has text between them."""
    links = [a for a in element.iter("a") if a.get("href")]
    breaks = sum(1 for _ in element.iter("br"))
    return len(links) >= LINK_LIST_MIN_ITEMS and breaks >= len(links) - 1 and \
        link_share(element) >= LINK_LIST_LINK_SHARE


def is_call_to_action(element) -> bool:
    """A paragraph all in bold with a button right after it ("Gefällt dir unser Magazin? … [Mehr
    erfahren]"), or a short one whose box ends in that button ("Klicke dich durch die Homestorys …
    [Mehr Homestorys]"): a promo box set in the article, not its text."""
    text = "".join(element.text_content().split())
    bold = "".join("".join(b.text_content() for b in element if b.tag in ("strong", "b")).split())
    after = element.getnext()
    if not text or after is None or not isinstance(after.tag, str):
        return False
    box = element.getparent()  # a small box (heading, text, button) that ends in its button
    closing = after.getnext() is None and len(text) <= CTA_TEXT_MAX_CHARS and box is not None and \
        box.tag not in ("article", "main", "body") and len(box) <= CTA_BOX_MAX_ELEMENTS
    if bold != text and not closing:
        return False
    label = " ".join(after.text_content().split())  # "Mehr erfahren", not a row of share icons
    return any(part in ("button", "buttons", "btn") for name in (after.get("class") or "").lower().split()
               for part in CLASS_SPLIT.split(name)) and \
        0 < len(label) <= CTA_LABEL_MAX_CHARS and link_share(after) >= LINK_LIST_LINK_SHARE


def _camel_parts(element) -> set[str]:
    """Words of the class names and id, split at - and _ and at camelCase ("PetitionTeaser-inner")."""
    text = _CAMEL.sub(r"\1-\2", f"{element.get('class', '')} {element.get('id', '')}")
    return {p for p in CLASS_SPLIT.split(text.lower().replace(" ", "-")) if p}


def is_promo_box(element) -> bool:
    """A teaser or promo box holding a button ("Unterzeichnen Sie jetzt die Petition!", "Jetzt bestellen"):
    it asks the reader to act elsewhere. The article's own teaser (its lead) holds no button."""
    if not _camel_parts(element) & PROMO_WORDS or \
            len(" ".join(element.text_content().split())) > PROMO_BOX_MAX_CHARS:
        return False
    return any(_camel_parts(a) & BUTTON_WORDS for a in element.iter("a", "button") if a is not element)


def link_share(element) -> float:
    """Share of the element's visible characters that are link text (an <a> itself counts whole)."""
    text = "".join("".join(element.itertext()).split())
    if not text:
        return 0.0
    if element.tag == "a":
        return 1.0 if element.get("href") else 0.0
    linked = sum(len("".join("".join(a.itertext()).split())) for a in element.iter("a")
                 if a.get("href") and not any(p.tag == "a" for p in a.iterancestors()))  # <a name> is no link
    return linked / len(text)


def is_related_box(element) -> bool:
    """Rule "related box": a box headed by a related-list heading ("Mehr zum Thema", "Lesen Sie auch")
    whose items each open with a link (<p><a>Grundeinkommen</a> Geld vom Staat für alle?</p>): teasers
    of other articles, whatever text follows each link. A heading like that over paragraphs of prose
    (no leading links) is left alone."""
    if element.tag not in ("div", "section"):
        return False
    heading = next((e for e in element.iter(*_HEADINGS, "p") if e is not element), None)
    if heading is None or heading.tag not in _HEADINGS:
        return False
    if not LIST_HEADING.fullmatch(" ".join(heading.text_content().split())):
        return False
    items = [e for e in element.iter("p", "li") if " ".join(e.text_content().split())]
    return len(items) >= RELATED_BOX_MIN_ITEMS and all(_opens_with_link(e) for e in items)


def _opens_with_link(element) -> bool:
    """The item's first text is a link's: no words before its first <a href>."""
    first = next((a for a in element.iter("a") if a.get("href")), None)
    if first is None:
        return False
    inside = set(element.iter())
    before = [t for t in first.xpath("preceding::text()") if t.getparent() in inside]
    return not "".join(before).strip()
