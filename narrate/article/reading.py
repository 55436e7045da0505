"""Read an article (.txt, .md, .html) and clean it into an Article: headline, kicker/teaser/lead, chapters.

Structure decisions (documented here because tests and listeners depend on them):
- The kicker (Dachzeile) above the headline is kept as the first paragraph of the first section; a mere
  department label ("Politik", "Wirtschaft") above the headline is dropped, since it says nothing.
- .txt: the headline is the first paragraph left after cleaning; if the first two are both short lines
  without a full stop and the first is the shorter, the first is the kicker. A sub-heading is a short
  single line (≤ 80 characters, ≤ 12 words) that does not end in . ! ? : ; , or a quote mark and is
  followed by a body paragraph; a question is therefore never taken for a sub-heading. A short line
  in quotes without final punctuation inside („Kann die Frage noch nicht beantworten“) is one too.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from narrate.article.bios import without_author_boxes
from narrate.article.decoding import decode_bytes
from narrate.article.cleaning import Block, clean_blocks, is_heading_like, normalise_text, squash
from narrate.article.lines import join_datelines, trim_edges
from narrate.article.repeats import without_repeats
from narrate.article.text import text_blocks
from narrate.errors import InputError
from narrate.models import Article, ArticleMeta, Section

log = logging.getLogger(__name__)

FORMATS = ("txt", "md", "html")
SUFFIX_FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
                  ".htm": "html", ".xhtml": "html"}
KICKER_MAX_CHARS = 60
TITLE_REPEAT_WINDOW = 3  # a copy of the headline this close after it is a repeat, not a sentence
HEADER_REPEAT_MIN_WORDS = 3  # a headline this long, found inside a block near it, is a repeated header
HEADER_LABEL_MAX_WORDS = 5  # a label before such a copy ("Tag der Abstimmung:", "Chronik")

_WORD = re.compile(r"\w")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")  # between sentences, roughly: enough to cut a header block
_CLOSERS = " )\"'“”»«’"
_QUOTED = re.compile(r"[„“\"»«‚']\s*(.+?)\s*[“”\"«»‘']")


def load_article(path: Path) -> Article:
    """Read and clean an article file; the format comes from the suffix, else it is sniffed.

    Raises InputError (one line, saying what to do) for a missing path, a folder, an unreadable,
    empty or binary file, or a file with no article text left after cleaning. Never writes.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path and the file name")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not an article; give a .txt, .md or .html file")
    if not path.is_file():  # a FIFO would block, a socket or device is no article
        raise InputError(f"{path} is not a regular file; give a .txt, .md or .html article file")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{path} cannot be read (permission denied); check the file's permissions") from None
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror}); check that it is a regular file") from None
    text = decode_bytes(data, str(path))
    fmt = SUFFIX_FORMATS.get(path.suffix.lower()) or sniff_format(text)
    return parse_article(text, fmt, source=path)


def parse_bytes(data: bytes, fmt: str, name: str = "the input") -> Article:
    """Clean an article given as bytes (stdin): decoded and checked exactly like a file."""
    return parse_article(decode_bytes(data, name), fmt)


def sniff_format(text: str) -> str:
    """"html" when the text starts like an HTML document, else "txt"."""
    head = text.lstrip("\ufeff \t\r\n")[:20].lower()
    return "html" if head.startswith(("<!doctype", "<html")) else "txt"


def parse_article(text: str, fmt: str, source: Path | None = None) -> Article:
    """Clean an article given as a string (e.g. from stdin); fmt is "txt", "md" or "html"."""
    if fmt not in FORMATS:
        raise InputError(f"unknown article format {fmt!r}; use txt, md or html")
    name = str(source) if source is not None else "the input"
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{name} is empty; give a file that contains the article text")
    title_hint, meta = "", ArticleMeta()
    if fmt == "html":
        from narrate.article.html import extract_html

        page = extract_html(text)
        blocks, title_hint, meta = list(page.blocks), page.title, page.meta
    elif fmt == "md":
        from narrate.article.markdown import markdown_blocks

        doc = markdown_blocks(text)
        blocks, title_hint, meta = list(doc.blocks), doc.title, doc.meta
    else:
        blocks = text_blocks(text)
    cleaned = clean_blocks(blocks)
    meta = ArticleMeta(
        date=meta.date or cleaned.date, site=meta.site, author=meta.author or cleaned.author,
        url=meta.url, description=meta.description,
    )
    article = _only_a_headline(_assemble(list(cleaned.blocks), title_hint, fmt == "txt", source, meta))
    texts = [article.title] + [t for s in article.sections for t in (s.heading or "", *s.paragraphs)]
    if not any(_WORD.search(t) for t in texts):
        raise InputError(f"{name} contains no article text after removing page chrome; "
                         "check that it is a news article")
    return article


# ── structure: headline, kicker, sections ─────────────────────────────────────


def _assemble(blocks: list[Block], title_hint: str, infer: bool, source: Path | None,
              meta: ArticleMeta) -> Article:
    title_at = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    if title_at is not None:
        title, prelude, body = blocks[title_at].text, blocks[:title_at], blocks[title_at + 1:]
    elif title_hint:
        same = [i for i, b in enumerate(blocks[:3]) if b.text.casefold() == title_hint.casefold()]
        title, prelude, body = title_hint, blocks[: same[0]] if same else [], blocks[same[0] + 1:] if same else blocks
    else:
        title, prelude, body = _infer_title(blocks)
    body = trim_edges(join_datelines(_without_repeated_title(body, title)), infer)
    sections: list[Section] = []
    heading: str | None = None
    paragraphs = [b.text for b in prelude if b.kind != "label"]
    kicker = paragraphs[0] if len(paragraphs) == 1 and _is_kicker_line(paragraphs[0]) else ""
    for k, block in enumerate(body):
        explicit = block.kind in ("heading", "title")
        inferred = infer and block.kind in ("para", "label") and _starts_chapter(body, k)
        if explicit or inferred:
            sections.append(Section(heading, tuple(paragraphs)))
            heading, paragraphs = block.text, []
        else:
            paragraphs.append(block.text)
    sections.append(Section(heading, tuple(paragraphs)))
    return Article(title=squash(title), sections=tuple(sections), source=source, meta=meta, kicker=kicker)


_FOLD = str.maketrans({"–": "-", "—": "-", "‒": "-", "„": '"', "“": '"', "”": '"', "«": '"', "»": '"'})


def _fold(text: str) -> str:
    """Lower case, with dashes and quotation marks of every kind made one (one character for one, so
    that positions found in the folded text hold in the original)."""
    return squash(text).lower().translate(_FOLD)


def _without_repeated_title(body: list[Block], title: str) -> list[Block]:
    """The headline is never spoken twice: a copy of it among the first blocks goes, and an exact copy
    of a headline of HEADER_REPEAT_MIN_WORDS words or more anywhere (a page that prints it again over
    the body: rule "headline reprinted"); nor is a paragraph. Dash and quotation-mark styles do not
    count ("Kolumne: Queer Royal – Über …" / "Kolumne: Queer Royal - Über …")."""
    key = _fold(title)
    long = len(key.split()) >= HEADER_REPEAT_MIN_WORDS
    body = [b for k, b in enumerate(body)
            if not (k < TITLE_REPEAT_WINDOW and key and _repeats_header(b.text, key, body[k + 1:]))
            and not (long and _fold(b.text) == key)]
    body = [_without_headline_prefix(b, key) if k < TITLE_REPEAT_WINDOW else b for k, b in enumerate(body)]
    return without_author_boxes(without_repeats(body))  # a long paragraph shown twice is spoken once


def _without_headline_prefix(block: Block, key: str) -> Block:
    """Rule "headline run into the teaser": a paragraph near the top that opens with the whole headline
    and goes on with a sentence of its own ("„Eine andere Zeit“ Die Krise durch Daten überwinden?") is
    the page's header block glued together; the headline, already spoken, is taken off its front."""
    text = squash(block.text)
    if len(key.split()) < HEADER_REPEAT_MIN_WORDS or not _fold(text).startswith(key):
        return block
    rest = text[len(key):].lstrip(" :–—-|")
    if len(rest.split()) < HEADER_REPEAT_MIN_WORDS or not rest[:1].isupper():
        return block  # "<headline> war das Motto": the headline used in a sentence
    return Block(block.kind, rest, block.group)


def _repeats_header(text: str, key: str, later: list[Block]) -> bool:
    """Rule "header repeated": the headline again, alone or with only a label before it ("Tag der
    Abstimmung: <headline>") and after it nothing, or only a teaser that a later block says anyway and
    short non-sentences ("Chronik <headline> <lead> 19.10.2019 12.09", the lead following on its own). Pages print such a
    header block twice (once for the layout, once for the feed); the listener needs it once."""
    text = squash(text)
    if _fold(text) == key:
        return True
    at = _fold(text).find(key)
    if at < 0 or len(key.split()) < HEADER_REPEAT_MIN_WORDS:  # "Streik" inside a sentence is no repeat
        return False
    head, tail = text[:at].strip(" :–—-|"), text[at + len(key):].strip(" :–—-|")
    if len(head.split()) > HEADER_LABEL_MAX_WORDS or "," in head or head.endswith((".", "!", "?")):
        return False  # more than a label before it: a sentence that quotes the headline
    said_later = " ".join(squash(b.text) for b in later)
    return all(piece in said_later or (len(piece) <= KICKER_MAX_CHARS and not piece.endswith((".", "!", "?")))
               for piece in _SENTENCE_END.split(tail) if piece)  # said anyway, or a date line / label


def _only_a_headline(article: Article) -> Article:
    """A text that is one sentence ("Der Zug fällt heute aus.") is its own headline, spoken once.

    Its only block became the headline; build_script speaks a headline-only article when the headline
    ends like a sentence and refuses a lone non-sentence (a page where only its title survived).
    """
    if not any(s.paragraphs for s in article.sections) and article.title.rstrip(_CLOSERS).endswith((".", "!", "?")):
        log.info("the text is a single sentence; speaking it as the headline alone")
    return article


def _infer_title(blocks: list[Block]) -> tuple[str, list[Block], list[Block]]:
    """Headline (and kicker) of a text without explicit markup: the first paragraphs left."""
    while blocks and blocks[0].kind == "label":
        blocks = blocks[1:]
    if not blocks:
        return "", [], []
    first = blocks[0]
    if len(blocks) > 2 and _is_kicker(first.text, blocks[1].text):
        return blocks[1].text, [first], blocks[2:]
    return first.text, [], blocks[1:]


def is_quoted_heading(text: str) -> bool:
    """„Kann die Frage noch nicht beantworten“: a short quote without final punctuation inside."""
    m = _QUOTED.fullmatch(text)
    return bool(m) and is_heading_like(m.group(1))


def _is_kicker_line(text: str) -> bool:
    """The one short heading-like line above the headline (Dachzeile), not a teaser or a lead."""
    return is_heading_like(text) and len(text) <= KICKER_MAX_CHARS


def _is_kicker(first: str, second: str) -> bool:
    return (is_heading_like(first) and is_heading_like(second) and len(first) <= KICKER_MAX_CHARS
            and len(first) < len(second))


def _starts_chapter(body: list[Block], k: int) -> bool:
    """A heading-like (or quoted heading-like) paragraph followed by a body paragraph."""
    if not (is_heading_like(body[k].text) or is_quoted_heading(body[k].text)) or k + 1 >= len(body):
        return False
    nxt = body[k + 1]
    return nxt.kind in ("para", "item", "label") and not is_heading_like(nxt.text)
