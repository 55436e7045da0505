"""Loose text after a heading (or a picture or table block), wrapped in a paragraph before extraction.

Some pages (CMS news bodies built from <br><br>) set a section's first paragraph as bare text right
after its heading: <h2>Umfassende Renovierung</h2>"Wir starten …", schrieb die NASA.<br><br>…
trafilatura drops such a heading's tail, so the section's first paragraph is lost while the ones
after the line breaks are kept. Rule (named "heading tail" in the log): the text after an h2–h6,
with the inline elements that continue it (links, emphasis) up to the next line break or block
element, becomes a <p> of its own right after the heading, when it is a sentence's worth
(TAIL_MIN_WORDS) and the heading stands in such a body of loose text (its parent holds
BODY_MIN_CHARS of loose text besides it). A promo box of one heading and one line of text is no such
body, nor is a list of search terms set as headings separated by commas. The same holds after a
<section>, <figure> or <table> set into such a body: a picture block before a paragraph whose first
letter is a drop cap (<span class="initial">P</span>lötzlich …) left that paragraph loose and lost.
A line break right after the heading (<h2>…</h2><br>Text) does not end its tail: the text after it is
the section's first paragraph.
"""

from __future__ import annotations

import logging

from lxml import etree

log = logging.getLogger(__name__)

INLINE_TAGS = frozenset("a abbr b bdi cite code em i kbd mark q s small span strong sub sup time u".split())
HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
BLOCK_TAGS = ("section", "figure", "table")  # a picture or table block set into a body of loose text
TAIL_MIN_WORDS = 6
BODY_MIN_CHARS = 200


def wrap_heading_tails(tree: etree._Element) -> int:
    """Wrap each heading's loose text (and its inline continuation) in a <p>; returns how many."""
    count = 0
    for heading in list(tree.iter(*HEADING_TAGS, *BLOCK_TAGS)):
        anchor = _line_break_after(heading)  # the element whose tail starts the loose text
        anchor = heading if anchor is None else anchor  # (an element without children is falsy)
        followers = []
        follower = anchor.getnext()
        while follower is not None and isinstance(follower.tag, str) and follower.tag in INLINE_TAGS:
            followers.append(follower)
            follower = follower.getnext()
        words = " ".join([anchor.tail or ""] + [f.text_content() + (f.tail or "") for f in followers]).split()
        if len(words) < TAIL_MIN_WORDS or _loose_chars(heading.getparent(), heading) < BODY_MIN_CHARS:
            continue
        paragraph = etree.Element("p")
        paragraph.text, anchor.tail = anchor.tail, None
        for follower in followers:
            paragraph.append(follower)  # moves it, with its tail
        anchor.addnext(paragraph)
        count += 1
    if count:
        log.info("heading tail: wrapped the loose text after %d heading(s) in a paragraph", count)
    return count


def _line_break_after(heading: etree._Element) -> etree._Element | None:
    """The <br> right after a heading without a tail of its own, when loose text follows that <br>
    (<h2>…</h2><br>Text): the line break only ends the heading's line, the text after it is its tail."""
    follower = heading.getnext()
    if (heading.tail or "").strip() or follower is None or follower.tag != "br" or not (follower.tail or "").strip():
        return None
    return follower


def _loose_chars(parent: etree._Element | None, heading: etree._Element) -> int:
    """Characters of loose text in parent (its text and its children's tails), the heading's aside."""
    if parent is None:
        return 0
    tails = [(child.tail or "") for child in parent if child is not heading]
    return len("".join((parent.text or "").split())) + sum(len("".join(t.split())) for t in tails)
