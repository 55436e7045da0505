"""Compose the stages: one article file → one MP3; progress goes out through a callback."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from narrate.article import load_article
from narrate.audio import join_pieces, join_segments, ms_to_samples, prepare_piece
from narrate.config import Settings
from narrate.engines import Engine
from narrate.export import Tags, export_mp3
from narrate.lexicon import Lexicon, load_lexicon
from narrate.loudness import reach_loudness
from narrate.models import Script, Segment, Sentence
from narrate.script import build_script

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """One sentence spoken (`done` of `total`) for the article at `source`."""

    source: Path
    done: int
    total: int


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class StageTimes:
    """Wall-clock seconds per stage of one narration."""

    front_end: float = 0.0
    synthesis: float = 0.0
    assembly: float = 0.0
    loudness: float = 0.0
    encoding: float = 0.0

    @property
    def total(self) -> float:
        return self.front_end + self.synthesis + self.assembly + self.loudness + self.encoding


@dataclass(frozen=True)
class Outcome:
    source: Path
    output: Path
    sentences: int
    duration_s: float  # seconds of audio written
    times: StageTimes
    voice: str


def _script_order(script: Script) -> Iterator[tuple[Sentence, str, int]]:
    """Every spoken sentence in order with the kind of pause before it and its chapter index."""
    yield script.title, "head_ms", 0
    for index, chapter in enumerate(script.chapters):
        if chapter.title is not None:
            yield chapter.title, "heading_ms", index
        for p_index, paragraph in enumerate(chapter.paragraphs):
            for s_index, sentence in enumerate(paragraph.sentences):
                if s_index > 0:
                    kind = "sentence_ms"
                elif p_index == 0 and index == 0:
                    kind = "headline_ms"
                else:
                    kind = "paragraph_ms"
                yield sentence, kind, index


class Narrator:
    """A loaded voice and lexicon, reused for every article of the process."""

    def __init__(self, engine: Engine, settings: Settings, lexicon: Lexicon | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.lexicon = lexicon if lexicon is not None else load_lexicon(settings.text.lexicon)

    def prepare_script(self, source: Path) -> Script:
        """Load, clean, split and speak an article's text, without synthesis."""
        return build_script(load_article(source), self.settings.text, self.lexicon)

    def speak(self, script: Script, source: Path, progress: ProgressCallback | None) -> list[Segment]:
        """Synthesise every sentence (chunk by chunk), trimmed, faded and given its pause."""
        pauses, rate = self.settings.pauses, self.engine.sample_rate
        order = list(_script_order(script))
        segments: list[Segment] = []
        for done, (sentence, kind, chapter) in enumerate(order, start=1):
            pieces = [prepare_piece(self.engine.synthesize(c), rate, pauses) for c in sentence.chunks]
            samples = join_pieces(pieces, ms_to_samples(pauses.chunk_ms, rate))
            if samples.size == 0:
                log.warning("the voice produced no audio for %r; skipped", sentence.text[:80])
            else:
                pause = ms_to_samples(getattr(pauses, kind), rate)
                segments.append(Segment(sentence, samples, pause, chapter))
            if progress:
                progress(Progress(source, done, len(order)))
        return segments

    def narrate_file(self, source: Path, dest: Path, progress: ProgressCallback | None = None) -> Outcome:
        """Narrate one article into `dest` (written atomically); returns what was done and how long."""
        marks = [time.perf_counter()]
        script = self.prepare_script(source)
        marks.append(time.perf_counter())
        segments = self.speak(script, source, progress)
        marks.append(time.perf_counter())
        titles = [script.title.text] + [c.title.text if c.title else f"Kapitel {i + 1}"
                                        for i, c in enumerate(script.chapters)][1:]
        episode = join_segments(segments, titles, self.engine.sample_rate, self.settings.pauses)
        marks.append(time.perf_counter())
        episode = reach_loudness(episode, self.settings.loudness, self.settings.export.encoder_gain_db)
        marks.append(time.perf_counter())
        tags = Tags(title=script.title.text, voice=self.engine.name, album=script.meta.site,
                    date=script.meta.date)
        export_mp3(episode, dest, tags, self.settings.export)
        marks.append(time.perf_counter())
        steps = [b - a for a, b in zip(marks, marks[1:])]
        return Outcome(source, dest, script.sentence_count(), episode.duration_s, StageTimes(*steps),
                       self.engine.name)
