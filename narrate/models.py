"""The types that flow between the stages.

Path ─load→ Article ─script→ Script ─speak→ Segments ─join→ Episode ─loudness→ Episode ─export→ MP3
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np


# ── load: the article as written, cleaned of page chrome ─────────────────────


@dataclass(frozen=True)
class Section:
    """One chapter of the article: an optional sub-heading and its paragraphs (cleaned text)."""

    heading: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ArticleMeta:
    """What the input says about itself; every field may be empty."""

    date: str = ""  # ISO 8601 date (YYYY-MM-DD) when known
    site: str = ""
    author: str = ""
    url: str = ""
    description: str = ""


@dataclass(frozen=True)
class Article:
    """A cleaned article: headline, then sections; the first section holds kicker, teaser and lead.

    `kicker` names the first paragraph of the first section when it is the kicker (Dachzeile), which
    the script speaks before the headline, as the page shows it; "" when there is none.
    """

    title: str
    sections: tuple[Section, ...]
    source: Path | None = None
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    kicker: str = ""


# ── script: what is spoken, sentence by sentence ─────────────────────────────


@dataclass(frozen=True)
class Sentence:
    """A sentence as written (after cleaning) and as the voice receives it.

    `chunks` are the pieces of `spoken` sent to the engine one at a time (a long sentence is cut at
    clause boundaries); they are not sentences and never appear in the script JSON.
    """

    text: str
    spoken: str
    chunks: tuple[str, ...]


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Chapter:
    """A chapter of the script; the first chapter has no title (the headline is the script's title)."""

    title: Sentence | None
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Script:
    title: Sentence
    chapters: tuple[Chapter, ...]
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    kicker: Sentence | None = None  # spoken before the headline, with a pause between them

    def spoken_order(self) -> Iterator[Sentence]:
        """Every sentence in the order it is spoken: kicker, headline, then each chapter's title and body."""
        if self.kicker is not None:
            yield self.kicker
        yield self.title
        for chapter in self.chapters:
            if chapter.title is not None:
                yield chapter.title
            for paragraph in chapter.paragraphs:
                yield from paragraph.sentences

    def sentence_count(self) -> int:
        """Sentences spoken, headline and chapter titles included."""
        return sum(1 for _ in self.spoken_order())

    def to_dict(self) -> dict:
        """The `narrate script --json` contract."""

        def pair(s: Sentence) -> dict:
            return {"text": s.text, "spoken": s.spoken}

        return {
            "kicker": pair(self.kicker) if self.kicker else None,
            "title": pair(self.title),
            "chapters": [
                {
                    "title": pair(c.title) if c.title else None,
                    "paragraphs": [
                        {"sentences": [pair(s) for s in p.sentences]} for p in c.paragraphs
                    ],
                }
                for c in self.chapters
            ],
        }


# ── audio ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Segment:
    """One synthesised sentence (trimmed, faded), and the pause that precedes it."""

    sentence: Sentence
    samples: np.ndarray  # float32 mono
    pause_before: int  # samples of silence inserted before this segment
    chapter_index: int  # index into Script.chapters; -1 for the headline


@dataclass(frozen=True)
class ChapterMark:
    """A chapter boundary: starts in the pause, shortly before its first speech."""

    title: str
    start_sample: int


@dataclass(frozen=True)
class SentenceSpan:
    """Where one sentence's speech sits in the episode, in samples."""

    text: str
    start_sample: int
    end_sample: int
    chapter_index: int


class SampleSource(Protocol):
    """Float32 mono audio too long to hold in memory, walked block by block (e.g. a disk spool)."""

    def __len__(self) -> int: ...

    def blocks(self, size: int) -> Iterator[np.ndarray]: ...


@dataclass(frozen=True)
class Episode:
    """The joined narration: samples plus the marks computed from sample counts.

    `samples` is an array for short audio (and tests), or a SampleSource the later stages read block
    by block, so memory does not grow with the article's length.
    """

    samples: np.ndarray | SampleSource  # float32 mono
    sample_rate: int  # Hz
    chapters: tuple[ChapterMark, ...]
    spans: tuple[SentenceSpan, ...]

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate
