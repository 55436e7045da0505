"""What an unlucky narration meets: a voice returning NaN/inf or silence, a disk too small or full.

The disk cases run on a real tmpfs mounted by the test (skipped with the reason when mounting is
not allowed here); the CLI cases run the real `narrate` command with espeak-ng.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from narrate.config import ExportSettings, Settings, VoiceSettings
from narrate.errors import OutputError, VoiceError
from narrate.models import ChapterMark, Episode
from narrate.pipeline import Narrator
from narrate.sound.export import Tags, export_mp3
from narrate.sound.spool import Spool
from tone_engine import ToneEngine

ARTICLE = """Der Zug fällt heute aus

Die Bahn meldet am Morgen einen Ausfall auf der Strecke. Reisende müssen mit Verspätungen rechnen.

Der Zug ist heute kaputt gegangen. Ein Ersatzverkehr mit Bussen ist eingerichtet.
"""
BAD_SENTENCE = "Der Zug ist heute kaputt gegangen."


class FaultyEngine(ToneEngine):
    """The tone engine, except for chunks containing `word`, which come back as `value`."""

    def __init__(self, word: str, value: float) -> None:
        super().__init__()
        self.word, self.value = word, value

    def synthesize(self, spoken_text: str) -> np.ndarray:
        samples = super().synthesize(spoken_text)
        if self.word in spoken_text:
            samples[len(samples) // 2] = self.value
        return samples


class QuietEngine(ToneEngine):
    """The tone engine scaled to `level` (0: digital silence)."""

    def __init__(self, level: float) -> None:
        super().__init__()
        self.level = level

    def synthesize(self, spoken_text: str) -> np.ndarray:
        return (super().synthesize(spoken_text) * self.level).astype(np.float32)


class DictCache:
    """A sentence cache in a dict, to see what the narrator decides to keep."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], np.ndarray] = {}

    def get(self, engine_key: str, spoken: str) -> np.ndarray | None:
        return self.entries.get((engine_key, spoken))

    def put(self, engine_key: str, spoken: str, samples: np.ndarray) -> None:
        self.entries[(engine_key, spoken)] = samples


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "zug.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_a_voice_returning_bad_samples_fails_naming_the_sentence(article, tmp_path, value):
    cache = DictCache()
    narrator = Narrator(FaultyEngine("kaputt", value), Settings(), cache=cache)
    out = tmp_path / "out"
    with pytest.raises(VoiceError, match="NaN or infinite") as caught:
        narrator.narrate_file(article, out / "zug.mp3")
    assert BAD_SENTENCE in str(caught.value) and "\n" not in str(caught.value)
    assert not any("kaputt" in spoken for _, spoken in cache.entries)  # never cached
    assert cache.entries  # the good sentences before it were
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("level", [0.0, 1e-7])
def test_an_all_silent_voice_fails_instead_of_writing_a_short_mp3(article, tmp_path, level):
    # issue 13: all-silent audio became a 1-second MP3 with 0 chapters and exit 0
    narrator = Narrator(QuietEngine(level), Settings())
    out = tmp_path / "out"
    with pytest.raises(VoiceError, match="only silence"):
        narrator.narrate_file(article, out / "zug.mp3")
    assert not out.exists() or list(out.iterdir()) == []


@pytest.fixture
def small_disk(tmp_path):
    """mount(size_kb) → a folder on a fresh tmpfs of that size; unmounted afterwards."""
    mounted: list[Path] = []

    def mount(size_kb: int) -> Path:
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode}); "
                        "the disk-full cases need root")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=False)


def test_audio_that_would_not_fit_is_refused_before_synthesis(article, small_disk):
    disk = small_disk(256)
    engine = ToneEngine()
    with pytest.raises(OutputError, match="not enough free space") as caught:
        Narrator(engine, Settings()).narrate_file(article, disk / "zug.mp3")
    assert engine.calls == []  # before any synthesis
    assert "MB needed" in str(caught.value) and "choose another -o" in str(caught.value)
    assert list(disk.iterdir()) == []


def test_a_slower_rate_needs_more_room(article, small_disk):
    disk = small_disk(256)
    minutes = {}
    for rate in (1.0, 0.5):
        with pytest.raises(OutputError, match="not enough free space") as caught:
            Narrator(ToneEngine(), Settings(voice=VoiceSettings(rate=rate))).narrate_file(article, disk / "zug.mp3")
        minutes[rate] = float(re.search(r"up to ([0-9.]+) min", str(caught.value)).group(1))
    assert minutes[0.5] > 1.5 * minutes[1.0], minutes  # --rate 0.5 speaks twice as long


def test_a_full_disk_while_encoding_is_one_line_with_advice(small_disk):
    disk = small_disk(128)
    rng = np.random.default_rng(0)
    samples = (0.2 * rng.standard_normal(22050 * 60)).astype(np.float32)  # 60 s: ~480 KB of MP3
    episode = Episode(samples, 22050, (ChapterMark("a", 0),), ())
    with pytest.raises(OutputError) as caught:
        export_mp3(episode, disk / "x.mp3", Tags("a", "tone"), [], ExportSettings())
    message = str(caught.value)
    assert "no space left" in message and "free some space" in message and "x.mp3" in message
    assert "\n" not in message and "ffmpeg" not in message
    assert list(disk.iterdir()) == []


def test_a_full_disk_while_spooling_is_one_line_with_advice(small_disk):
    disk = small_disk(64)
    with Spool(disk) as spool, pytest.raises(OutputError, match="no space left .* free some space"):
        for _ in range(10):
            spool.write(np.zeros(16_384, np.float32))
    assert list(disk.iterdir()) == []


def test_cli_refuses_a_disk_too_small_in_one_line(article, small_disk):
    disk = small_disk(64)
    done = subprocess.run([sys.executable, "-m", "narrate", str(article), "-o", str(disk / "zug.mp3"),
                           "--voice", "espeak-de"], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1 and "not enough free space" in errors[0], done.stderr
    assert list(disk.iterdir()) == []


def test_a_cached_entry_with_nan_is_spoken_again(article, tmp_path, caplog):
    cache, engine = DictCache(), ToneEngine()
    narrator = Narrator(engine, Settings(), cache=cache)
    narrator.narrate_file(article, tmp_path / "first.mp3")
    key = next(k for k in cache.entries if "kaputt" in k[1])
    cache.entries[key] = np.full(1000, np.nan, np.float32)  # as an older cache may hold it
    engine.calls.clear()
    outcome = narrator.narrate_file(article, tmp_path / "second.mp3")
    assert engine.calls == [key[1]] and outcome.chunks_synthesized == 1
    assert np.all(np.isfinite(cache.entries[key]))
    assert "NaN or infinite" in caplog.text
