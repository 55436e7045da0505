"""Rule "repeated text": what the article already said is not spoken again.

Pages print text twice: a teaser repeated at the foot, a lead shown once for the layout and once for
the feed, a nested list extracted as its outer item (inner items included) and then each inner item
on its own. A block of REPEAT_MIN_CHARS or more (a short refrain, "Ja.", a label, may well come
twice) is a copy when its text, ignoring case and spacing, is an earlier block's or, for a paragraph
or list item, lies inside an earlier block; the copy goes. One exception keeps the finer structure:
when the copies directly follow the block holding them (the outer item, then its inner items), the
holder keeps only its own words ("stufenweise Erhöhung der Steuertarife"), and the items are read
(the run of parts may hold short items of PART_MIN_WORDS words or more, one at least being long).

Not covered, on purpose: a print pull quote set again below the article in shortened, reworded form
("Relotius legt … an. Es stützt seine Version." for "Am Dienstag legt Relotius … an"): the evaluation
pages count such a pull quote as article text (a `with` snippet), so it is spoken.
"""

from __future__ import annotations

import logging

from narrate.article.cleaning import Block

log = logging.getLogger(__name__)

REPEAT_MIN_CHARS = 40  # a block this long is never meant to be heard twice
PART_MIN_WORDS = 2  # a shorter block found inside the one before it ("Ja.") may be there by chance
_TEXT_KINDS = ("para", "item")


def without_repeats(blocks: list[Block]) -> list[Block]:
    """blocks without copies of earlier text (see the module docstring); the first showing stays."""
    blocks = [b for k, b in enumerate(blocks) for b in _own_words(blocks, k)]
    out: list[Block] = []
    said: list[str] = []
    for block in blocks:
        key = _key(block.text)
        inside = block.kind in _TEXT_KINDS  # a heading goes only as an exact copy, never as a quote of a sentence
        if _long(block) and any(key in e if inside else key == e for e in said):
            log.info("left out a %s that repeats earlier text: %r", block.kind, block.text[:60])
            continue
        said.append(key)
        out.append(block)
    return out


def _own_words(blocks: list[Block], k: int) -> list[Block]:
    """Block k, or only its own words when the blocks right after it are copies of its parts (a holder)."""
    holder, rest = blocks[k], _key(blocks[k].text)
    parts, long_parts = 0, 0
    for block in blocks[k + 1:]:
        key = _key(block.text)
        if block.kind not in _TEXT_KINDS or len(key.split()) < PART_MIN_WORDS or key not in rest \
                or key == _key(holder.text):
            break
        rest, parts, long_parts = rest.replace(key, " ", 1), parts + 1, long_parts + _long(block)
    if not long_parts:
        return [holder]
    own = " ".join(_original_words(holder.text, rest))
    log.info("a block holds the %d block(s) after it; keeping only its own words %r", parts, own[:60])
    return [Block(holder.kind, own, holder.group)] if own.strip(" ,.:;–-") else []


def _original_words(text: str, rest: str) -> list[str]:
    """The words of text that are left in rest (its case-folded remainder), in text's own spelling."""
    left = rest.split()
    out = []
    for word in text.split():
        if left and word.casefold() == left[0]:
            out.append(word)
            left.pop(0)
    return out


def _long(block: Block) -> bool:
    return len(block.text) >= REPEAT_MIN_CHARS


def _key(text: str) -> str:
    return " ".join(text.casefold().split())

