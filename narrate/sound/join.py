"""Sentence audio: trim, fade, pauses by kind, one join, chapter marks from sample counts."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from narrate.config import PauseSettings
from narrate.models import ChapterMark, Episode, Segment, SentenceSpan

log = logging.getLogger(__name__)

MAX_CHAPTERS = 255  # the ID3v2 chapter addendum's CTOC child count is one byte


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


def join_segments(
    segments: Sequence[Segment],
    chapter_titles: Sequence[str],
    sample_rate: int,
    pauses: PauseSettings,
) -> Episode:
    """Place every segment after its pause in one buffer; mark chapters in the pauses.

    `chapter_titles[i]` names chapter i; a chapter starts `chapter_lead_ms` before its first speech
    (the first chapter at 0).
    """
    tail = ms_to_samples(pauses.tail_ms, sample_rate)
    total = sum(s.pause_before + s.samples.size for s in segments) + tail
    out = np.zeros(total, dtype=np.float32)
    lead = ms_to_samples(pauses.chapter_lead_ms, sample_rate)
    spans: list[SentenceSpan] = []
    starts: dict[int, int] = {}
    pos = 0
    for segment in segments:
        pos += segment.pause_before
        chapter = max(segment.chapter_index, 0)
        starts.setdefault(chapter, 0 if not starts else max(pos - lead, 0))
        out[pos : pos + segment.samples.size] = segment.samples
        spans.append(SentenceSpan(segment.sentence.text, pos, pos + segment.samples.size, chapter))
        pos += segment.samples.size
    marks = [ChapterMark(chapter_titles[i], start) for i, start in sorted(starts.items())]
    if len(marks) > MAX_CHAPTERS:
        log.warning("%d chapters; only the first %d are marked", len(marks), MAX_CHAPTERS)
        marks = marks[:MAX_CHAPTERS]
    return Episode(out, sample_rate, tuple(marks), tuple(spans))
