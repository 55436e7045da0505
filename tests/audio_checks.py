"""Check a finished MP3 the way ../shared/AUDIO.md's recipe does, with tools independent of narrate."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyloudnorm
import soundfile
from mutagen.id3 import ID3, CTOCFlags
from scipy.signal import resample_poly

TARGET_MONO_LUFS = -19.0  # −16 LUFS stereo-equivalent
LOUDNESS_TOLERANCE_LU = 0.5
TRUE_PEAK_MAX_DBTP = -1.0


@dataclass(frozen=True)
class Mp3Facts:
    duration_s: float  # decoded, encoder delay and padding trimmed
    lufs: float  # BS.1770 integrated on the mono signal
    true_peak_dbtp: float
    chapters: list[dict]  # ffprobe's, sorted by start
    tags: ID3
    samples: np.ndarray
    sample_rate: int


def ffprobe(path: Path) -> dict:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
         "-show_chapters", str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def check_mp3(path: Path, expected_titles: list[str] | None = None, bitrate_kbps: int = 64,
              target_mono_lufs: float = TARGET_MONO_LUFS) -> Mp3Facts:
    """Assert every property of a finished narration file; return the measurements."""
    probe = ffprobe(path)
    (stream,) = probe["streams"]
    assert stream["codec_name"] == "mp3"
    assert stream["channels"] == 1
    assert stream["sample_rate"] == "44100"
    assert int(stream["bit_rate"]) == bitrate_kbps * 1000
    head = path.read_bytes()[:8192]
    assert b"Info" in head or b"Xing" in head, "no Xing/Info header in the first 8 KB"
    decode = subprocess.run(["ffmpeg", "-v", "error", "-xerror", "-i", str(path), "-f", "null", "-"],
                            capture_output=True, text=True)
    assert decode.returncode == 0 and decode.stderr == "", decode.stderr

    tags = ID3(path)
    assert tags.version[:2] == (2, 3), tags.version
    for frame in ("TIT2", "TPE1", "TLAN"):
        assert str(tags[frame]).strip(), frame
    assert str(tags["TLAN"]) == "deu"
    comments = " ".join(str(c) for c in tags.getall("COMM"))
    assert "künstlich generiert" in comments or "Sprachsynthese" in comments, comments

    samples, rate = soundfile.read(path, dtype="float64")
    assert samples.ndim == 1 and rate == 44100
    duration = len(samples) / rate
    chapters = sorted(probe["chapters"], key=lambda c: float(c["start_time"]))
    _check_chapter_frames(tags, duration)
    assert chapters and float(chapters[0]["start_time"]) == 0.0
    if expected_titles is not None:
        assert [c["tags"]["title"] for c in chapters] == expected_titles

    lufs = pyloudnorm.Meter(rate).integrated_loudness(samples)
    assert abs(lufs - target_mono_lufs) <= LOUDNESS_TOLERANCE_LU, lufs
    peak = np.max(np.abs(resample_poly(samples, 4, 1)))
    true_peak = 20 * np.log10(peak)
    assert true_peak <= TRUE_PEAK_MAX_DBTP, true_peak
    return Mp3Facts(duration, lufs, true_peak, chapters, tags, samples, rate)


def _check_chapter_frames(tags: ID3, duration_s: float) -> None:
    """One top-level ordered CTOC listing every CHAP; starts from 0, no gaps, last ends at the end."""
    (toc,) = tags.getall("CTOC")
    assert toc.flags & CTOCFlags.TOP_LEVEL and toc.flags & CTOCFlags.ORDERED
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    assert sorted(toc.child_element_ids) == sorted(chaps)
    ordered = [chaps[i] for i in toc.child_element_ids]
    assert ordered[0].start_time == 0
    for before, after in zip(ordered, ordered[1:]):
        assert before.end_time == after.start_time and after.start_time > before.start_time
    assert abs(ordered[-1].end_time - duration_s * 1000) <= 30, (ordered[-1].end_time, duration_s)
    for chap in ordered:
        assert "TIT2" in chap.sub_frames and str(chap.sub_frames["TIT2"]).strip()
