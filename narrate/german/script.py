"""Article → Script: German sentences, each with its spoken form and synthesis chunks."""

from __future__ import annotations

import logging
import re

from narrate.config import TextSettings
from narrate.errors import InputError
from narrate.german.lexicon import Lexicon
from narrate.models import Article, Chapter, Paragraph, Script, Section, Sentence
from narrate.german.sentences import chunk_for_synthesis, split_sentences
from narrate.german.spoken import to_spoken

log = logging.getLogger(__name__)

_SPEAKABLE = re.compile(r"[^\W\d_]")  # at least one letter


def make_sentence(text: str, settings: TextSettings, lexicon: Lexicon) -> Sentence | None:
    """One written sentence → Sentence; None (and a warning) when nothing speakable is left."""
    spoken = lexicon.apply(to_spoken(text)).strip()
    if not _SPEAKABLE.search(spoken):
        log.warning("skipped a sentence with nothing to speak: %r", text[:80])
        return None
    return Sentence(text, spoken, tuple(chunk_for_synthesis(spoken, settings.max_chunk_chars)))


def _paragraph(text: str, settings: TextSettings, lexicon: Lexicon) -> Paragraph | None:
    made = (make_sentence(s, settings, lexicon) for s in split_sentences(text))
    sentences = tuple(s for s in made if s is not None)
    return Paragraph(sentences) if sentences else None


def build_script(article: Article, settings: TextSettings, lexicon: Lexicon) -> Script:
    """Split, speak and chunk every paragraph; raise InputError when nothing is left to speak."""
    chapters: list[Chapter] = []
    sections, kicker = _without_kicker(article)
    kicker_sentence = make_sentence(kicker, settings, lexicon) if kicker else None
    for index, section in enumerate(sections):
        paragraphs = tuple(p for p in (_paragraph(t, settings, lexicon) for t in section.paragraphs) if p)
        title = make_sentence(section.heading, settings, lexicon) if section.heading else None
        if not paragraphs and index > 0:
            continue  # a heading with no body is not a chapter
        chapters.append(Chapter(title if index > 0 else None, paragraphs))
    headline = make_sentence(article.title, settings, lexicon) if article.title else None
    one_sentence = headline is not None and article.title.rstrip(" )\"'“”»«’").endswith((".", "!", "?"))
    if not any(c.paragraphs for c in chapters) and not one_sentence:  # a one-sentence text is its headline
        where = article.source or "the input"
        raise InputError(f"{where} has no sentence left to speak after cleaning; "
                         "check that it is a German news article")
    if headline is None:
        name = article.source.stem.replace("_", " ").replace("-", " ") if article.source else ""
        headline = make_sentence(name, settings, lexicon) or Sentence("Artikel", "Artikel", ("Artikel",))
    return Script(headline, tuple(chapters), article.meta, kicker_sentence)


def _without_kicker(article: Article) -> tuple[tuple[Section, ...], str]:
    """The sections with the kicker taken out of the first one, and the kicker ("" when none).

    The page shows the kicker above the headline, so it is spoken first, then the headline.
    """
    sections = article.sections
    if not article.kicker or not sections or sections[0].paragraphs[:1] != (article.kicker,):
        return sections, ""
    first = sections[0]
    return (Section(first.heading, first.paragraphs[1:]), *sections[1:]), article.kicker
