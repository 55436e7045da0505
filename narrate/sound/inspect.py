"""What a finished MP3 holds: duration, chapters, loudness and true peak, measured on the decode."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import soundfile
from mutagen.id3 import ID3, ID3NoHeaderError

from narrate.errors import InputError
from narrate.sound.meter import LoudnessMeter
from narrate.sound.peaks import PEAK_CONTEXT, true_peak_dbtp
from narrate.sound.spool import BLOCK_SAMPLES


@dataclass(frozen=True)
class ChapterInfo:
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Mp3Report:
    title: str
    duration_s: float  # decoded length (encoder delay and padding trimmed)
    chapters: tuple[ChapterInfo, ...]
    integrated_lufs: float  # BS.1770 on the mono signal
    true_peak_dbtp: float


def read_chapters(path: Path) -> tuple[str, tuple[ChapterInfo, ...]]:
    """The title and CHAP frames of an MP3's ID3 tag, sorted by start time."""
    try:
        tag = ID3(path)
    except ID3NoHeaderError:
        return "", ()
    title = str(tag["TIT2"]) if "TIT2" in tag else ""
    chapters = []
    for frame in tag.getall("CHAP"):
        sub = frame.sub_frames.get("TIT2")
        chapters.append(ChapterInfo(str(sub) if sub else frame.element_id, frame.start_time, frame.end_time))
    return title, tuple(sorted(chapters, key=lambda c: c.start_ms))


def _measure(path: Path) -> tuple[float, float, float]:
    """Decoded seconds, integrated LUFS and true peak (dBTP), decoding block by block.

    Blocks overlap by twice the oversampling filter's reach, so no inter-sample peak at an edge is
    missed; the meter sees each sample once.
    """
    meter, peak, frames = None, float("-inf"), 0
    with soundfile.SoundFile(path) as sound:
        rate, overlap = sound.samplerate, 2 * PEAK_CONTEXT
        meter = LoudnessMeter(rate)
        for block in sound.blocks(BLOCK_SAMPLES, overlap=overlap, dtype="float32", always_2d=True):
            mono = block.mean(axis=1)
            fresh = mono if frames == 0 else mono[overlap:]
            meter.add(fresh)
            frames += fresh.size
            peak = max(peak, true_peak_dbtp(mono))
    return frames / rate, meter.integrated(), peak


def inspect_mp3(path: Path) -> Mp3Report:
    """Decode the file block by block and measure it; InputError when it is not a readable MP3."""
    if not path.is_file():
        raise InputError(f"{path} does not exist; give the path of an MP3 file")
    try:
        seconds, lufs, peak = _measure(path)
    except (RuntimeError, soundfile.LibsndfileError) as exc:
        raise InputError(f"{path} is not a readable MP3 ({exc}); give an MP3 written by narrate") from exc
    title, chapters = read_chapters(path)
    return Mp3Report(title, seconds, chapters, lufs, peak)
