"""The narrated articles in an output folder: each MP3 with its tags, duration and sidecars."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import soundfile
from mutagen import MutagenError
from mutagen.mp3 import MP3

from narrate.errors import InputError
from narrate.listen.transcript import ChapterEntry, Cue, read_chapters_json, read_vtt, transcript_paths
from narrate.sound.inspect import read_chapters

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One narrated article found in the output folder, with what its tags and sidecars say."""

    path: Path  # the MP3
    rel: str  # its path relative to the folder, '/'-separated
    title: str
    date: str  # ISO 8601 as tagged (TDRC), or ""
    site: str
    author: str
    url: str  # the article's address (WOAS), or ""
    voice: str
    duration_s: float  # audio length with encoder delay and padding removed
    size_bytes: int
    mtime: float  # seconds since the epoch
    chapters: tuple[ChapterEntry, ...]
    cues: tuple[Cue, ...]
    vtt_rel: str | None  # the transcript beside the MP3, when there is one
    chapters_rel: str | None


def _is_listed(path: Path, root: Path) -> bool:
    """Hidden files and folders (temporary `.name.part.mp3` included) are not articles."""
    parts = path.relative_to(root).parts
    return not any(p.startswith(".") for p in parts) and not path.name.endswith(".part.mp3")


def _text_frame(tags, frame_id: str) -> str:
    frame = tags.get(frame_id) if tags is not None else None
    return str(frame).strip() if frame is not None else ""


def _chapters_of(path: Path, json_path: Path) -> tuple[ChapterEntry, ...]:
    """From the JSON chapters beside the MP3, else from its CHAP frames."""
    if json_path.is_file():
        try:
            return tuple(read_chapters_json(json_path))
        except InputError as exc:
            log.warning("%s; using the MP3's own chapters", exc)
    _, chapters = read_chapters(path)
    return tuple(ChapterEntry(c.start_ms / 1000, c.title, c.end_ms / 1000) for c in chapters)


def _duration_s(path: Path, audio: MP3) -> float:
    """What a decoder plays: libsndfile honours the LAME header's delay and padding exactly
    (mutagen's length is a frame or so longer); mutagen's value when libsndfile cannot say."""
    try:
        return float(soundfile.info(str(path)).duration)
    except (RuntimeError, soundfile.LibsndfileError):
        return float(audio.info.length)


def read_entry(path: Path, root: Path) -> Entry | None:
    """One MP3 with its tags, duration and sidecars; None (and a warning) when it is unreadable."""
    try:
        audio = MP3(path)
    except (MutagenError, OSError) as exc:
        log.warning("skipped %s: not a readable MP3 (%s)", path, exc)
        return None
    tags, stat = audio.tags, path.stat()
    vtt_path, json_path = transcript_paths(path)
    cues: tuple[Cue, ...] = ()
    if vtt_path.is_file():
        try:
            cues = tuple(read_vtt(vtt_path))
        except InputError as exc:
            log.warning("%s; the page shows no transcript for it", exc)
    url_frame = tags.get("WOAS") if tags is not None else None
    return Entry(
        path=path, rel=path.relative_to(root).as_posix(),
        title=_text_frame(tags, "TIT2") or path.stem, date=_text_frame(tags, "TDRC"),
        site=_text_frame(tags, "TALB"), author=_text_frame(tags, "TEXT"),
        url=url_frame.url if url_frame is not None else "", voice=_text_frame(tags, "TPE1"),
        duration_s=_duration_s(path, audio), size_bytes=stat.st_size, mtime=stat.st_mtime,
        chapters=_chapters_of(path, json_path), cues=cues,
        vtt_rel=vtt_path.relative_to(root).as_posix() if vtt_path.is_file() else None,
        chapters_rel=json_path.relative_to(root).as_posix() if json_path.is_file() else None,
    )


def scan_entries(root: Path) -> list[Entry]:
    """Every listed MP3 under `root` (recursively), newest date first, then by path."""
    paths = sorted(p for p in root.rglob("*.mp3") if p.is_file() and _is_listed(p, root))
    entries = [e for e in (read_entry(p, root) for p in paths) if e is not None]
    entries.sort(key=lambda e: e.rel)
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries
