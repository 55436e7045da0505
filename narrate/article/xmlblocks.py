"""trafilatura's XML → blocks: headings, paragraphs, list items, quotes and code, tables read by row.

Kept apart from narrate.article.html (which decides *what* to extract) because this only decides how
each extracted element is spoken: a long "heading" is a paragraph, a short prose table is read row by
row, a data grid is skipped with a log line saying so.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from narrate.article.cleaning import Block, squash

log = logging.getLogger(__name__)

HEADING_PARA_CHARS = 120  # a "heading" longer than this is a paragraph (a teaser in a heading tag)
HEADING_SENTENCE_WORDS = 10  # a heading this long that ends in a full stop is a teaser, a paragraph
SENTENCE_MIN_WORDS = 3  # each of a heading's sentences has this many words for it to be prose
_SENTENCE_BREAK = re.compile(r"(?<=[a-zäöüß0-9)]{2}[.!?])\s+(?=[A-ZÄÖÜ„\"»])")
TABLE_MAX_ROWS = 20
TABLE_PROSE_WORDS = 3.0


def xml_blocks(main: etree._Element):
    """Blocks of trafilatura's XML in document order: headings, paragraphs, list items, quotes, tables.

    A heading over HEADING_PARA_CHARS, or one made of sentences (is_sentences), or one long sentence with
    a full stop (is_long_sentence), is a paragraph (a teaser or a pull quote set in a heading tag). A list item's own heading and paragraphs ("1 <h6>Step</h6>
    <p>Do this.</p>") are part of the item's text and not spoken again on their own (rule "item heading"). Quotes and code
    without inner paragraphs are paragraphs (code keeps the kind "code": a command line is article text
    even without a final full stop); tables go through table_blocks().
    """
    for element in main.iter("head", "p", "item", "quote", "code", "table"):
        if inside(element, "table") or (element.tag in ("p", "head") and inside(element, "item")):
            continue  # an item's own heading and paragraphs are spoken once, as part of the item
        if element.tag == "table":
            yield from table_blocks(element)
            continue
        if element.tag in ("quote", "code") and (element.find(".//p") is not None or inside(element, "p")):
            continue
        text = squash(" ".join(element.itertext()))
        if not text:
            continue
        if element.tag == "head" and len(text) <= HEADING_PARA_CHARS and not is_sentences(text) \
                and not is_long_sentence(text):
            yield Block("title" if element.get("rend") == "h1" else "heading", text)
        else:
            yield Block({"item": "item", "code": "code"}.get(element.tag, "para"), text)


def is_long_sentence(text: str) -> bool:
    """One sentence of HEADING_SENTENCE_WORDS words or more ending in a full stop: headings are not
    set with one ("Französische Forscher wollen einen natürlichen Prozess beschleunigen, um … zu
    ernten."), a teaser in a heading tag is (rule "sentence in a heading")."""
    return text.rstrip(")\"“”»«'").endswith(".") and not text.endswith("...") \
        and len(text.split()) >= HEADING_SENTENCE_WORDS


def is_sentences(text: str) -> bool:
    """Two or more full sentences ending in a full stop ("Er legt ein Profil an. Es stützt seine
    Version."): no heading is worded so, a pull quote or a teaser in a heading tag is. A sentence has
    SENTENCE_MIN_WORDS words, so that "Dr. Weber." or "Teil 2. Die Folgen" stay headings; an
    interview's question ("… beeindruckend. Wie haben Sie sich vorbereitet?") or a call ("… Einfach
    mal ausprobieren!") stays a heading too."""
    if not text.rstrip(")\"“”»«'").endswith("."):
        return False
    parts = _SENTENCE_BREAK.split(text)
    return len(parts) >= 2 and all(len(p.split()) >= SENTENCE_MIN_WORDS for p in parts)


def table_blocks(table: etree._Element):
    """A short prose-like table read row by row; a data grid skipped, with a log line saying so.

    Prose-like: at most TABLE_MAX_ROWS rows and either two columns (label: value, pro/contra) or
    cells of TABLE_PROSE_WORDS words or more on average. Everything else is a grid of figures that
    a listener cannot follow when read out. The rows of a table of two or more columns are items, so
    that, like a list, a fact table at the article's end ("Rebsorte: Riesling") is kept where short
    lines at the edges are trimmed; a one-column table is layout, its rows paragraphs.
    """
    rows = [[squash(" ".join(c.itertext())) for c in row.iter("cell")] for row in table.iter("row")]
    rows = [[c for c in row if c] for row in rows]
    rows = [row for row in rows if row]
    cells = [c for row in rows for c in row]
    if not cells:
        return
    columns = max(len(row) for row in rows)
    words = sum(len(c.split()) for c in cells) / len(cells)
    if len(rows) > TABLE_MAX_ROWS or (columns > 2 and words < TABLE_PROSE_WORDS):
        log.info("skipped a data table of %d rows and %d columns (not read aloud)", len(rows), columns)
        return
    kind = "item" if columns >= 2 else "para"  # a one-column table is page layout, not a table
    for row in rows:
        yield Block(kind, _join_cells(row))


def _join_cells(cells: list[str]) -> str:
    out = cells[0]
    for cell in cells[1:]:
        out += (" " if out[-1] in ".!?:;," else ": " if len(cells) == 2 else ", ") + cell
    return out


def inside(element: etree._Element, tag: str) -> bool:
    return any(parent.tag == tag for parent in element.iterancestors())
