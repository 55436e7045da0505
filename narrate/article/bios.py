"""Rule "author box": a short biography under "Zur Person" / "Über die Autorin" is not the article.

News and magazine pages close an expert's guest piece or a column with a box on its writer ("Robin
Muster ist einer der Gründer von …"); trafilatura takes it for a section. It goes, with its heading,
when the heading is one of AUTHOR_BOX_HEADING and the paragraph below it opens with a name and a
verb of who someone is ("Dr. Anna Muster ist …", "Anna Muster (37) arbeitet …"). The rest of that
section goes with it only when the whole section is short (BIO_MAX_CHARS): a long one goes on with
other text (a book tip), which stays. An interview's introduction of its guest is no such box: it
has no heading of this kind.
"""

from __future__ import annotations

import logging
import re

from narrate.article.cleaning import Block
from narrate.article.phrases import AUTHOR_BOX_HEADING

log = logging.getLogger(__name__)

BIO_MAX_CHARS = 800  # a section under an author-box heading up to this long is the box, whole
_NAME_IS = re.compile(
    r"(?:(?:Dr|Prof|Dipl)\.[\w.-]*\s+)*[A-ZÄÖÜ][\wäöüß'’-]+(?:\s+(?:von |van |de |zu )?[A-ZÄÖÜ][\wäöüß'’.-]+){1,3}"
    r"(?:\s*\(\d{2}\))?,?\s+(?:ist|war|lebt|arbeitet|schreibt|studierte|leitet|forscht|berät|gründete|wurde)\b")


def without_author_boxes(blocks: list[Block]) -> list[Block]:
    """blocks without the author boxes (see the module docstring)."""
    out: list[Block] = []
    k = 0
    while k < len(blocks):
        end = _box_end(blocks, k)
        if end:
            log.info("left out an author box: %r %r", blocks[k].text, blocks[k + 1].text[:50])
            k = end
            continue
        out.append(blocks[k])
        k += 1
    return out


def _box_end(blocks: list[Block], k: int) -> int:
    """The index after the author box starting at k, or 0 when none starts there."""
    if not AUTHOR_BOX_HEADING.fullmatch(blocks[k].text.strip()) or k + 1 >= len(blocks):
        return 0
    if blocks[k + 1].kind != "para" or not _NAME_IS.match(blocks[k + 1].text):
        return 0
    end = next((j for j in range(k + 1, len(blocks)) if blocks[j].kind in ("heading", "title")), len(blocks))
    return end if sum(len(b.text) for b in blocks[k + 1:end]) <= BIO_MAX_CHARS else k + 2
