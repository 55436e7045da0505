"""Shapes of a line that are never article text, whatever its words: a calendar widget, a line in
capitals, a bare name. narrate.article.cleaning.classify asks them; the phrase table knows the words.
Also the measures of a short line that the edge rules (narrate.article.lines) and the closing-chrome
rules (narrate.article.closing) share: how long an edge line may be, what closes a sentence after its
final mark, and where a sentence ends inside a line.
"""

from __future__ import annotations

import re
from typing import Final

EDGE_LINE_MAX_CHARS: Final = 100  # a longer line around the article is text, not a label or a stub
CLOSERS: Final = " )]\"'“”»«’‘"  # what may follow a sentence's final mark
INNER_SENTENCE_END: Final = re.compile(r"\w[.!?]\s+[A-ZÄÖÜ„]")  # a sentence ends inside the line
CALENDAR_MIN_WORDS: Final = 20
SHOUTED_MIN_LETTERS: Final = 5  # a line of capitals this long is a label, not an acronym
_WEEKDAYS = frozenset("Mo Di Mi Do Fr Sa So M D F S".split())
_WEEKDAY_RUN = re.compile(r"\b(?:Mo Di Mi Do Fr Sa So|M D M D F S S)\b")
# Rule "name above the date": a paragraph that is only a person's name ("Anna Muster", "Dr. Jan-Ole Beispiel")
# directly above a date line is the byline of an author box ("Anna Muster / am Mittwoch, 26.01.2022 - 14:30").
BARE_NAME: Final = re.compile(r"(?:(?:Dr|Prof)\.\s*)?[A-ZÄÖÜ][a-zäöüßéèáçñ]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
                              r"(?:\s+(?:von |van |de )?[A-ZÄÖÜ][a-zäöüßéèáçñ]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?){1,2}")


def is_calendar(line: str) -> bool:
    """A calendar widget read as text ("Oktober 2020 Mo Di Mi Do Fr Sa So 01 02 03 …"): weekday initials
    and day numbers, however long; a sentence or a table of figures has neither weekday run."""
    words = line.split()
    days = sum(1 for w in words if w in _WEEKDAYS or w.isdigit() and len(w) <= 2)
    return len(words) >= CALENDAR_MIN_WORDS and bool(_WEEKDAY_RUN.search(line)) and days >= 0.7 * len(words)


def is_shouted(line: str) -> bool:
    """A whole line in capitals ("HÄUFIG GESTELLTE FRAGEN", "PARTNER", "TAGS:"): a site's section
    label or button. German article text is never written so; an acronym ("NATO") is too short."""
    cased = [c for c in line if c.isupper() or c.islower()]  # scripts without case (CJK) never shout
    return len(cased) >= SHOUTED_MIN_LETTERS and not any(c.islower() for c in cased)
