"""The article's edges: short non-sentences before its first and after its last prose paragraph.

Pages and copied texts put their chrome around the article: bylines, date lines, agency tags, credits,
"Teilen" rows above; author boxes, related-link runs, section teasers and footers below. The phrase
table (narrate.article.cleaning) knows some of them by their words; this rule knows the rest by
position, for .txt, .md and .html alike:
- before the first prose paragraph, a short paragraph (≤ EDGE_LINE_MAX_CHARS) that is not a sentence
  and carries a mark of page chrome (a digit, a final colon, | · / ©, parentheses, "Von"/"Foto", all
  capitals) goes; a plain sub-heading ("Was sich ändert") has none of these and stays, nor does an
  item of a list whose later items are sentences (an agenda, "1. Protokoll vom 5.8.2019");
- after the last text paragraph, short blocks that are not sentences go (headings without body,
  names, "Weitere Informationen:"); list items and code stay (a list is article text unless a
  related-list heading or the page's link structure says otherwise), and so does a line ending in a
  colon or a heading directly above them.
Prose is a sentence: PROSE_MIN_WORDS words or more and final punctuation. A real sub-heading is
never lost this way: it has its body after it.
"""

from __future__ import annotations

import logging
import re

from narrate.article.cleaning import Block
from narrate.article.closing import without_closing_chrome
from narrate.article.shapes import CLOSERS, EDGE_LINE_MAX_CHARS, INNER_SENTENCE_END

log = logging.getLogger(__name__)

PROSE_MIN_WORDS = 1
# what a byline, date line, credit or tag row has and a sub-heading has not
_START_MARKS = re.compile(r"\d|:$|[|·•/©]|^\(.*\)$|^(?i:von|by|foto|bild)\b|^[^a-zäöüß]+$")


def is_prose(text: str) -> bool:
    """A sentence: enough words and a final . ! ? or … (before closing quotes or brackets)."""
    end = text.rstrip(CLOSERS)
    words = len(text.split())
    return words >= PROSE_MIN_WORDS and end.endswith((".", "!", "?", "…")) or words >= 6 and end.endswith(":")


def trim_edges(body: list[Block], infer_headings: bool = False) -> list[Block]:
    """body without the non-sentences at its start and end (see the module docstring), and without the
    closing chrome below its last paragraph (narrate.article.closing)."""
    body = without_closing_chrome(body)
    prose = [k for k, b in enumerate(body) if b.kind != "label" and is_prose(b.text)]
    if not prose:
        return body
    first, last = prose[0], prose[-1]
    head = [b for k, b in enumerate(body[:first]) if not _start_noise(body, k, infer_headings)]
    last = max(k for k, b in enumerate(body) if k <= last or _is_text(b))
    tail = [b for k, b in enumerate(body) if k > last and (_is_shown(b) or _is_text(b) or _introduces(body, k))]
    dropped = [b.text[:40] for b in body[:first] if b not in head] + \
        [b.text[:40] for b in body[last + 1:] if b not in tail]
    if dropped:
        log.info("left out %d short line(s) around the article that are not sentences: %s", len(dropped), dropped)
    return head + body[first:last + 1] + tail


def _is_shown(block: Block) -> bool:
    return block.kind in ("item", "code")


def _introduces(body: list[Block], k: int) -> bool:
    """"Autotuning deaktivieren:" directly above a command or a list, or a heading over a list ("Tops",
    "Flops" over a test's pros and cons): it belongs to what it announces."""
    return (body[k].text.endswith(":") or body[k].kind == "heading") and k + 1 < len(body) and _is_shown(body[k + 1])


def _is_text(block: Block) -> bool:
    """Article text even without final punctuation: a long paragraph, or one holding a sentence end."""
    return block.kind != "label" and (len(block.text) > EDGE_LINE_MAX_CHARS or is_prose(block.text)
                                      or bool(INNER_SENTENCE_END.search(block.text)))


def _start_noise(body: list[Block], k: int, infer_headings: bool) -> bool:
    block = body[k]
    if block.kind not in ("para", "item") or len(block.text) > EDGE_LINE_MAX_CHARS:
        return False
    if block.kind == "item" and k + 1 < len(body) and body[k + 1].kind == "item" and \
            any(b.kind == "item" and is_prose(b.text) for b in body[k + 1:]):
        return False  # the first item of a list that goes on into sentences (an agenda) is article text
    return not is_prose(block.text) and bool(_START_MARKS.search(block.text))


# "Düsseldorf -", "Bogotá (dpa) –": a place and agency tag before a dash, with nothing after it
_DATELINE = re.compile(r"[A-ZÄÖÜ][\w.'’-]*(?:[ /][A-ZÄÖÜ][\w.'’-]*){0,2}(?:\s*\([^()]{1,30}\))?\s*[-–—]")


def join_datelines(body: list[Block]) -> list[Block]:
    """Rule "lone dateline": a paragraph that is only the dateline ("Düsseldorf -", set apart as an
    "ortsmarke") opens the paragraph after it, as in print ("Düsseldorf - Tierschützer laufen …"):
    spoken alone, it is a place name and a pause with no sentence around it."""
    out: list[Block] = []
    k = 0
    while k < len(body):
        block = body[k]
        if block.kind == "para" and k + 1 < len(body) and body[k + 1].kind == "para" \
                and _DATELINE.fullmatch(block.text.strip()):
            nxt = body[k + 1]
            out.append(Block("para", f"{block.text.strip()} {nxt.text}", nxt.group))
            k += 2
            continue
        out.append(block)
        k += 1
    return out
