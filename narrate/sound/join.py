"""Sentence audio: trim, fade, pauses by kind, one join, chapter marks from sample counts."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from narrate.config import PauseSettings
from narrate.models import ChapterMark, Episode, SampleSource, Segment, SentenceSpan

log = logging.getLogger(__name__)

MAX_CHAPTERS = 255  # the ID3v2 chapter addendum's CTOC child count is one byte
_SILENCE_BLOCK = 1 << 16  # pauses are written in pieces of at most this many samples


def ms_to_samples(ms: float, sample_rate: int) -> int:
    return int(round(ms * sample_rate / 1000))


def trim_silence(samples: np.ndarray, sample_rate: int, pauses: PauseSettings) -> np.ndarray:
    """Cut leading/trailing silence below `trim_db` relative to the peak, keeping `trim_keep_ms`.

    All-silent input returns an empty array; the caller decides what to say about it.
    """
    if samples.size == 0:
        return samples
    peak = float(np.max(np.abs(samples)))
    if peak <= 0.0:
        return samples[:0]
    loud = np.flatnonzero(np.abs(samples) >= peak * 10 ** (pauses.trim_db / 20))
    keep = ms_to_samples(pauses.trim_keep_ms, sample_rate)
    start = max(int(loud[0]) - keep, 0)
    end = min(int(loud[-1]) + 1 + keep, samples.size)
    return samples[start:end]


def apply_fades(samples: np.ndarray, sample_rate: int, fade_ms: float) -> np.ndarray:
    """Raised-cosine fade in and out at both cuts, so no join clicks; returns a new array."""
    out = np.array(samples, dtype=np.float32, copy=True)
    n = min(ms_to_samples(fade_ms, sample_rate), out.size // 2)
    if n > 0:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n, dtype=np.float32))).astype(np.float32)
        out[:n] *= ramp
        out[-n:] *= ramp[::-1]
    return out


def prepare_piece(samples: np.ndarray, sample_rate: int, pauses: PauseSettings) -> np.ndarray:
    """One engine output made ready to join: trimmed, then faded at both cuts."""
    return apply_fades(trim_silence(samples, sample_rate, pauses), sample_rate, pauses.fade_ms)


def join_pieces(pieces: Sequence[np.ndarray], gap: int) -> np.ndarray:
    """Chunks of one sentence joined with `gap` samples of silence, in one allocation."""
    pieces = [p for p in pieces if p.size]
    if not pieces:
        return np.zeros(0, dtype=np.float32)
    total = sum(p.size for p in pieces) + gap * (len(pieces) - 1)
    out = np.zeros(total, dtype=np.float32)
    pos = 0
    for piece in pieces:
        out[pos : pos + piece.size] = piece
        pos += piece.size + gap
    return out


class EpisodeBuilder:
    """Segments placed one after another as they are spoken, each written out at once.

    `sink` receives the audio in order (a Spool's `write`, or a list's `append`); only the marks
    stay in memory. A chapter starts `chapter_lead_ms` before its first speech (the first at 0).
    """

    def __init__(self, sink: Callable[[np.ndarray], None], sample_rate: int, pauses: PauseSettings) -> None:
        self._sink = sink
        self.sample_rate = sample_rate
        self._pauses = pauses
        self._lead = ms_to_samples(pauses.chapter_lead_ms, sample_rate)
        self._spans: list[SentenceSpan] = []
        self._starts: dict[int, int] = {}
        self.position = 0  # samples written so far

    def _silence(self, count: int) -> None:
        while count > 0:
            step = min(count, _SILENCE_BLOCK)
            self._sink(np.zeros(step, dtype=np.float32))
            count -= step

    def add(self, segment: Segment) -> None:
        """Write the segment's pause, then its samples; remember its span and chapter start."""
        self._silence(segment.pause_before)
        pos = self.position + segment.pause_before
        chapter = max(segment.chapter_index, 0)
        self._starts.setdefault(chapter, 0 if not self._starts else max(pos - self._lead, 0))
        self._sink(np.asarray(segment.samples, dtype=np.float32))
        self._spans.append(SentenceSpan(segment.sentence.text, pos, pos + segment.samples.size, chapter))
        self.position = pos + segment.samples.size

    @property
    def spoken(self) -> int:
        """Sentences added so far."""
        return len(self._spans)

    def finish(self, chapter_titles: Sequence[str], samples: np.ndarray | SampleSource) -> Episode:
        """Write the tail and return the episode over `samples` (what the sink wrote to).

        `chapter_titles[i]` names chapter i.
        """
        tail = ms_to_samples(self._pauses.tail_ms, self.sample_rate)
        self._silence(tail)
        self.position += tail
        marks = [ChapterMark(chapter_titles[i], start) for i, start in sorted(self._starts.items())]
        if len(marks) > MAX_CHAPTERS:
            log.warning("%d chapters; only the first %d are marked", len(marks), MAX_CHAPTERS)
            marks = marks[:MAX_CHAPTERS]
        return Episode(samples, self.sample_rate, tuple(marks), tuple(self._spans))


def join_segments(
    segments: Sequence[Segment],
    chapter_titles: Sequence[str],
    sample_rate: int,
    pauses: PauseSettings,
) -> Episode:
    """Every segment after its pause in one in-memory buffer (short audio; see EpisodeBuilder)."""
    pieces: list[np.ndarray] = []
    builder = EpisodeBuilder(pieces.append, sample_rate, pauses)
    for segment in segments:
        builder.add(segment)
    episode = builder.finish(chapter_titles, np.zeros(0, dtype=np.float32))
    return replace(episode, samples=np.concatenate(pieces) if pieces else np.zeros(0, np.float32))
