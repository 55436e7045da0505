"""MP3 export of a known episode: the AUDIO.md recipe, atomic writes, chapter times."""

import os

import numpy as np
import pytest

from audio_checks import check_mp3
from narrate.config import ExportSettings, LoudnessSettings
from narrate.errors import OutputError, ToolFailedError
from narrate.sound.export import Tags, chapter_times, export_mp3
from narrate.sound.loudness import reach_loudness
from narrate.models import ChapterMark, Episode

RATE = 22050


def speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    """Noise bursts with gaps: loud enough to gate in, with peaks for the limiter."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(int(RATE * seconds)).astype(np.float32) * 0.2
    envelope = (np.sin(np.linspace(0, 40 * np.pi, x.size)) > -0.3).astype(np.float32)
    return x * envelope


def episode(seconds=8.0, marks=((("Titel", 0), ("Zweites Kapitel", 4 * RATE))),) -> Episode:
    return Episode(speechlike(seconds), RATE, tuple(ChapterMark(t, s) for t, s in marks), ())


def test_exported_file_passes_the_audio_recipe(tmp_path):
    ep = reach_loudness(episode(), LoudnessSettings(), ExportSettings().encoder_gain_db)
    dest = tmp_path / "out.mp3"
    export_mp3(ep, dest, Tags("Titel", "tone", "Testseite", "2026-11-24"), chapter_times(ep), ExportSettings())
    facts = check_mp3(dest, ["Titel", "Zweites Kapitel"])
    assert facts.duration_s == pytest.approx(8.0, abs=0.03)
    assert float(facts.chapters[1]["start_time"]) == pytest.approx(4.0, abs=0.001)
    assert str(facts.tags["TALB"]) == "Testseite"
    assert [p.name for p in tmp_path.iterdir()] == ["out.mp3"]


@pytest.mark.parametrize("bitrate", [48, 128])
def test_bitrate_setting_is_honoured(tmp_path, bitrate):
    settings = ExportSettings(bitrate_kbps=bitrate)
    ep = reach_loudness(episode(), LoudnessSettings(), settings.encoder_gain_db)
    dest = tmp_path / "out.mp3"
    export_mp3(ep, dest, Tags("Titel", "tone"), chapter_times(ep), settings)
    check_mp3(dest, bitrate_kbps=bitrate)


def test_chapter_times_tile_the_episode():
    ep = episode(marks=(("a", 0), ("b", RATE), ("c", 3 * RATE)))
    times = chapter_times(ep)
    assert [(c.start_ms, c.end_ms) for c in times] == [(0, 1000), (1000, 3000), (3000, 8000)]


def test_a_failed_encode_leaves_no_file(tmp_path):
    # an unknown sample rate makes ffmpeg's resampler fail mid-export
    broken = Episode(speechlike(1.0), 0, (ChapterMark("a", 0),), ())
    dest = tmp_path / "out.mp3"
    with pytest.raises(ToolFailedError, match="ffmpeg"):
        export_mp3(broken, dest, Tags("a", "tone"), [], ExportSettings())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_unwritable_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    with pytest.raises(OutputError, match="cannot write"):
        export_mp3(episode(), folder / "x.mp3", Tags("a", "tone"), [], ExportSettings())


def test_output_inside_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        export_mp3(episode(), blocker / "x.mp3", Tags("a", "tone"), [], ExportSettings())


def test_bitrate_is_validated():
    from narrate.errors import SettingsError

    with pytest.raises(SettingsError, match="--bitrate"):
        ExportSettings(bitrate_kbps=65)
