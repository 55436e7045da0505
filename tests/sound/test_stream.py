"""Audio on disk and block by block: the streaming meter, limiter and spool give what the whole-array
versions give, on real espeak-ng speech."""

from __future__ import annotations

import functools
import logging
import re

import numpy as np
import pytest

from narrate.config import LoudnessSettings, PauseSettings, VoiceSettings
from narrate.models import Episode, Segment, Sentence
from narrate.sound.join import EpisodeBuilder, join_segments, prepare_piece
from narrate.sound.loudness import Leveled, measure_lufs, measure_stream, reach_loudness
from narrate.sound.meter import HighPass, LoudnessMeter
from narrate.sound.peaks import limit_blocks, limit_true_peak
from narrate.sound.spool import Spool, iter_blocks

SENTENCES = [
    "Nach zwei Wochen zäher Verhandlungen haben sich die Staaten auf einen neuen Fonds geeinigt.",
    "Ab 2028 sollen jährlich mindestens 120 Milliarden Dollar für die Anpassung fließen.",
    "Umweltverbände sprechen von einem Minimalkompromiss, die Inselstaaten von einem Rettungsring mit Loch.",
    "Die nächste Konferenz findet in elf Monaten statt.",
]


@functools.cache
def speech() -> tuple[np.ndarray, int]:
    """Real espeak-ng speech with sentence pauses, about 20 seconds."""
    from narrate.voice.catalog import find_voice
    from narrate.voice.engines import load_engine

    engine = load_engine(find_voice("espeak-de"), VoiceSettings(name="espeak-de"))
    rate, pause = engine.sample_rate, np.zeros(int(0.4 * engine.sample_rate), np.float32)
    pieces = []
    for text in SENTENCES:
        pieces += [prepare_piece(engine.synthesize(text), rate, PauseSettings()), pause]
    return np.concatenate(pieces).astype(np.float32), rate


@pytest.mark.parametrize("block", [1000, 2205, 4097, 1 << 17])
@pytest.mark.parametrize("gain_db", [0.0, -20.0])
def test_meter_matches_pyloudnorm_on_speech(block, gain_db):
    x, rate = speech()
    x = x * np.float32(10 ** (gain_db / 20))
    meter = LoudnessMeter(rate)
    for start in range(0, x.size, block):
        meter.add(x[start : start + block])
    assert meter.integrated() == pytest.approx(measure_lufs(x, rate), abs=0.05)


@pytest.mark.parametrize("freq,seconds", [(997, 3.0), (200, 0.2), (5000, 1.33)])
def test_meter_matches_pyloudnorm_on_tones(freq, seconds):
    rate = 16000
    x = (0.3 * np.sin(2 * np.pi * freq * np.arange(int(rate * seconds)) / rate)).astype(np.float32)
    meter = LoudnessMeter(rate)
    meter.add(x)
    assert meter.integrated() == pytest.approx(measure_lufs(x, rate), abs=0.05)


def test_meter_reads_silence_as_minus_infinity():
    meter = LoudnessMeter(22050)
    meter.add(np.zeros(50_000, np.float32))
    assert meter.integrated() == float("-inf")


def test_highpass_keeps_speech_and_removes_dc_and_rumble():
    x, rate = speech()
    t = np.arange(x.size) / rate
    rumble = (0.3 + 0.3 * np.sin(2 * np.pi * 25 * t)).astype(np.float32)
    highpass = HighPass(rate, 60)  # one filter: its state runs on across the blocks
    filtered = np.concatenate([highpass(b) for b in iter_blocks(x + rumble, 3000)])
    assert measure_lufs(filtered, rate) == pytest.approx(measure_lufs(x, rate), abs=0.2)
    assert abs(float(filtered[rate:].mean())) < 1e-3  # the DC offset is gone


@pytest.mark.parametrize("block", [700, 5000, 1 << 17])
def test_limiter_in_blocks_equals_the_whole_signal(block):
    x, rate = speech()
    loud = x * np.float32(10 ** (12 / 20))  # peaks far over the ceiling, all through the signal
    whole = limit_true_peak(loud, rate, -2.0)
    streamed = np.concatenate(list(limit_blocks(iter_blocks(loud, block), rate, -2.0)))
    assert streamed.size == loud.size
    assert not np.array_equal(whole, loud)
    np.testing.assert_allclose(streamed, whole, atol=1e-6)


def test_spool_round_trip_leaves_nothing_in_its_folder(tmp_path):
    rng = np.random.default_rng(3)
    parts = [rng.standard_normal(n).astype(np.float32) for n in (10, 100_000, 3, 70_001)]
    with Spool(tmp_path) as spool:
        for part in parts:
            spool.write(part)
        assert list(tmp_path.iterdir()) == []  # unlinked at once: a killed run leaves nothing
        assert len(spool) == sum(p.size for p in parts)
        np.testing.assert_array_equal(np.concatenate(list(spool.blocks(65_536))), np.concatenate(parts))
        np.testing.assert_array_equal(spool.read(5, 20), np.concatenate(parts)[5:20])


def _segments(rate: int) -> list[Segment]:
    x, _ = speech()
    cuts = np.linspace(0, x.size, 6).astype(int)
    return [Segment(Sentence(f"s{i}", f"s{i}", (f"s{i}",)), x[a:b], int(0.3 * rate) * (i + 1), i // 2)
            for i, (a, b) in enumerate(zip(cuts, cuts[1:]))]


def test_spooled_episode_equals_the_in_memory_one(tmp_path):
    _, rate = speech()
    pauses, titles = PauseSettings(), ["Titel", "Zwei", "Drei"]
    memory = join_segments(_segments(rate), titles, rate, pauses)
    with Spool(tmp_path) as spool:
        builder = EpisodeBuilder(spool.write, rate, pauses)
        for segment in _segments(rate):
            builder.add(segment)
        spooled = builder.finish(titles, spool)
        assert (spooled.spans, spooled.chapters) == (memory.spans, memory.chapters)
        np.testing.assert_array_equal(np.concatenate(list(iter_blocks(spooled.samples))), memory.samples)
        # levelled from disk block by block: the same samples as the whole array
        settings = LoudnessSettings()
        leveled = reach_loudness(spooled, settings, -0.45).samples
        assert isinstance(leveled, Leveled)
        from_disk = np.concatenate(list(leveled.blocks(10_000)))
        np.testing.assert_allclose(from_disk, reach_loudness(memory, settings, -0.45).samples, atol=1e-6)
        assert leveled.result_lufs == pytest.approx(settings.mono_target_lufs, abs=0.5)
        assert measure_stream(spool, rate) == pytest.approx(measure_lufs(memory.samples, rate), abs=0.05)


@pytest.mark.parametrize("highpass_hz,reaches", [(60.0, True), (0.0, False)])
def test_a_rumbling_voice_still_reaches_the_target(highpass_hz, reaches, caplog):
    # issue 13: a voice whose output is mostly DC or sub-bass gave −29 LUFS without a word
    x, rate = speech()
    t = np.arange(x.size) / rate
    damaged = (x + 0.8 + 0.1 * np.sin(2 * np.pi * 20 * t)).astype(np.float32)
    settings = LoudnessSettings(highpass_hz=highpass_hz)
    with caplog.at_level(logging.WARNING, logger="narrate.sound.loudness"):
        out = reach_loudness(Episode(damaged, rate, (), ()), settings)
    off = measure_lufs(out.samples, rate) - settings.mono_target_lufs
    if reaches:
        assert abs(off) <= 0.5 and not caplog.records
    else:
        assert off < -1.0
        [record] = caplog.records
        assert "below the target" in record.getMessage() and "true-peak ceiling" in record.getMessage()
        assert f"{abs(off):.1f} LU" in record.getMessage()


def _clicks(amplitude: float) -> tuple[np.ndarray, int]:
    """A broken voice that only clicks, ten times a second."""
    rate = 22050
    x = np.zeros(rate * 10, np.float32)
    x[:: rate // 10] = amplitude
    return x, rate


@pytest.mark.parametrize("amplitude,why", [(0.05, "the voice is nearly silent ("),
                                           (0.2, "peaks are high for its loudness")])
def test_a_missed_target_is_logged_with_how_far_and_why(amplitude, why, caplog):
    x, rate = _clicks(amplitude)
    with caplog.at_level(logging.WARNING, logger="narrate.sound.loudness"):
        out = reach_loudness(Episode(x, rate, (), ()), LoudnessSettings())
    off = measure_lufs(out.samples, rate) - LoudnessSettings().mono_target_lufs
    assert off < -1.0
    [record] = caplog.records
    far = re.search(r"is ([\d.]+) LU below the target -19.0 LUFS", record.getMessage())
    assert far and float(far.group(1)) == pytest.approx(-off, abs=0.11)
    assert why in record.getMessage()
