"""Page chrome and copy-paste noise in scraped German news articles: the table's predicates, clean-up.

The phrase table itself is in narrate.article.phrases. Every pattern matches a *whole* line or
paragraph, never a part of a sentence, so an article sentence that merely mentions a photo, a source or an advert ("Das Foto ging um die Welt.") is never
touched. The one in-paragraph removal is a trailing photo credit ("… (Foto: dpa)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
import unicodedata
from typing import Final

from narrate.article.shapes import BARE_NAME, is_calendar, is_shouted
from narrate.article.pointers import strip_closing_marks, strip_inline_credits, unglue_sentences
from narrate.article.phrases import (AGENCY_LABEL, CHROME_LINE, CONSENT, COOKIE_MAX_CHARS, COOKIES, LIST_HEADING,
                                     NEWSLETTER, NEWSLETTER_MAX_CHARS, NOISE_LINES, SECTION_LABELS, SIGN_UP)

PROSE_MIN_WORDS = 6  # a paragraph of fewer words is no prose (a label, a byline, a link)

# A photo credit at the end of a caption: "… (Foto: dpa)", "… Foto: Tagesblick/M. Weber", "… © dpa".
_AGENCIES = r"picture[ -]alliance|dpa|imago|getty ?images|istock(?:photo)?|reuters|afp|ap photo|adobe ?stock|shutterstock|keystone"
TRAILING_CREDIT: Final = re.compile(
    r"\s*(?:\(\s*(?:Fotos?|Bild|Bildquelle|Grafik|Quelle|Symbolbild|Archivbild|Archivfoto)\s*:\s*[^()]{1,80}\)\.?|"
    r"\((?:Symbolbild|Symbolfoto|Archivbild|Archivfoto)\)\.?|"
    rf"\((?=[^()]*/)[^()]{{0,60}}(?i:{_AGENCIES})[^()]{{0,60}}\)|"
    r"(?<![\w„“])(?:Fotos?|Bild|Bildquelle|Grafik)\s*:\s*[^:.!?]{1,60}(?:\.\s?[^:.!?]{1,40}){0,2}|"
    r"©\s*[^©]{1,80}|\(c\)\s*[A-ZÄÖÜ][^©().!?]{0,60})$"
)
# The short links an embedded post carries ("… pic.twitter.com/tXFYOG4YdN", "https://t.co/G6sGeIxGWc"):
# the post's text is kept, the links to its picture and to itself are nothing a listener can use.
_MEDIA_LINK = re.compile(r"\s*(?:https?://)?(?:pic\.twitter\.com|t\.co)/\w+")
CAPTION_MAX_CHARS: Final = 300  # a paragraph this short that carries a photo credit is a caption

# ── dates and bylines → ArticleMeta ───────────────────────────────────────────
_MONTHS: Final = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
                  "oktober", "november", "dezember")
DATE_LINE: Final = re.compile(
    r"(?:(?:Stand|Veröffentlicht|Aktualisiert|Zuletzt aktualisiert|Erstellt|Datum)(?:\s+am)?\s*:?\s*)?"
    r"(?:(?:am\s+)?(?:Mo|Di|Mi|Do|Fr|Sa|So)[a-z]*\.?,?\s*)?"
    r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2}\.|" + "|".join(_MONTHS) + r")\s?(?P<y>\d{4})"
    r"(?:,?\s*(?:um\s*|-\s*)?\d{1,2}[:.]\d{2}(?:\s*Uhr)?)?\.?",
    re.IGNORECASE,
)
# A date line with more stamps after it: "19. Oktober 2019, 19:08 Uhr Editiert am 19. Oktober 2019, 19:08 Uhr
# DIE ZEIT Nr. 43/2019", "19.10.2019 12.09 Online seit heute, 12.09 Uhr": the first date is the article's.
_ANY_DATE = r"\d{1,2}\.\s?(?:\d{1,2}\.|" + "|".join(_MONTHS) + r")\s?\d{4}"
_CLOCK = r"(?:,?\s*(?:um\s*)?\d{1,2}[:.]\d{2}(?:\s*Uhr)?)"
_STAMP = (r"(?:(?:Editiert|Aktualisiert|Zuletzt aktualisiert|Geändert|Online seit|Erstellt|Veröffentlicht)"
          rf"(?:\s+am)?\s*:?\s*(?:heute|gestern|{_ANY_DATE}){_CLOCK}?|[A-ZÄÖÜ][\w ]{{1,20}} (?:Nr\.|Ausgabe)\s*\d{{1,3}}/\d{{4}}"
          rf"|{_CLOCK})")
DATE_RUN: Final = re.compile(rf"(?:{DATE_LINE.pattern})(?:\s*[|·–-]?\s*{_STAMP})+\.?", re.IGNORECASE)
# Rule "glued date line": a date line with its time (or stamps) run into the text of a block, at its start
# ("19.10.2019, 15:30 UhrAm 8. Spieltag …") or after its last sentence ("… schaden. 19. Oktober 2019, 19:08 Uhr
# Editiert am …"); the time is required, since a sentence may well open with a bare date ("12. Mai 2020: …").
_DATE_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", DATE_LINE.pattern)  # without its named groups, to be used twice
_TIMED_DATE = rf"(?:(?:{_DATE_PLAIN})(?<=Uhr)|(?:{_DATE_PLAIN})(?:\s*[|·–-]?\s*{_STAMP})+\.?)"
_LEADING_DATE = re.compile(rf"({_TIMED_DATE})\s*(?=[A-ZÄÖÜ„\"])", re.IGNORECASE)
_TRAILING_DATE = re.compile(rf"(?<=[.!?“”\"])\s+({_TIMED_DATE})$", re.IGNORECASE)
_NAME = r"(?:(?:Dr|Prof)\.\s*)*[A-ZÄÖÜ][\wäöüßéèáçñ'’-]*\.?(?:\s+(?:von |van |de |zu )?[A-ZÄÖÜ][\wäöüßéèáçñ'’-]*\.?){0,3}"
AUTHOR_LINE: Final = re.compile(rf"[Vv]on\s+(?P<name>{_NAME}(?:\s+und\s+{_NAME})?)(?:\s*[,|·]\s*[^!?]{{1,80}}|"
                                rf"\s+\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{4}}\.?)?")  # "Von Anna Muster 4. 2. 2022."

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MULTI_SPACE = re.compile(r" {2,}")
MAX_NOISE_LINE_CHARS: Final = 600  # longer text is always article text (but a calendar widget)


def normalise_text(text: str) -> str:
    """NFC; CRLF/CR → LF; no-break, thin and other spaces → space; soft hyphens and controls removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    return _CONTROL.sub("", text)


def squash(text: str) -> str:
    """Collapse runs of whitespace (including line breaks) into single spaces."""
    return _MULTI_SPACE.sub(" ", " ".join(text.split()))


def is_prose_paragraph(text: str, colon: bool = True) -> bool:
    """A paragraph of sentences: PROSE_MIN_WORDS words or more, ending in . ! ? (or : when colon, a
    sentence leading into a list), before closing quotes or brackets. Chrome, labels, link lists and
    bylines are not; it is how the extraction choice, the sibling modules and the header order tell
    article text from the rest."""
    ends = (".", "!", "?", ":") if colon else (".", "!", "?")
    return len(text.split()) >= PROSE_MIN_WORDS and text.rstrip(")\"“”»«'").endswith(ends)


def classify(text: str) -> str | None:
    """What a whole line or paragraph is, if it is not article text.

    Returns "noise", "list" (a related-links heading), "date", "author", "label" (a department name
    or a news agency's feed, noise only above the headline) or None for article text.
    """
    line = text.strip(" *_•·-–|")
    if is_calendar(line):
        return "noise"
    if not line or len(line) > MAX_NOISE_LINE_CHARS:
        return None if line else "noise"
    if line.lower() in SECTION_LABELS or AGENCY_LABEL.fullmatch(line):
        return "label"
    if LIST_HEADING.fullmatch(line):
        return "list"
    if is_shouted(line):
        return "noise"
    if DATE_LINE.fullmatch(line) or DATE_RUN.fullmatch(line):
        return "date"
    if AUTHOR_LINE.fullmatch(line):
        return "author"
    if CHROME_LINE.fullmatch(line) or any(p.fullmatch(line) for p, _ in NOISE_LINES):
        return "noise"
    if len(line) <= NEWSLETTER_MAX_CHARS and NEWSLETTER.search(line) and SIGN_UP.search(line):
        return "noise"
    if len(line) <= COOKIE_MAX_CHARS and COOKIES.search(line) and CONSENT.search(line):
        return "noise"
    return None


def parse_date(text: str) -> str:
    """ISO date (YYYY-MM-DD) from a German date line such as "Stand: 24.11.2026 14:05 Uhr", or ""."""
    m = DATE_LINE.fullmatch(text.strip()) or (DATE_RUN.fullmatch(text.strip()) and DATE_LINE.match(text.strip()))
    if not m:
        return ""
    month = m["m"].rstrip(".").lower()
    number = int(month) if month.isdigit() else _MONTHS.index(month) + 1
    day = int(m["d"])
    if not (1 <= number <= 12 and 1 <= day <= 31):
        return ""
    return f"{int(m['y']):04d}-{number:02d}-{day:02d}"


def parse_author(text: str) -> str:
    """The name from a byline such as "Von Anna Müller, ARD-Hauptstadtstudio", or ""."""
    m = AUTHOR_LINE.fullmatch(text.strip())
    return m["name"].strip() if m else ""


def strip_credit(text: str) -> tuple[str, bool]:
    """Remove a trailing photo credit; returns the rest and whether a credit was there."""
    m = TRAILING_CREDIT.search(text)
    if not m or m.start() == 0 and not text.startswith("("):
        return text, False
    return text[: m.start()].rstrip(), True


def split_date_line(text: str) -> tuple[str, str]:
    """(text without a glued date line, that date line or ""): see rule "glued date line" above."""
    lead = _LEADING_DATE.match(text)
    if lead and lead.end() < len(text) and lead.group(1)[:1].isdigit():
        return text[lead.end():].strip(), lead.group(1)
    tail = _TRAILING_DATE.search(text)
    if tail and tail.start() > 0:
        return text[:tail.start()].strip(), tail.group(1)
    return text, ""


def is_caption(text: str) -> bool:
    """A short paragraph ending in a photo credit: a caption, not article text."""
    rest, had_credit = strip_credit(text)
    return had_credit and len(rest) <= CAPTION_MAX_CHARS


# ── paragraph-level cleaning, shared by the txt, md and html readers ──────────
_TERMINAL = ".!?:;,…\"“”»«)"
LINK_TITLE_MAX_CHARS: Final = 150
HEADING_MAX_CHARS: Final = 80
HEADING_MAX_WORDS: Final = 12


@dataclass(frozen=True)
class Block:
    """A paragraph-sized piece of the page before structure is decided.

    kind: "title" (explicit h1/#), "heading" (explicit h2…h6/##), "para", "item" (list item), "code".
    group: blocks from one blank-line-separated chunk of a text file share a group number.
    """

    kind: str
    text: str
    group: int = 0


@dataclass(frozen=True)
class Cleaned:
    blocks: tuple[Block, ...]
    date: str  # ISO date from a "Stand: …" line, or ""
    author: str  # from a "Von …" byline, or ""


def is_heading_like(text: str) -> bool:
    """A short single line without sentence-final punctuation: a possible headline or sub-heading."""
    return (
        "\n" not in text
        and 0 < len(text) <= HEADING_MAX_CHARS
        and len(text.split()) <= HEADING_MAX_WORDS
        and text[-1] not in _TERMINAL
        and (text[0].isupper() or text[0].isdigit())
        and not _two_sentences(text)
    )


_SENTENCE_BREAK = re.compile(r"[a-zäöüß]{3}[.!?]\s+[A-ZÄÖÜ]")
_ABBREVIATIONS = re.compile(r"\b(?:Prof|bzw|inkl|evtl|ggf|usw|vgl|gem|Sept|Okt|Nov|Dez|Str)\.")


def _two_sentences(text: str) -> bool:
    return bool(_SENTENCE_BREAK.search(_ABBREVIATIONS.sub("", text)))


def _is_link_title(block: Block) -> bool:
    text = block.text
    return block.kind == "item" or (
        block.kind == "para" and len(text) <= LINK_TITLE_MAX_CHARS and text[-1] not in ".!"
    )


def _skip_link_list(blocks: list[Block], kinds: list[str | None], start: int) -> int:
    """Index after the link titles that follow a "Mehr zum Thema" heading at start - 1.

    A link-like paragraph directly followed by article text is taken for a sub-heading and kept:
    losing a real heading is worse than reading one link title.
    """
    group = blocks[start - 1].group
    i = start
    while i < len(blocks) and kinds[i] is None and _is_link_title(blocks[i]):
        nxt = i + 1
        body_follows = nxt < len(blocks) and kinds[nxt] is None and blocks[nxt].kind == "para" \
            and not is_heading_like(blocks[nxt].text)
        if blocks[i].group != group and blocks[i].kind != "item" and body_follows:
            break
        i += 1
    return i


def _kind(block: Block, is_headline: bool) -> str | None:
    """classify() for a block; the headline (the first h1) is never noise. A later h1 (pages set their
    boxes' titles in h1: "Unterstütze X bereits mit 2,50!") is noise or a related-list heading like
    any heading, but never a date, byline or label."""
    if is_headline:
        return None
    kind = classify(block.text)
    return kind if block.kind != "title" or kind in ("noise", "list") else None


def clean_blocks(blocks: list[Block]) -> Cleaned:
    """Drop chrome, link lists, captions and repeated captions; lift date and byline into meta."""
    headline = next((k for k, b in enumerate(blocks) if b.kind == "title"), None)
    kinds = [_kind(b, k == headline) for k, b in enumerate(blocks)]
    out: list[Block] = []
    date = author = ""
    i = 0
    while i < len(blocks):
        block, kind = blocks[i], kinds[i]
        i += 1
        if kind == "date":
            date = date or parse_date(block.text)
            if out and out[-1].kind == "para" and BARE_NAME.fullmatch(out[-1].text):  # "Anna Muster" above it
                author = author or out.pop().text
        elif kind == "author":
            author = author or parse_author(block.text)
        elif kind == "list":
            i = _skip_link_list(blocks, kinds, i)
        elif kind == "label":
            out.append(Block("label", block.text, block.group))
        elif kind is None and block.kind == "title":
            out.append(block)
        elif kind is None and i < len(blocks) and blocks[i].text == block.text and block.kind == "para":
            # a caption shown twice (image alt text and figcaption): both go; a long repeat loses one
            if len(block.text) > CAPTION_MAX_CHARS:
                out.append(block)
            i += 1
        elif kind is None and not is_caption(block.text):
            text, _ = strip_credit(block.text)
            if block.kind == "para":
                text, glued = split_date_line(text)
                date = date or (parse_date(glued) if glued else "")
            text = strip_inline_credits(_MEDIA_LINK.sub("", text).strip() or text)
            text = strip_closing_marks(unglue_sentences(text))
            out.append(Block(block.kind, text, block.group))
    return Cleaned(tuple(out), date, author)
