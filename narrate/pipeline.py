"""Compose the stages: one article file → one MP3; progress goes out through a callback."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Protocol
from pathlib import Path

import numpy as np

from narrate.article import load_article
from narrate.config import Settings
from narrate.german import Lexicon, build_script, load_lexicon
from narrate.models import Script, Segment, Sentence, SentenceSpan
from narrate.errors import VoiceError
from narrate.sound import Tags, chapter_times, export_mp3, reach_loudness
from narrate.sound.export import ChapterTimes
from narrate.sound.join import EpisodeBuilder, join_pieces, ms_to_samples, prepare_piece
from narrate.sound.spool import SAMPLE_BYTES, Spool, check_free_space
from narrate.tools import find_tool
from narrate.voice import Engine

log = logging.getLogger(__name__)

# Slower than the voices at their own pace (espeak-ng reads German at about 16.5 characters a
# second, pauses aside): the disk-space check errs towards needing more (~1.7× for espeak-ng).
SLOW_SPEECH_CHARS_PER_S = 10.0


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


class SampleCache(Protocol):
    """Where synthesised chunks are kept between runs (the batch issue's sentence cache)."""

    def get(self, engine_key: str, spoken: str) -> np.ndarray | None: ...

    def put(self, engine_key: str, spoken: str, samples: np.ndarray) -> None: ...


@dataclass(frozen=True)
class Outcome:
    source: Path
    output: Path
    script: Script
    duration_s: float  # seconds of audio written
    sample_rate: int  # Hz of `spans` (the engine's rate)
    spans: tuple[SentenceSpan, ...]  # where each sentence is spoken in the file
    chapters: tuple[ChapterTimes, ...]
    times: StageTimes
    voice: str
    chunks_synthesized: int
    chunks_cached: int


def _within_full_scale(samples: np.ndarray, voice: str) -> np.ndarray:
    """A chunk peaking past ±1 (neural voices do, slightly) scaled down to full scale, never clipped.

    The loudness stage sets the level of the whole article afterwards, so this costs nothing a listener
    hears, and the cache, which keeps only samples in [-1, 1], can keep the chunk.
    """
    peak = float(np.abs(samples).max()) if samples.size else 0.0
    if peak <= 1.0:
        return samples
    log.debug("voice %s peaked at %.3f; chunk scaled to full scale", voice, peak)
    return (samples / np.float32(peak)).astype(np.float32, copy=False)


def _script_order(script: Script) -> Iterator[tuple[Sentence, str, int]]:
    """Every spoken sentence in order with the kind of pause before it and its chapter index."""
    if script.kicker is not None:  # kicker, a paragraph's pause, then the headline
        yield script.kicker, "head_ms", 0
        yield script.title, "paragraph_ms", 0
    else:
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

    def __init__(self, engine: Engine, settings: Settings, lexicon: Lexicon | None = None,
                 cache: SampleCache | None = None) -> None:
        find_tool("ffmpeg")  # fail before synthesis, not after minutes of it
        self.engine = engine
        # Chunks no longer than the voice takes (XTTS: 253 characters of German).
        self.settings = replace(settings, text=settings.text.within(getattr(engine, "max_chars", None)))
        self.lexicon = lexicon if lexicon is not None else load_lexicon(settings.text.lexicon)
        self.cache = cache
        self._engine_key = engine.cache_key() if cache is not None else ""
        self.synthesized = 0  # chunks the engine spoke, since the last narrate_file began
        self.cached = 0  # chunks taken from the cache

    def synthesize(self, spoken: str, sentence: str = "") -> np.ndarray:
        """One chunk from the cache when it holds it, else from the engine (and then cached).

        Engine output with NaN or infinite samples is a VoiceError naming the sentence, never cached;
        such a cached entry (written before the cache checked) is spoken afresh and replaced.
        """
        if self.cache is not None:
            samples = self.cache.get(self._engine_key, spoken)
            if samples is not None and np.all(np.isfinite(samples)):
                self.cached += 1
                return samples
            if samples is not None:
                log.warning("the cached audio of %r holds NaN or infinite samples; speaking it again",
                            spoken[:80])
        samples = self.engine.synthesize(spoken)
        if not np.all(np.isfinite(samples)):
            raise VoiceError(f"the voice {self.engine.name} returned invalid audio (NaN or infinite "
                             f"samples) for the sentence {(sentence or spoken)[:120]!r}; try another "
                             "--voice, or rephrase that sentence")
        samples = _within_full_scale(samples, self.engine.name)
        self.synthesized += 1
        if self.cache is not None:
            self.cache.put(self._engine_key, spoken, samples)
        return samples

    def prepare_script(self, source: Path) -> Script:
        """Load, clean, split and speak an article's text, without synthesis."""
        return build_script(load_article(source), self.settings.text, self.lexicon)

    def speak(self, script: Script, source: Path, progress: ProgressCallback | None,
              builder: EpisodeBuilder) -> None:
        """Synthesise every sentence (chunk by chunk), trimmed, faded, and hand it to `builder`."""
        pauses, rate = self.settings.pauses, self.engine.sample_rate
        order = list(_script_order(script))
        for done, (sentence, kind, chapter) in enumerate(order, start=1):
            pieces = [prepare_piece(self.synthesize(c, sentence.text), rate, pauses)
                      for c in sentence.chunks]
            samples = join_pieces(pieces, ms_to_samples(pauses.chunk_ms, rate))
            if samples.size == 0:
                log.warning("the voice produced no audio for %r; skipped", sentence.text[:80])
            else:
                pause = ms_to_samples(getattr(pauses, kind), rate)
                builder.add(Segment(sentence, samples, pause, chapter))
            if progress:
                progress(Progress(source, done, len(order)))
        if builder.spoken == 0:
            raise VoiceError(f"the voice {self.engine.name} produced only silence for {source.name}; "
                             "no MP3 written — try another --voice")

    def check_space(self, script: Script, dest: Path) -> None:
        """Refuse, before synthesis, an article whose audio would not fit beside `dest`.

        The spool holds float32 at the engine's rate next to the MP3; the length is estimated on
        the slow side from the characters spoken (at --rate: 0.5 speaks twice as long) plus every pause.
        """
        chars = sum(len(s.spoken) for s in script.spoken_order())
        pause_s = self.settings.pauses.paragraph_ms / 1000
        speech_s = chars / (SLOW_SPEECH_CHARS_PER_S * self.settings.voice.rate)
        seconds = speech_s + script.sentence_count() * pause_s
        spool = seconds * self.engine.sample_rate * SAMPLE_BYTES
        mp3 = seconds * self.settings.export.bitrate_kbps * 1000 / 8
        check_free_space(dest.parent, int(spool + mp3),
                         f"the audio of {dest.name} (up to {seconds / 60:.1f} min)")

    def narrate_file(self, source: Path, dest: Path, progress: ProgressCallback | None = None,
                     extra_tags: tuple[tuple[str, str], ...] = (), script: Script | None = None,
                     ) -> Outcome:
        """Narrate one article into `dest` (written atomically); returns what was done and how long.

        `extra_tags` become TXXX frames (description, value), e.g. the record of what it was made
        from; `script`, when the caller already prepared it from `source`, is spoken as it is.
        The audio waits on disk beside `dest` (an unlinked spool), so memory stays flat for any length.
        """
        self.synthesized = self.cached = 0
        marks = [time.perf_counter()]
        script = script or self.prepare_script(source)
        self.check_space(script, dest)
        marks.append(time.perf_counter())
        rate, settings = self.engine.sample_rate, self.settings
        with Spool(dest.parent) as spool:
            builder = EpisodeBuilder(spool.write, rate, settings.pauses)
            self.speak(script, source, progress, builder)
            marks.append(time.perf_counter())
            titles = [script.title.text] + [c.title.text if c.title else f"Kapitel {i + 1}"
                                            for i, c in enumerate(script.chapters)][1:]
            episode = builder.finish(titles, spool)
            marks.append(time.perf_counter())
            episode = reach_loudness(episode, settings.loudness, settings.export.encoder_gain_db)
            marks.append(time.perf_counter())
            tags = Tags(title=script.title.text, voice=self.engine.name, album=script.meta.site,
                        date=script.meta.date, author=script.meta.author, url=script.meta.url,
                        extra=extra_tags)
            chapters = tuple(chapter_times(episode))
            export_mp3(episode, dest, tags, chapters, settings.export)  # gain and limiter run here
            marks.append(time.perf_counter())
        steps = [b - a for a, b in zip(marks, marks[1:])]
        return Outcome(source, dest, script, episode.duration_s, rate, episode.spans,
                       chapters, StageTimes(*steps), self.engine.name, self.synthesized, self.cached)
