"""Convert many articles: walk folders, mirror the tree, skip what is up to date, run workers.

The record of what an MP3 was made from (a digest of its script and every setting that changes the
audio) lives in the MP3's own ID3 tags, so it cannot drift from the file. Voices are loaded once
per worker process; each article's failure is reported and the others go on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path, PurePath
from typing import Final

from narrate import __version__
from narrate.atomic import write_text_atomic
from narrate.batch.locks import output_lock
from narrate.config import GPUS_PER_WORKER_RANGE, LOCAL_CLUSTER, MAX_JOBS, Settings
from narrate.errors import InputError, NarrateError, OutputError, SettingsError
from narrate.models import Article, Script

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
    source: Path | str  # an article file, or the http(s) URL of a page
    dest: Path  # the MP3
    article: Article | None = None  # already read (a fetched page, a feed item): used as it is
    tags: tuple[tuple[str, str], ...] = ()  # extra TXXX frames (description, value); part of the record

    @property
    def from_web(self) -> bool:
        """The source is an address (a page's URL, or a feed item's guid), not a file."""
        return isinstance(self.source, str)


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

    source: Path | str  # the article file, or the page's URL
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


def collect_jobs(paths: Sequence[Path | str], output: Path | None, glob: str | None) -> list[Job]:
    """Files and URLs as given, folders walked; `FOLDER/a/b.md` → `OUTPUT/a/b.mp3`, or beside the input.

    A single file with `-o X.mp3` goes to X.mp3; otherwise `output` is a folder.
    """
    from narrate.article.fetch import is_url  # the article stage only when jobs are collected

    several = len(paths) > 1 or any(not is_url(p) and p.is_dir() for p in paths)
    if output is not None and several and output.suffix.lower() == ".mp3" and not output.is_dir():
        raise SettingsError(f"-o {output} names an MP3 file, but several articles are converted; "
                            "give a folder")
    jobs = []
    for path in paths:
        if is_url(path):
            jobs.append(Job(path, _url_dest(path, output, several)))
        elif path.is_dir():
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


def nothing_found(paths: Sequence[Path], glob: str | None) -> InputError:
    """The error for a batch whose folders hold no article (or none matching --glob)."""
    where = ", ".join(str(p) for p in paths)
    kinds = ", ".join(SOURCE_SUFFIXES)
    if glob:
        return InputError(f"no article ({kinds}) in {where} matches --glob {glob!r}; nothing to do")
    return InputError(f"no article ({kinds}) in {where}; nothing to do")


def _url_dest(url: str, output: Path | None, several: bool) -> Path:
    """`narrate URL`: named after the URL's last path segment, in -o (or the current folder)."""
    from narrate.article.fetch import url_file_stem

    if output is not None and output.suffix.lower() == ".mp3" and not several and not output.is_dir():
        return output
    return (output or Path()) / f"{url_file_stem(url)}.mp3"


def load_job_article(job: Job) -> Article:
    """The job's article: as carried, fetched from its URL, or read from its file."""
    from narrate.article.fetch import load_url
    from narrate.article.reading import load_article

    if job.article is not None:
        return job.article
    return load_url(job.source) if job.from_web else load_article(job.source)


def keep_fetched(job: Job, article: Article) -> Job:
    """A URL job carrying the page it fetched, so a worker does not fetch it a second time."""
    return replace(job, article=article) if job.from_web and job.article is None else job


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


def make_record(script: Script, settings: Settings, engine_key: str, voice: str,
                tags: tuple[tuple[str, str], ...] = ()) -> str:
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
    if tags:  # e.g. a feed item's digest: a changed item is redone even if its text is not
        payload["tags"] = [list(t) for t in tags]
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
            if job.article is None and not job.from_web:
                script = narrator.prepare_script(job.source)
            else:
                from narrate.german.script import build_script

                script = build_script(load_job_article(job), narrator.settings.text, narrator.lexicon)
            record = make_record(script, narrator.settings, engine_key, narrator.engine.name, job.tags)
            if not options.force and is_up_to_date(job.dest, record, options.transcript):
                return ArticleResult(job.source, job.dest, SKIPPED, seconds=time.perf_counter() - start)
            outcome = narrator.narrate_file(job.source, job.dest, progress,
                                            ((RECORD_TAG, record), *job.tags), script)
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
    try:
        return write_text_atomic(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    except OutputError as exc:  # atomic_path's message would send the user to -o
        reason = getattr(exc.__cause__, "strerror", None) or str(exc)
        raise OutputError(f"cannot write the report {path} ({reason}); choose another --report") from None
