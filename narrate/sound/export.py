"""MP3 encoding (ffmpeg/LAME), ID3v2.3 tags and CHAP/CTOC chapters; written atomically."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from mutagen import MutagenError
from mutagen.id3 import (
    CHAP, COMM, CTOC, ID3, TALB, TDRC, TEXT, TIT2, TLAN, TPE1, TSSE, TXXX, WOAS, CTOCFlags,
)

from narrate import __version__
from narrate.atomic import atomic_path
from narrate.config import ExportSettings
from narrate.errors import OutputError, ToolFailedError
from narrate.models import Episode, SampleSource
from narrate.sound.spool import iter_blocks, no_space_error
from narrate.tools import feed_tool

log = logging.getLogger(__name__)

NO_OFFSET = 0xFFFFFFFF  # CHAP byte offsets unused: players seek by time
MAX_CHAPTER_TITLE_CHARS = 120
_NO_SPACE = os.strerror(errno.ENOSPC)  # what ffmpeg, mutagen and the OS say when the disk is full
SYNTHESIS_COMMENT = "Diese Audioversion wurde künstlich generiert (Sprachsynthese, Stimme: {voice})."


@dataclass(frozen=True)
class Tags:
    title: str
    voice: str
    album: str = ""  # source site
    date: str = ""  # ISO 8601
    author: str = ""  # the article's author (TEXT: text writer)
    url: str = ""  # the article's address (WOAS: official source webpage)
    extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # TXXX description → value


@dataclass(frozen=True)
class ChapterTimes:
    title: str
    start_ms: int
    end_ms: int


def chapter_times(episode: Episode) -> list[ChapterTimes]:
    """Chapter marks in ms at export: each ends where the next starts, the last at the end."""
    end_ms = int(round(len(episode.samples) * 1000 / episode.sample_rate))
    starts = [int(round(m.start_sample * 1000 / episode.sample_rate)) for m in episode.chapters]
    ends = starts[1:] + [end_ms]
    return [ChapterTimes(m.title, s, e) for m, s, e in zip(episode.chapters, starts, ends)]


def encode_mp3(samples: np.ndarray | SampleSource, sample_rate: int, settings: ExportSettings,
               dest: Path) -> None:
    """Encode mono float32 samples to CBR MP3 at `dest` (a seekable file, so LAME writes Xing/Info).

    The samples reach ffmpeg block by block through its stdin; a full disk is one OutputError.
    """
    args = [
        "-nostdin", "-hide_banner", "-v", "error", "-y",
        "-f", "f32le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0",
        "-af", f"aresample={settings.sample_rate}:resampler=soxr",
        "-c:a", "libmp3lame", "-b:a", f"{settings.bitrate_kbps}k", "-ac", "1",
        "-write_xing", "1", "-id3v2_version", "0", "-write_id3v1", "0",
        "-map_metadata", "-1", "-f", "mp3", str(dest),
    ]
    chunks = (np.ascontiguousarray(block, dtype="<f4").tobytes() for block in iter_blocks(samples))
    feed_tool("ffmpeg", args, chunks)


def write_tags(path: Path, tags: Tags, chapters: Sequence[ChapterTimes]) -> None:
    """Write every ID3v2.3 frame in one save (re-saving would re-sort CHAP frames by size)."""
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TPE1(encoding=3, text=tags.voice))
    if tags.album:
        id3.add(TALB(encoding=3, text=tags.album))
    if tags.author:
        id3.add(TEXT(encoding=3, text=tags.author))
    if tags.url:
        id3.add(WOAS(url=tags.url))
    id3.add(TLAN(encoding=3, text="deu"))
    if tags.date:
        id3.add(TDRC(encoding=3, text=tags.date))
    id3.add(COMM(encoding=3, lang="deu", desc="", text=SYNTHESIS_COMMENT.format(voice=tags.voice)))
    id3.add(TSSE(encoding=3, text=f"narrate {__version__} (ffmpeg libmp3lame)"))
    for desc, value in tags.extra:
        id3.add(TXXX(encoding=3, desc=desc, text=value))
    ids = [f"chp{i}" for i in range(len(chapters))]
    id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                 child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=tags.title)]))
    for element_id, chapter in zip(ids, chapters):
        title = chapter.title[:MAX_CHAPTER_TITLE_CHARS]
        id3.add(CHAP(element_id=element_id, start_time=chapter.start_ms, end_time=chapter.end_ms,
                     start_offset=NO_OFFSET, end_offset=NO_OFFSET,
                     sub_frames=[TIT2(encoding=3, text=title)]))
    id3.save(path, v2_version=3, v23_sep="/", padding=lambda info: 0)


def export_mp3(episode: Episode, dest: Path, tags: Tags, chapters: Sequence[ChapterTimes],
               settings: ExportSettings) -> Path:
    """Encode and tag into a temporary file beside `dest`, then rename: `dest` is never partial."""
    dest = Path(dest)
    try:
        with atomic_path(dest, suffix=".part.mp3") as tmp:
            encode_mp3(episode.samples, episode.sample_rate, settings, tmp)
            write_tags(tmp, tags, chapters)
    except (ToolFailedError, MutagenError, OutputError) as exc:
        if _NO_SPACE in str(exc) or _NO_SPACE in str(exc.__cause__ or ""):
            raise no_space_error(dest.parent, dest.name) from exc
        raise
    return dest
