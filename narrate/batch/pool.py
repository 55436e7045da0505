"""Run a batch: the up-to-date check in this process, then the articles left in worker processes.

Workers are spawned (not forked: a parent that loaded torch must not be forked), load the voice
once, take articles from a queue and send back progress, results and their log records. Ctrl-C
reaches the parent only (workers ignore SIGINT); the parent then ends the workers with SIGTERM,
which unwinds them through the export's cleanup, so no partial file is left under a final name.
A parent killed outright (SIGKILL) cannot do that, so each worker also asks the kernel for SIGTERM
when its parent dies (Linux) and watches its parent's pid (everywhere, and for the moment before
that request took effect): an orphan would convert the rest of the queue and then wait forever.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import os
import queue
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from narrate.batch.jobs import (
    FAILED, SKIPPED, ArticleDone, ArticleProgress, ArticleResult, BatchOptions, BatchPlanned,
    EventCallback, Job, convert_one, is_up_to_date, keep_fetched, load_job_article, make_record,
    read_record,
)
from narrate.batch.orphans import die_with_parent
from narrate.config import Settings
from narrate.errors import NarrateError

log = logging.getLogger(__name__)

POLL_S = 0.5  # how often the parent checks that its workers are alive
STOP_GRACE_S = 10.0  # how long a stopped worker may take to clean up before it is killed
_THREAD_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def usable_cores() -> int:
    """CPU cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def default_jobs(engine: str, jobs: int | None, threads: int | None,
                 cores: int | None = None) -> tuple[int, int | None]:
    """(worker processes, CPU threads per worker) for a voice engine on this machine.

    espeak-ng is one thread per process: one worker per core. Neural voices get `cores // threads`
    workers, and without --threads each worker gets `cores // workers` threads (at least 1), so
    workers never oversubscribe the cores.
    """
    cores = cores or usable_cores()
    if engine == "espeak":
        return (jobs or cores), threads
    if jobs is None:
        jobs = max(1, cores // threads) if threads else cores
    return jobs, threads or max(1, cores // jobs)


class _Local:
    """The voice in this process, loaded only when a record check or an in-process run needs it.

    The record check needs only the engine's key, so the synthesis pipeline (scipy and friends) is
    imported only when something is left to convert.
    """

    def __init__(self, preset, settings: Settings) -> None:
        self.preset, self.settings = preset, settings
        self._engine = None
        self._narrator = None
        self._key = ""

    def engine(self):
        if self._engine is None:
            from narrate.voice.engines import load_engine

            self._engine = load_engine(self.preset, self.settings.voice)
            self._key = self._engine.cache_key()
        return self._engine

    def engine_key(self) -> str:
        self.engine()
        return self._key

    def narrator(self):
        """A Narrator around the loaded engine, with the shared sentence cache."""
        if self._narrator is None:
            from narrate.batch.cache import SentenceCache
            from narrate.pipeline import Narrator

            self._narrator = Narrator(self.engine(), self.settings, cache=SentenceCache.open_default())
        return self._narrator


def _plan(jobs: Sequence[Job], local: _Local, options: BatchOptions, emit: EventCallback,
          scripts: dict | None = None):
    """Front-end every article (fast): failures and up-to-date ones are settled here."""
    from narrate.german.lexicon import load_lexicon
    from narrate.german.script import build_script

    lexicon = load_lexicon(local.settings.text.lexicon)
    todo, settled, sentences = [], [], 0

    def settle(result: ArticleResult) -> None:
        settled.append(result)
        emit(ArticleDone(result))

    for job in jobs:
        start = time.perf_counter()
        try:
            article = load_job_article(job)  # a URL is fetched here, once
            script = build_script(article, local.settings.text, lexicon)
        except NarrateError as exc:
            settle(ArticleResult(job.source, job.dest, FAILED, str(exc), seconds=time.perf_counter() - start))
            continue
        except Exception as exc:  # a bug in one article must not stop the batch
            log.debug("%s failed with an internal error", job.source, exc_info=True)
            settle(ArticleResult(job.source, job.dest, FAILED, f"internal error {type(exc).__name__}: {exc}",
                                 seconds=time.perf_counter() - start))
            continue
        if not options.force and read_record(job.dest) is not None:  # a voice error stops the run
            record = make_record(script, local.settings, local.engine_key(), local.engine().name, job.tags)
            if is_up_to_date(job.dest, record, options.transcript):
                settle(ArticleResult(job.source, job.dest, SKIPPED, seconds=time.perf_counter() - start))
                continue
        kept = keep_fetched(job, article)
        todo.append(kept)
        if scripts is not None:
            scripts[kept] = script
        sentences += script.sentence_count()
    emit(BatchPlanned(len(jobs), len(todo), sentences))
    return todo, settled


def plan(jobs: Sequence[Job], preset, settings: Settings, options: BatchOptions, emit: EventCallback,
         scripts: dict | None = None) -> tuple[_Local, list[Job], list[ArticleResult]]:
    """The up-to-date check every runner shares: (the voice here, jobs left, results settled).

    `scripts`, when given, receives each left job's script, so a runner that speaks elsewhere (the
    Ray cluster) speaks exactly what the record was computed from.
    """
    settings = replace(settings, text=settings.text.within(getattr(preset, "max_chars", None)))  # as the Narrator
    _, local_threads = default_jobs(preset.engine, 1, settings.voice.threads)
    local = _Local(preset, replace(settings, voice=replace(settings.voice, threads=local_threads)))
    todo, results = _plan(jobs, local, options, emit, scripts)
    return local, todo, results


def execute(jobs: Sequence[Job], preset, settings: Settings, options: BatchOptions,
            emit: EventCallback) -> list[ArticleResult]:
    """Check, then convert what is left: here when one worker suffices, else in a pool."""
    local, todo, results = plan(jobs, preset, settings, options, emit)
    workers, threads = default_jobs(preset.engine, options.jobs, settings.voice.threads)
    workers = min(workers, len(todo))
    if workers <= 1:
        narrator = local.narrator() if todo else None
        for job in todo:
            report = lambda p, job=job: emit(ArticleProgress(job.source, p.done, p.total))
            results.append(convert_one(narrator, local.engine_key(), job, options, report))
            emit(ArticleDone(results[-1]))
    else:
        worker_settings = replace(settings, voice=replace(settings.voice, threads=threads))
        config = _WorkerConfig(preset, worker_settings, options, logging.getLogger().getEffectiveLevel())
        results += _Pool(config, workers, emit).run(todo)
    if todo:
        from narrate.batch.cache import SentenceCache

        SentenceCache.open_default().enforce_bound()  # a worker checks only after writing much
    return results


# ── the worker processes ─────────────────────────────────────────────────────


@dataclass(frozen=True)
class _WorkerConfig:
    preset: object
    settings: Settings
    options: BatchOptions
    log_level: int
    parent_pid: int | None = None  # set by _Pool: the worker stops when this process is gone


def _worker_main(config: _WorkerConfig, tasks, events) -> None:
    """A worker: load the voice once, then convert articles until the queue says stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle

    def stop(signum, frame):
        events.cancel_join_thread()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    if config.parent_pid is not None:
        die_with_parent(config.parent_pid)  # after the handler: the signal must unwind, not kill
    if config.settings.voice.threads:
        for name in _THREAD_ENV:  # before torch or numpy's BLAS start their thread pools
            os.environ[name] = str(config.settings.voice.threads)
    root = logging.getLogger()
    root.handlers = [logging.handlers.QueueHandler(_Tagged(events))]
    root.setLevel(config.log_level)
    try:
        local = _Local(config.preset, config.settings)
        narrator, key = local.narrator(), local.engine_key()
    except Exception as exc:  # the voice cannot load here, so nowhere: stop the batch
        log.debug("loading the voice failed", exc_info=True)
        events.put(("fatal", str(exc) if isinstance(exc, NarrateError) else f"{type(exc).__name__}: {exc}"))
        return
    while (item := tasks.get()) is not None:
        index, job = item
        events.put(("started", index, os.getpid()))
        report = lambda p, index=index: events.put(("progress", index, p.done, p.total))
        events.put(("done", index, convert_one(narrator, key, job, config.options, report)))


class _Tagged:
    """Puts a worker's log records on the event queue as ("log", record)."""

    def __init__(self, events) -> None:
        self.events = events

    def put_nowait(self, record: logging.LogRecord) -> None:
        self.events.put(("log", record))


class _Pool:
    """Spawned workers fed from a task queue; the parent collects their events."""

    def __init__(self, config: _WorkerConfig, workers: int, emit: EventCallback) -> None:
        self.ctx = multiprocessing.get_context("spawn")
        self.config, self.workers, self.emit = replace(config, parent_pid=os.getpid()), workers, emit
        self.tasks, self.events = self.ctx.Queue(), self.ctx.Queue()
        self.procs: list = []
        self.running: dict[int, int] = {}  # worker pid → index of the article it converts
        self.results: dict[int, ArticleResult] = {}
        self.restarts = 0  # replacements for workers that died; bounded so a crash cannot loop

    def _start_worker(self) -> None:
        proc = self.ctx.Process(target=_worker_main, args=(self.config, self.tasks, self.events),
                                name="narrate-worker", daemon=True)
        proc.start()
        self.procs.append(proc)

    def run(self, todo: Sequence[Job]) -> list[ArticleResult]:
        """Convert `todo`; on any exception (Ctrl-C included) stop the workers, then re-raise."""
        self.todo = list(todo)
        for item in enumerate(self.todo):
            self.tasks.put(item)
        for _ in range(self.workers):
            self.tasks.put(None)
        try:
            for _ in range(self.workers):
                self._start_worker()
            while len(self.results) < len(self.todo) and self._step():
                pass
        except BaseException:
            self._stop()
            raise
        self._finish()
        return [self.results[i] for i in sorted(self.results)]

    def _finish(self) -> None:
        """Let the workers take their stop marks and exit, still passing on their last log records."""
        deadline = time.monotonic() + STOP_GRACE_S
        while any(p.is_alive() for p in self.procs) and time.monotonic() < deadline:
            try:
                kind, *rest = self.events.get(timeout=0.1)
            except queue.Empty:
                continue
            if kind == "log":
                logging.getLogger(rest[0].name).handle(rest[0])
        for proc in self.procs:
            proc.join(1.0)

    def _step(self) -> bool:
        """Handle one event; False once every worker is gone and nothing more can come."""
        try:
            message = self.events.get(timeout=POLL_S)
        except queue.Empty:
            return self._check_workers()
        kind, *rest = message
        if kind == "log":
            logging.getLogger(rest[0].name).handle(rest[0])
        elif kind == "started":
            self.running[rest[1]] = rest[0]
        elif kind == "progress":
            index, done, total = rest
            self.emit(ArticleProgress(self.todo[index].source, done, total))
        elif kind == "done":
            self._settle(rest[0], rest[1])
        elif kind == "fatal":
            raise NarrateError(rest[0])
        return True

    def _settle(self, index: int, result: ArticleResult) -> None:
        self.running = {pid: i for pid, i in self.running.items() if i != index}
        self.results[index] = result
        self.emit(ArticleDone(result))

    def _check_workers(self) -> bool:
        """A worker that died mid-article fails that article; a replacement takes over."""
        for proc in list(self.procs):
            if proc.is_alive() or proc.exitcode == 0:
                continue
            self.procs.remove(proc)
            index = self.running.pop(proc.pid, None)
            if index is not None:
                job = self.todo[index]
                self._settle(index, ArticleResult(job.source, job.dest, FAILED,
                                                  f"the worker process died (exit code {proc.exitcode})"))
            if self.restarts < len(self.todo):
                self.restarts += 1
                self._start_worker()
        if any(proc.is_alive() for proc in self.procs):
            return True
        for index, job in enumerate(self.todo):  # taken from the queue by a worker that died
            if index not in self.results:
                self._settle(index, ArticleResult(job.source, job.dest, FAILED, "not converted: a worker died"))
        return False

    def _stop(self) -> None:
        """End every worker (SIGTERM, then SIGKILL after the grace time); a second Ctrl-C waits."""
        try:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:  # not the main thread: no Ctrl-C reaches us here anyway
            previous = None
        self.tasks.cancel_join_thread()  # articles never taken must not hold up our exit
        try:
            for proc in self.procs:
                if proc.is_alive():
                    proc.terminate()
            deadline = time.monotonic() + STOP_GRACE_S
            while any(p.is_alive() for p in self.procs) and time.monotonic() < deadline:
                try:
                    self.events.get(timeout=0.1)  # a worker exits only once its queue is flushed
                except queue.Empty:
                    pass
            for proc in self.procs:
                if proc.is_alive():
                    proc.kill()
                proc.join(1.0)
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
