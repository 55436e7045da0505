"""Convert many articles: walk folders, mirror the tree, skip what is up to date, run workers.

The record of what an MP3 was made from (a digest of its script and every setting that changes the
audio) lives in the MP3's own ID3 tags, so it cannot drift from the file. Voices are loaded once
per worker process; each article's failure is reported and the others go on.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath
from typing import Final

from narrate import __version__
from narrate.atomic import write_text_atomic
from narrate.config import GPUS_PER_WORKER_RANGE, LOCAL_CLUSTER, MAX_JOBS, Settings
from narrate.errors import NarrateError, OutputError, SettingsError
from narrate.models import Script

log = logging.getLogger(__name__)

SOURCE_SUFFIXES: Final = (".txt", ".md", ".html")
RECORD_TAG: Final = "narrate:source"  # TXXX description of the record
RECORD_FORMAT: Final = "1"
# Pages narrate writes itself (the --site index) carry this and are never taken for articles.
GENERATOR_MARK: Final = b'name="generator" content="narrate'
_SNIFF_BYTES = 4096

WRITTEN, SKIPPED, FAILED = "written", "skipped", "failed"
_CLUSTER_ADDRESS = re.compile(r"(ray://)?[\w.-]+:\d{1,5}")


@dataclass(frozen=True)
class Job:
    source: Path
    dest: Path  # the MP3


@dataclass(frozen=True)
class BatchOptions:
    jobs: int | None = None  # worker processes; None: what suits the voice and the cores
    force: bool = False  # redo articles whose MP3 is up to date
    transcript: bool = False  # also ARTICLE.vtt and ARTICLE.chapters.json
    glob: str | None = None  # narrows what folders contribute, e.g. "*.md"
    cluster: str | None = None  # Ray: "ray" (local, for this run), "auto", "ray://HOST:PORT", "HOST:PORT"
    gpus_per_worker: float = 0.0  # GPUs each cluster worker asks Ray for

    def __post_init__(self) -> None:
        if self.jobs is not None and not 1 <= self.jobs <= MAX_JOBS:
            raise SettingsError(f"--jobs must be between 1 and {MAX_JOBS}, got {self.jobs}")
        if self.cluster is not None and not (self.cluster in (LOCAL_CLUSTER, "auto")
                                             or _CLUSTER_ADDRESS.fullmatch(self.cluster)):
            raise SettingsError(f"--cluster must be {LOCAL_CLUSTER} (a local Ray for this run), auto, "
                                f"ray://HOST:PORT or HOST:PORT, got {self.cluster!r}")
        low, high = GPUS_PER_WORKER_RANGE
        if not low <= self.gpus_per_worker <= high:
            raise SettingsError(f"--gpus-per-worker must be between {low:g} and {high:g}, "
                                f"got {self.gpus_per_worker:g}")
        if self.gpus_per_worker and self.cluster is None:
            raise SettingsError("--gpus-per-worker is for cluster workers; add --cluster")


@dataclass(frozen=True)
class ArticleResult:
    """What happened to one article; `sentences_*` count synthesis chunks (a long sentence is several)."""

    source: Path
    output: Path | None
    status: str  # written | skipped | failed
    error: str = ""  # why it failed, or why it was skipped
    sentences_synthesized: int = 0
    sentences_cached: int = 0
    seconds: float = 0.0  # wall time spent on it
    duration_s: float = 0.0  # audio written

    def to_dict(self) -> dict:
        """One entry of the --report JSON."""
        return {"source": str(self.source), "output": str(self.output) if self.output else None,
                "status": self.status, "error": self.error or None,
                "sentences_synthesized": self.sentences_synthesized,
                "sentences_cached": self.sentences_cached, "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class BatchPlanned:
    """Sent once the up-to-date check is done: what is left to convert."""

    files: int
    to_convert: int
    sentences: int  # sentences to speak (cached or synthesised)


@dataclass(frozen=True)
class ArticleProgress:
    source: Path
    done: int  # sentences of this article spoken so far
    total: int


@dataclass(frozen=True)
class ArticleDone:
    result: ArticleResult


BatchEvent = BatchPlanned | ArticleProgress | ArticleDone
EventCallback = Callable[[BatchEvent], None]


@dataclass(frozen=True)
class BatchResult:
    results: tuple[ArticleResult, ...]  # in the order of the inputs
    seconds: float

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return any(r.status == FAILED for r in self.results)


# ── inputs → jobs ────────────────────────────────────────────────────────────


def _is_own_page(path: Path) -> bool:
    if path.suffix.lower() != ".html":
        return False
    try:
        with path.open("rb") as handle:
            return GENERATOR_MARK in handle.read(_SNIFF_BYTES)
    except OSError:
        return False


def walk_folder(folder: Path, glob: str | None, skip: Path | None = None) -> Iterator[Path]:
    """Article files under `folder`, sorted; hidden entries, `skip`'s subtree and our pages left out."""
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d) != skip)
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in SOURCE_SUFFIXES:
                continue
            if glob and not PurePath(path.relative_to(folder)).match(glob):
                continue
            if not _is_own_page(path):
                yield path


def collect_jobs(paths: Sequence[Path], output: Path | None, glob: str | None) -> list[Job]:
    """Files as given, folders walked; `FOLDER/a/b.md` → `OUTPUT/a/b.mp3`, or beside the input.

    A single file with `-o X.mp3` goes to X.mp3; otherwise `output` is a folder.
    """
    several = len(paths) > 1 or any(p.is_dir() for p in paths)
    if output is not None and several and output.suffix.lower() == ".mp3" and not output.is_dir():
        raise SettingsError(f"-o {output} names an MP3 file, but several articles are converted; "
                            "give a folder")
    jobs = []
    for path in paths:
        if path.is_dir():
            skip = output.resolve() if output is not None else None
            for source in walk_folder(path, glob, skip if skip != path.resolve() else None):
                rel = source.relative_to(path).with_suffix(".mp3")
                jobs.append(Job(source, (output / rel) if output is not None else path / rel))
        elif output is None:
            jobs.append(Job(path, path.with_suffix(".mp3")))
        elif output.suffix.lower() == ".mp3" and not several and not output.is_dir():
            jobs.append(Job(path, output))
        else:
            jobs.append(Job(path, output / f"{path.stem}.mp3"))
    return jobs


def split_clashes(jobs: list[Job]) -> tuple[list[Job], list[ArticleResult]]:
    """Two inputs bound for one MP3 (a.md and a.txt): the first wins, the second fails."""
    seen: dict[Path, Path] = {}
    kept, clashes = [], []
    for job in jobs:
        key = job.dest.resolve()
        if key in seen:
            message = f"its MP3 {job.dest} would overwrite the one made from {seen[key]}; rename one"
            clashes.append(ArticleResult(job.source, None, FAILED, message))
        else:
            seen[key] = job.source
            kept.append(job)
    return kept, clashes


# ── the record of what an MP3 was made from ──────────────────────────────────


def make_record(script: Script, settings: Settings, engine_key: str, voice: str) -> str:
    """A digest of everything the MP3 depends on: text, chunks, voice, audio settings, version.

    The lexicon counts through the spoken text it produces, so moving the lexicon file changes
    nothing, while editing an entry that an article uses redoes that article.
    """
    payload = {
        "script": script.to_dict(), "meta": asdict(script.meta),
        "chunks": [list(s.chunks) for s in script.spoken_order()],
        "voice": voice, "engine": engine_key, "version": __version__,
        "pauses": asdict(settings.pauses), "loudness": asdict(settings.loudness),
        "export": asdict(settings.export),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"{RECORD_FORMAT}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def read_record(mp3: Path) -> str | None:
    """The record stored in an MP3's tags; None when the file is missing, untagged or not ours."""
    from mutagen import MutagenError
    from mutagen.id3 import ID3

    try:
        frames = ID3(mp3).getall(f"TXXX:{RECORD_TAG}")
    except (MutagenError, OSError):
        return None
    return str(frames[0].text[0]) if frames and frames[0].text else None


def companions(dest: Path) -> tuple[Path, ...]:
    """The transcript files that belong beside an MP3 made with --transcript."""
    from narrate.listen.transcript import transcript_paths

    return tuple(transcript_paths(dest))


def is_up_to_date(dest: Path, record: str, transcript: bool) -> bool:
    """The MP3 exists, was made from exactly this record, and has its transcript when asked."""
    if read_record(dest) != record:
        return False
    return not transcript or all(p.is_file() for p in companions(dest))


@contextmanager
def output_lock(dest: Path) -> Iterator[bool]:
    """Hold `.NAME.mp3.lock` beside the MP3; yields False when another run is writing it."""
    lock = dest.with_name(f".{dest.name}.lock")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot write into {dest.parent} ({exc.strerror}); choose another -o") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            lock.unlink(missing_ok=True)
    finally:
        os.close(fd)


# ── one article ──────────────────────────────────────────────────────────────


def convert_one(narrator, engine_key: str, job: Job, options: BatchOptions,
                progress: Callable | None = None) -> ArticleResult:
    """Narrate one article unless it is up to date; every failure becomes a `failed` result."""
    start = time.perf_counter()
    try:
        with output_lock(job.dest) as mine:
            if not mine:
                return ArticleResult(job.source, job.dest, SKIPPED, "another run is writing it",
                                     seconds=time.perf_counter() - start)
            script = narrator.prepare_script(job.source)
            record = make_record(script, narrator.settings, engine_key, narrator.engine.name)
            if not options.force and is_up_to_date(job.dest, record, options.transcript):
                return ArticleResult(job.source, job.dest, SKIPPED, seconds=time.perf_counter() - start)
            outcome = narrator.narrate_file(job.source, job.dest, progress, ((RECORD_TAG, record),),
                                            script)
            if options.transcript:
                from narrate.listen.transcript import write_transcript

                write_transcript(outcome, job.dest)
    except NarrateError as exc:
        return ArticleResult(job.source, job.dest, FAILED, str(exc), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug in one article must not stop the batch
        log.debug("%s failed with an internal error", job.source, exc_info=True)
        message = f"internal error {type(exc).__name__}: {exc} (run with -v for the traceback)"
        return ArticleResult(job.source, job.dest, FAILED, message, seconds=time.perf_counter() - start)
    return ArticleResult(job.source, job.dest, WRITTEN, "", outcome.chunks_synthesized,
                         outcome.chunks_cached, time.perf_counter() - start, outcome.duration_s)


def write_report(result: BatchResult, path: Path) -> Path:
    """The --report JSON: one entry per article, plus the counts; written atomically."""
    document = {
        "narrate": __version__,
        "seconds": round(result.seconds, 3),
        "written": result.count(WRITTEN), "skipped": result.count(SKIPPED), "failed": result.count(FAILED),
        "articles": [r.to_dict() for r in result.results],
    }
    return write_text_atomic(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
