"""Sentence-timed transcripts beside an MP3: WebVTT cues and Podcasting 2.0 JSON chapters.

Times come from the assembled episode's sample counts (exact to the sample); the MP3 carries a
Xing/LAME header, so a decoder that trims the encoder delay plays sample n at n / sample_rate.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from narrate.atomic import write_text_atomic
from narrate.errors import InputError
from narrate.sound.export import ChapterTimes

if TYPE_CHECKING:
    from narrate.pipeline import Outcome

log = logging.getLogger(__name__)

CHAPTERS_VERSION = "1.2.0"  # Podcasting 2.0 JSON chapters format
VTT_SUFFIX = ".vtt"
CHAPTERS_SUFFIX = ".chapters.json"

_SPACES = re.compile(r"\s+")
_TIMING = re.compile(r"^(\S+)\s+-->\s+(\S+)")
_TIMESTAMP = re.compile(r"^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})$")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Cue:
    """One sentence of a transcript: seconds from the start of the audio, text as written."""

    start_s: float
    end_s: float
    text: str
    chapter_index: int = 0


@dataclass(frozen=True)
class ChapterEntry:
    """One entry of a JSON chapters file (seconds)."""

    start_s: float
    title: str
    end_s: float | None = None


def transcript_paths(mp3: Path) -> tuple[Path, Path]:
    """Where the VTT and the JSON chapters of `mp3` live: ARTICLE.vtt, ARTICLE.chapters.json."""
    return mp3.with_suffix(VTT_SUFFIX), mp3.with_suffix(CHAPTERS_SUFFIX)


def vtt_timestamp(seconds: float) -> str:
    """HH:MM:SS.mmm, rounded to the millisecond; negative times clamp to zero."""
    total_ms = max(int(round(seconds * 1000)), 0)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def escape_vtt_text(text: str) -> str:
    """One line of cue text: whitespace collapsed, & < > as entities (so no tag and no "-->")."""
    flat = _SPACES.sub(" ", text).strip()
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cues_from_outcome(outcome: Outcome) -> list[Cue]:
    """One cue per spoken sentence (headline and chapter titles included), in script order."""
    rate = outcome.sample_rate
    return [Cue(s.start_sample / rate, s.end_sample / rate, s.text, s.chapter_index)
            for s in outcome.spans]


def build_vtt(cues: Sequence[Cue], chapter_titles: Sequence[str]) -> str:
    """A WebVTT document; a NOTE naming the chapter precedes the first cue of each chapter."""
    blocks = ["WEBVTT\nKind: captions\nLanguage: de"]
    noted: set[int] = set()
    for number, cue in enumerate(cues, start=1):
        index = cue.chapter_index
        if index not in noted and 0 <= index < len(chapter_titles):
            noted.add(index)
            blocks.append(f"NOTE Kapitel {index + 1}: {escape_vtt_text(chapter_titles[index])}")
        timing = f"{vtt_timestamp(cue.start_s)} --> {vtt_timestamp(cue.end_s)}"
        blocks.append(f"{number}\n{timing}\n{escape_vtt_text(cue.text)}")
    return "\n\n".join(blocks) + "\n"


def build_chapters_json(chapters: Iterable[ChapterTimes]) -> str:
    """Podcasting 2.0 JSON chapters: startTime/endTime in seconds, exactly the CHAP frames' ms."""
    entries = [{"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
               for c in chapters]
    return json.dumps({"version": CHAPTERS_VERSION, "chapters": entries}, ensure_ascii=False,
                      indent=2) + "\n"


def write_transcript(outcome: Outcome, dest_mp3: Path) -> tuple[Path, Path]:
    """Write ARTICLE.vtt and ARTICLE.chapters.json beside `dest_mp3`; returns both paths.

    The VTT has one cue per sentence the voice spoke (`Script.sentence_count()` when no sentence
    came out silent); a sentence the voice produced no audio for has no time, hence no cue.
    """
    vtt_path, json_path = transcript_paths(Path(dest_mp3))
    titles = [c.title for c in outcome.chapters]
    cues = cues_from_outcome(outcome)
    if len(cues) != outcome.script.sentence_count():
        log.warning("%s: %d cues for %d sentences (silent sentences have no cue)",
                    dest_mp3, len(cues), outcome.script.sentence_count())
    write_text_atomic(vtt_path, build_vtt(cues, titles))
    write_text_atomic(json_path, build_chapters_json(outcome.chapters))
    return vtt_path, json_path


def parse_vtt_timestamp(stamp: str) -> float:
    """Seconds of a WebVTT timestamp ([HH:]MM:SS.mmm); ValueError when malformed."""
    match = _TIMESTAMP.match(stamp)
    if match is None:
        raise ValueError(f"not a WebVTT timestamp: {stamp!r}")
    hours, minutes, secs, ms = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + secs + ms / 1000


def parse_vtt(text: str) -> list[Cue]:
    """Cues of a WebVTT document, text unescaped and tags dropped; chapter index from NOTE blocks."""
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise ValueError("not a WebVTT file (no WEBVTT header)")
    cues: list[Cue] = []
    chapter = 0
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())[1:]:
        lines = block.split("\n")
        note = re.match(r"NOTE Kapitel (\d+):", lines[0])
        if note:
            chapter = int(note.group(1)) - 1
        timing_at = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if lines[0].startswith(("NOTE", "STYLE", "REGION")) or timing_at is None:
            continue
        match = _TIMING.match(lines[timing_at])
        if match is None:
            continue
        body = " ".join(lines[timing_at + 1:])
        cues.append(Cue(parse_vtt_timestamp(match.group(1)), parse_vtt_timestamp(match.group(2)),
                        html.unescape(_TAG.sub("", body)), chapter))
    return cues


def read_vtt(path: Path) -> list[Cue]:
    """The cues of a VTT file; InputError when it cannot be read or parsed."""
    try:
        return parse_vtt(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"cannot read the transcript {path} ({exc}); run narrate --transcript again") from exc


def read_chapters_json(path: Path) -> list[ChapterEntry]:
    """The chapters of a Podcasting 2.0 JSON chapters file; InputError when malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [ChapterEntry(float(c["startTime"]), str(c.get("title", "")),
                             float(c["endTime"]) if "endTime" in c else None)
                for c in data["chapters"]]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the chapters {path} ({exc}); run narrate --transcript again") from exc
