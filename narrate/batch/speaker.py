"""One cluster worker: loads the voice once, speaks scripts it is handed, returns the files as bytes.

It runs inside a Ray actor on any node, but knows nothing of Ray (narrate/batch/cluster.py wraps
it), so the cluster needs no shared filesystem: the driver read and cleaned the article, the worker
only speaks it into a private temporary folder and hands back the MP3 (and transcript) bytes, which
the driver writes under OUTDIR. Each node keeps its own sentence cache (NARRATE_CACHE_DIR there).
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from narrate import __version__
from narrate.batch.jobs import RECORD_TAG, companions, make_record
from narrate.config import Settings
from narrate.errors import NarrateError
from narrate.models import Script

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.25  # a worker reports a sentence count at most this often (each is a message)
_THREAD_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs, sent once through the object store."""

    preset: object
    settings: Settings  # its lexicon is left out: the driver built the scripts with it
    transcript: bool
    log_level: int


@dataclass(frozen=True)
class Spoken:
    """One article's outcome on a worker: the MP3 and its companions' bytes, or why it failed."""

    mp3: bytes = b""
    companions: tuple[bytes, ...] = ()  # in the order of narrate.batch.jobs.companions()
    error: str = ""
    sentences_synthesized: int = 0
    sentences_cached: int = 0
    seconds: float = 0.0
    duration_s: float = 0.0


@dataclass(frozen=True)
class WorkerInfo:
    version: str  # narrate's version on the worker: records agree only between equal versions
    node: str
    pid: int
    engine_key: str
    error: str  # why the voice did not load, else ""


class _Forward(logging.Handler):
    """Puts the worker's log records on its event queue, so they reach the driver's log."""

    def __init__(self, events: queue.Queue) -> None:
        super().__init__()
        self.events = events

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.events.put(("log", record))


class Speaker:
    """The voice of one worker process; `speak` takes one article at a time."""

    def __init__(self, config: WorkerConfig) -> None:
        if config.settings.voice.threads:
            for name in _THREAD_ENV:  # before torch or numpy's BLAS start their thread pools
                os.environ[name] = str(config.settings.voice.threads)
        self.config, self.events = config, queue.Queue()
        self.scratch = Path(tempfile.gettempdir()) / "narrate-worker"
        _sweep(self.scratch)
        root = logging.getLogger()
        root.handlers = [_Forward(self.events)]
        root.setLevel(config.log_level)
        self.narrator, self.key, self.error = None, "", ""
        try:
            from narrate.batch.cache import SentenceCache
            from narrate.pipeline import Narrator
            from narrate.voice.engines import load_engine

            engine = load_engine(config.preset, config.settings.voice)
            self.key = engine.cache_key()
            self.narrator = Narrator(engine, config.settings, cache=SentenceCache.open_default())
        except Exception as exc:  # reported by info(); the driver stops the run
            log.debug("loading the voice failed", exc_info=True)
            self.error = str(exc) if isinstance(exc, NarrateError) else f"{type(exc).__name__}: {exc}"

    def info(self) -> WorkerInfo:
        return WorkerInfo(__version__, socket.gethostname(), os.getpid(), self.key, self.error)

    def speak(self, script: Script, name: str) -> Iterator[tuple]:
        """("log", record) and ("progress", done, total) as they come, then ("done", Spoken)."""
        thread = threading.Thread(target=self._speak, args=(script, name), daemon=True)
        thread.start()
        while True:
            item = self.events.get()
            yield item
            if item[0] == "done":
                break
        thread.join()

    def speak_whole(self, script: Script, name: str) -> list[tuple]:
        """All of `speak`'s events at once, for Ray Client (ray://), which streams no generators."""
        return list(self.speak(script, name))

    def _speak(self, script: Script, name: str) -> None:
        start, last = time.perf_counter(), [0.0]

        def progress(p) -> None:
            now = time.perf_counter()
            if now - last[0] >= PROGRESS_EVERY_S or p.done == p.total:
                last[0] = now
                self.events.put(("progress", p.done, p.total))

        try:
            self.events.put(("done", self._narrate(script, name, progress, start)))
        except NarrateError as exc:
            self.events.put(("done", Spoken(error=str(exc), seconds=time.perf_counter() - start)))
        except Exception as exc:  # a bug in one article must not stop the batch
            log.debug("%s failed with an internal error", name, exc_info=True)
            message = f"internal error {type(exc).__name__}: {exc} (run with -v for the traceback)"
            self.events.put(("done", Spoken(error=message, seconds=time.perf_counter() - start)))

    def _narrate(self, script: Script, name: str, progress, start: float) -> Spoken:
        narrator = self.narrator
        record = make_record(script, narrator.settings, self.key, narrator.engine.name)
        self.scratch.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f"{os.getpid()}-", dir=self.scratch) as folder:
            dest = Path(folder) / f"{Path(name).stem}.mp3"
            outcome = narrator.narrate_file(Path(name), dest, progress, ((RECORD_TAG, record),), script)
            extra: tuple[bytes, ...] = ()
            if self.config.transcript:
                from narrate.listen.transcript import write_transcript

                write_transcript(outcome, dest)
                extra = tuple(p.read_bytes() for p in companions(dest))
            return Spoken(dest.read_bytes(), extra, "", outcome.chunks_synthesized, outcome.chunks_cached,
                          time.perf_counter() - start, outcome.duration_s)

    def finish(self) -> int:
        """Keep this node's sentence cache within its bound; bytes freed."""
        return self.narrator.cache.enforce_bound() if self.narrator is not None else 0


def _sweep(scratch: Path) -> None:
    """Remove the scratch folders of workers that were killed mid-article (named PID-…)."""
    for folder in scratch.glob("*-*"):
        pid = folder.name.partition("-")[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            log.debug("removed %s, left by a worker that was stopped mid-article", folder)
        except PermissionError:  # alive, another user's
            continue
