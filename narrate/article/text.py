"""Plain text into paragraphs: blank lines part chunks, lines join into paragraphs; ISO dates.

Shared by the .txt reader and the Markdown reader (Markdown paragraphs are soft-wrapped lines).
"""

from __future__ import annotations

import re

from narrate.article.cleaning import Block, classify, parse_date

WRAP_WIDTH_RANGE = (55, 100)  # a hard-wrapped text file has lines this long

_CHUNK_BREAK = re.compile(r"\n[ \t]*\n")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def text_blocks(text: str) -> list[Block]:
    """Paragraph blocks of a plain-text article: blank lines separate chunks, chunks split into lines."""
    blocks = []
    for group, chunk in enumerate(_CHUNK_BREAK.split(text)):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        blocks.extend(Block("para", unit, group) for unit in split_lines(lines, soft_wrap=False))
    return blocks


def split_lines(lines: list[str], soft_wrap: bool) -> list[str]:
    """Paragraphs of one chunk: noise lines stand alone, the rest joined as written.

    A line that classify() recognises (player string, byline, …) becomes its own unit unless it is in
    the middle of a sentence ("erstattete / Anzeige / gegen"), where it is glued to its neighbours; a
    line repeated twice (a caption) stands alone too. The remaining runs are joined into one paragraph
    when soft_wrap is set (Markdown) or the run is hard-wrapped text; otherwise each line is a
    paragraph, as text copied from a web page has one paragraph per line.
    """
    units: list[str] = []
    run: list[tuple[str, bool]] = []
    for k, line in enumerate(lines):
        prev = lines[k - 1] if k else ""
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        recognised = classify(line) is not None
        glued = recognised and _mid_sentence(prev, nxt)
        if (recognised and not glued) or line in (prev, nxt):
            units.extend(_join_run(run, soft_wrap))
            run = []
            units.append(line)
        else:
            run.append((line, glued))
    units.extend(_join_run(run, soft_wrap))
    return units


def _mid_sentence(prev: str, nxt: str) -> bool:
    return bool(prev and (prev[-1].islower() or prev[-1] in ",-")) or bool(nxt and nxt[0].islower())


def _join_run(run: list[tuple[str, bool]], soft_wrap: bool) -> list[str]:
    lines = [line for line, _ in run]
    if not lines:
        return []
    if soft_wrap or _is_hard_wrapped(lines):
        return [_join_lines(lines)]
    units: list[str] = []
    for line, glued in run:
        if units and (glued or line[0].islower()) and units[-1][-1] not in ".!?":
            units[-1] = _join_lines([units[-1], line])
        else:
            units.append(line)
    return units


def _is_hard_wrapped(run: list[str]) -> bool:
    """Lines cut at a fixed width: the next word would not have fitted on most lines."""
    width = max(len(line) for line in run)
    if len(run) < 2 or not WRAP_WIDTH_RANGE[0] <= width <= WRAP_WIDTH_RANGE[1]:
        return False
    pairs = list(zip(run, run[1:]))
    wraps = sum(len(a) + 1 + len(b.split()[0]) > width - 3 for a, b in pairs)
    return wraps * 5 >= len(pairs) * 3


def _join_lines(lines: list[str]) -> str:
    """Join with spaces; a line ending in a hyphen joins without one ("48-\\nStunden" → "48-Stunden")."""
    out = lines[0]
    for line in lines[1:]:
        joins_word = out.endswith("-") and not re.match(r"(?:und|oder|bis|sowie|bzw\.)\b", line)
        out = out + line if joins_word else f"{out} {line}"
    return out


def iso_date(value: str) -> str:
    """ISO date from "2026-03-02", "2026-03-02T10:00" or a German "02.03.2026"; "" if none."""
    m = _ISO.match(value.strip())
    return m.group(0) if m else parse_date(value)
