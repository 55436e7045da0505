"""Sample arithmetic of trimming, fades, pauses, the join and chapter marks (tone engine)."""

import numpy as np
import pytest

from narrate.sound.join import apply_fades, join_pieces, join_segments, ms_to_samples, prepare_piece, trim_silence
from narrate.config import PauseSettings
from narrate.models import Segment, Sentence
from tone_engine import SAMPLES_PER_CHAR, SAMPLE_RATE, ToneEngine

PAUSES = PauseSettings()
KEEP = ms_to_samples(PAUSES.trim_keep_ms, SAMPLE_RATE)


def _sentence(text: str) -> Sentence:
    return Sentence(text, text, (text,))


@pytest.mark.parametrize("text", ["A", "Ja.", "Ein längerer Satz mit Inhalt."])
def test_trim_keeps_speech_plus_margin(text):
    raw = ToneEngine().synthesize(text)
    trimmed = trim_silence(raw, SAMPLE_RATE, PAUSES)
    tone = SAMPLES_PER_CHAR * len(text)
    # the tone's first sample is 0 (sin 0), so speech starts one sample in
    assert abs(trimmed.size - (tone + 2 * KEEP)) <= 2
    assert trimmed.size < raw.size


def test_trim_of_silence_is_empty():
    assert trim_silence(np.zeros(1000, np.float32), SAMPLE_RATE, PAUSES).size == 0
    assert trim_silence(np.zeros(0, np.float32), SAMPLE_RATE, PAUSES).size == 0


def test_fades_start_and_end_at_zero_and_keep_the_middle():
    ones = np.ones(SAMPLE_RATE, np.float32)
    faded = apply_fades(ones, SAMPLE_RATE, 8)
    n = ms_to_samples(8, SAMPLE_RATE)
    assert faded[0] == 0.0 and faded[-1] == 0.0
    assert np.all(np.diff(faded[:n]) >= 0) and np.all(np.diff(faded[-n:]) <= 0)
    assert np.all(faded[n:-n] == 1.0)
    assert np.all(ones == 1.0), "input must not be modified"


def test_join_pieces_places_gaps_exactly():
    a, b = np.ones(100, np.float32), np.full(50, 2.0, np.float32)
    joined = join_pieces([a, b], gap=30)
    assert joined.size == 180
    assert np.all(joined[:100] == 1) and np.all(joined[100:130] == 0) and np.all(joined[130:] == 2)


PAUSE_CASES = [
    # (pause kinds before each segment, chapter of each segment)
    (["head_ms", "headline_ms", "sentence_ms", "paragraph_ms"], [0, 0, 0, 0]),
    (["head_ms", "headline_ms", "heading_ms", "paragraph_ms", "sentence_ms"], [0, 0, 1, 1, 1]),
    (["head_ms", "headline_ms", "heading_ms", "paragraph_ms", "heading_ms", "paragraph_ms"], [0, 0, 1, 1, 2, 2]),
]


@pytest.mark.parametrize("kinds,chapters", PAUSE_CASES)
def test_join_segments_positions_and_chapter_marks(kinds, chapters):
    engine = ToneEngine()
    segments = []
    for i, (kind, chapter) in enumerate(zip(kinds, chapters)):
        samples = prepare_piece(engine.synthesize("x" * (10 + i)), SAMPLE_RATE, PAUSES)
        pause = ms_to_samples(getattr(PAUSES, kind), SAMPLE_RATE)
        segments.append(Segment(_sentence(f"s{i}"), samples, pause, chapter))
    titles = [f"Kapitel {i}" for i in range(max(chapters) + 1)]
    episode = join_segments(segments, titles, SAMPLE_RATE, PAUSES)

    expected = 0
    for segment, span in zip(segments, episode.spans):
        expected += segment.pause_before
        assert span.start_sample == expected
        assert span.end_sample - span.start_sample == segment.samples.size
        assert np.array_equal(episode.samples[span.start_sample : span.end_sample], segment.samples)
        expected = span.end_sample
    tail = ms_to_samples(PAUSES.tail_ms, SAMPLE_RATE)
    assert episode.samples.size == expected + tail
    assert np.all(episode.samples[expected:] == 0)

    lead = ms_to_samples(PAUSES.chapter_lead_ms, SAMPLE_RATE)
    assert [m.title for m in episode.chapters] == titles
    assert episode.chapters[0].start_sample == 0
    for mark in episode.chapters[1:]:
        first = next(s for s in episode.spans if s.chapter_index == titles.index(mark.title))
        assert mark.start_sample == first.start_sample - lead
        # the mark sits in silence: nothing but the faded edge of the previous speech before it
        assert np.all(episode.samples[mark.start_sample : first.start_sample - KEEP] == 0)


def test_pause_settings_are_validated():
    from narrate.errors import SettingsError

    with pytest.raises(SettingsError, match="sentence_ms"):
        PauseSettings(sentence_ms=-1)
    with pytest.raises(SettingsError, match="chapter_lead_ms"):
        PauseSettings(chapter_lead_ms=2000)
