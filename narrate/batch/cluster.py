"""The same batch on a Ray cluster: the only module that imports Ray (the `cluster` extra).

The driver (this process) does what the local pool's parent does: the up-to-date check, the
records, the events for the progress bar. Each Ray actor holds one loaded voice (Speaker) and is
handed scripts through the object store; it returns MP3 bytes, which the driver writes atomically
under OUTDIR, so the nodes share no filesystem. A worker or node that dies takes no article with it:
its articles go back to the queue (at most DEFAULT_CLUSTER_ATTEMPTS tries each) and a replacement
worker starts wherever Ray finds room. Ctrl-C kills the actors; nothing partial is left.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections import deque
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace

from narrate import __version__
from narrate.atomic import atomic_path
from narrate.batch.jobs import (
    FAILED, SKIPPED, WRITTEN, ArticleDone, ArticleProgress, ArticleResult, BatchOptions, EventCallback, Job,
    companions, is_up_to_date, make_record, output_lock, read_record,
)
from narrate.batch.pool import default_jobs, plan, usable_cores
from narrate.batch.speaker import Speaker, Spoken, WorkerConfig, WorkerInfo
from narrate.config import DEFAULT_CLUSTER_ATTEMPTS, DEFAULT_CLUSTER_START_S, LOCAL_CLUSTER, Settings
from narrate.errors import ClusterError, NarrateError, OutputError, ToolMissingError

log = logging.getLogger(__name__)

POLL_S = 0.5  # how often the driver looks up from waiting, to notice stalls
CONNECT_TIMEOUT_S = 10  # how long the head's port may take to answer
PREFETCH = 2  # articles queued per worker, so it never waits for the driver between two


def _import_ray():
    os.environ.setdefault("RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO", "0")  # silences a FutureWarning
    try:
        import ray
    except ImportError:
        raise ToolMissingError("--cluster needs Ray: pip install 'narrate[cluster]'") from None
    return ray


def connect(ray, address: str) -> None:
    """Start a local Ray for this run (`ray`), or join a running cluster by Ray's address rules."""
    quiet = {"logging_level": logging.WARNING, "log_to_driver": False}  # worker logs come as events
    try:
        if address not in (LOCAL_CLUSTER, "auto"):  # Ray itself retries a dead address for minutes
            host, _, port = address.removeprefix("ray://").rpartition(":")
            socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_S).close()
        terminate = signal.getsignal(signal.SIGTERM)  # Ray's core installs its own; `kill` must stop us cleanly
        if address == LOCAL_CLUSTER:
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            ray.init(num_cpus=usable_cores(), include_dashboard=False, **quiet)
        else:
            ray.init(address=address, **quiet)
        if terminate is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, terminate)
    except (OSError, RuntimeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ClusterError(f"cannot reach the Ray cluster at {address} ({first}); start one with "
                           "`ray start --head` or check the address") from None


def execute_on_cluster(jobs: Sequence[Job], preset, settings: Settings, options: BatchOptions,
                       emit: EventCallback) -> list[ArticleResult]:
    """The local pool's check, then what is left converted on the cluster named by --cluster."""
    scripts: dict[Job, object] = {}
    local, todo, results = plan(jobs, preset, settings, options, emit, scripts)
    if not todo:  # everything up to date (or failed before synthesis): no cluster needed
        return results
    ray = _import_ray()
    try:  # shut down even when Ctrl-C comes while a local Ray is starting
        connect(ray, options.cluster)
        results += _Driver(ray, local, preset, settings, options, emit).run(todo, scripts)
    finally:
        ray.shutdown()
    return results


class _Worker:
    """The driver's view of one actor."""

    def __init__(self, handle) -> None:
        self.handle, self.info, self.load = handle, None, 0

    @property
    def where(self) -> str:
        return f"{self.info.node} (pid {self.info.pid})" if self.info else "a node"


class _Driver:
    """Hands articles to actors, collects their events, writes their files, replaces the dead."""

    def __init__(self, ray, local, preset, settings: Settings, options: BatchOptions,
                 emit: EventCallback) -> None:
        self.ray, self.local, self.options, self.emit = ray, local, options, emit
        self.whole = options.cluster.startswith("ray://")  # Ray Client streams no generators
        workers, threads = self._size(preset, settings, options)
        worker_settings = replace(settings, voice=replace(settings.voice, threads=threads),
                                  text=replace(settings.text, lexicon=None))
        self.config = ray.put(WorkerConfig(preset, worker_settings, options.transcript,
                                           logging.getLogger().getEffectiveLevel()))
        self.actor = ray.remote(Speaker).options(num_cpus=threads, num_gpus=options.gpus_per_worker,
                                                 max_restarts=0, max_task_retries=0)
        self.size, self.alive, self.waiting = workers, [], {}  # waiting: ref → (kind, worker, index)
        self.locks: dict[int, ExitStack] = {}
        self.refs: dict[int, object] = {}  # article index → its script in the object store
        self.results: dict[int, ArticleResult] = {}
        self.replaced, self.failed_starts, self.last_news = 0, 0, time.monotonic()

    def _size(self, preset, settings: Settings, options: BatchOptions) -> tuple[int, int]:
        """(workers, CPU threads each) from the cluster's resources, as the local pool sizes itself."""
        resources = self.ray.cluster_resources()
        cpus, gpus = int(resources.get("CPU", 0)), resources.get("GPU", 0.0)
        biggest = max((int(n["Resources"].get("CPU", 0)) for n in self.ray.nodes() if n["Alive"]), default=0)
        if biggest < 1:
            raise ClusterError("the Ray cluster has no CPUs; start a node with `ray start --address`")
        if options.gpus_per_worker > gpus:
            raise ClusterError(f"--gpus-per-worker {options.gpus_per_worker:g} but the Ray cluster has "
                               f"{gpus:g} GPUs; lower it or add GPU nodes")
        workers, threads = default_jobs(preset.engine, options.jobs, settings.voice.threads, cpus)
        if settings.voice.threads and settings.voice.threads > biggest:
            raise ClusterError(f"--threads {settings.voice.threads} but the largest Ray node has "
                               f"{biggest} CPUs; lower --threads")
        threads = min(threads or 1, biggest)
        if options.gpus_per_worker and options.jobs is None:
            workers = max(1, int(gpus // options.gpus_per_worker))
        return workers, threads

    # ── the loop ─────────────────────────────────────────────────────────────

    def run(self, todo: list[Job], scripts: dict) -> list[ArticleResult]:
        """Convert `todo`; on any exception (Ctrl-C included) kill the actors, then re-raise."""
        self.todo, self.scripts = todo, scripts
        self.queue, self.attempts = deque(range(len(todo))), [0] * len(todo)
        try:
            for _ in range(min(self.size, len(todo))):
                self._start_worker()
            while len(self.results) < len(todo):
                self._dispatch()
                if self.waiting:
                    ready, _ = self.ray.wait(list(self.waiting), num_returns=1, timeout=POLL_S)
                    for ref in ready:
                        self._handle(ref)
                self._check_stalled()
        except BaseException:
            self._cancel()
            raise
        self._finish()
        return [self.results[i] for i in sorted(self.results)]

    def _start_worker(self) -> None:
        worker = _Worker(self.actor.remote(self.config))
        self.alive.append(worker)
        self.waiting[worker.handle.info.remote()] = ("info", worker, -1)

    def _dispatch(self) -> None:
        """Give each started worker up to PREFETCH articles, each under its output lock."""
        for worker in self.alive:
            while worker.info is not None and worker.load < PREFETCH and self.queue:
                index = self.queue.popleft()
                if not self._lock(index):
                    continue
                if index not in self.refs:
                    self.refs[index] = self.ray.put(self.scripts[self.todo[index]])
                method = worker.handle.speak_whole if self.whole else worker.handle.speak
                self.waiting[method.remote(self.refs[index], self.todo[index].source.name)] = \
                    ("speak", worker, index)
                worker.load += 1

    def _lock(self, index: int) -> bool:
        """Hold the MP3's lock as the local pool does; False when the article was settled instead."""
        job, stack = self.todo[index], ExitStack()
        try:
            mine = stack.enter_context(output_lock(job.dest))
        except OutputError as exc:
            self._settle(index, ArticleResult(job.source, job.dest, FAILED, str(exc)))
            return False
        if not mine:
            stack.close()
            self._settle(index, ArticleResult(job.source, job.dest, SKIPPED, "another run is writing it"))
            return False
        self.locks[index] = stack
        if not self.options.force and read_record(job.dest) is not None:  # another run finished it
            script = self.scripts[job]
            record = make_record(script, self.local.settings, self.local.engine_key(), self.local.engine().name)
            if is_up_to_date(job.dest, record, self.options.transcript):
                self._settle(index, ArticleResult(job.source, job.dest, SKIPPED))
                return False
        return True

    def _handle(self, ref) -> None:
        kind, worker, index = self.waiting[ref]
        self.last_news = time.monotonic()
        try:
            item = self.ray.get(ref if kind == "info" or self.whole else next(ref))
        except StopIteration:
            del self.waiting[ref]
            return self._lost(worker, RuntimeError("ended without a result"))
        except self.ray.exceptions.RayError as exc:
            if kind == "info" or not isinstance(exc, self.ray.exceptions.RayTaskError):
                return self._lost(worker, exc)  # the actor, its node or its result is gone
            del self.waiting[ref]  # a bug in the worker's plumbing: this article fails
            worker.load -= 1
            job = self.todo[index]
            return self._settle(index, ArticleResult(job.source, job.dest, FAILED, f"internal error: {exc}"))
        if kind == "info":
            del self.waiting[ref]
            return self._started(worker, item)
        for event in item if self.whole else [item]:
            self._event(ref, worker, index, event)

    def _event(self, ref, worker: _Worker, index: int, item: tuple) -> None:
        if item[0] == "log":
            logging.getLogger(item[1].name).handle(item[1])
        elif item[0] == "progress":
            self.emit(ArticleProgress(self.todo[index].source, item[1], item[2]))
        elif item[0] == "done":
            del self.waiting[ref]
            worker.load -= 1
            self._write(index, item[1])

    def _started(self, worker: _Worker, info: WorkerInfo) -> None:
        if info.error:  # the voice cannot load there, so likely nowhere: stop as the pool does
            raise NarrateError(f"the voice cannot load on cluster node {info.node}: {info.error}")
        if info.version != __version__:
            raise ClusterError(f"node {info.node} runs narrate {info.version}, this machine {__version__}; "
                               "install the same version on every node")
        worker.info = info
        log.debug("cluster worker ready on %s (pid %d)", info.node, info.pid)

    def _write(self, index: int, spoken: Spoken) -> None:
        """The worker's bytes under OUTDIR: transcript files first, the MP3 (with the record) last."""
        job = self.todo[index]
        if spoken.error:
            result = ArticleResult(job.source, job.dest, FAILED, spoken.error, seconds=spoken.seconds)
        else:
            try:
                for path, data in zip(companions(job.dest), spoken.companions):
                    _write_bytes(path, data)
                _write_bytes(job.dest, spoken.mp3)
                result = ArticleResult(job.source, job.dest, WRITTEN, "", spoken.sentences_synthesized,
                                       spoken.sentences_cached, spoken.seconds, spoken.duration_s)
            except OutputError as exc:
                result = ArticleResult(job.source, job.dest, FAILED, str(exc), seconds=spoken.seconds)
        self._settle(index, result)

    def _settle(self, index: int, result: ArticleResult) -> None:
        stack = self.locks.pop(index, None)
        if stack is not None:
            stack.close()
        self.refs.pop(index, None)
        self.results[index] = result
        self.emit(ArticleDone(result))

    # ── workers that die, stall, or are cancelled ────────────────────────────

    def _lost(self, worker: _Worker, exc: Exception) -> None:
        """A dead worker's articles go back to the queue (bounded); a replacement starts.

        Workers that die before their voice is loaded point at the cluster (narrate missing on a
        node, too little memory): after DEFAULT_CLUSTER_ATTEMPTS of them the run stops.
        """
        if worker not in self.alive:
            return
        self.alive.remove(worker)
        self.ray.kill(worker.handle, no_restart=True)
        why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if worker.info is None:
            self.failed_starts += 1
            if self.failed_starts >= DEFAULT_CLUSTER_ATTEMPTS:
                raise ClusterError(f"cluster workers keep dying before they start ({why}); is narrate[cluster] "
                                   "of this version installed on every node?")
        log.warning("the cluster worker on %s stopped (%s); its articles go to another worker",
                    worker.where, why)
        for ref, (kind, owner, index) in list(self.waiting.items()):
            if owner is not worker:
                continue
            del self.waiting[ref]
            if kind == "speak":
                self._retry(index)
        if self.replaced < len(self.todo):
            self.replaced += 1
            self._start_worker()

    def _retry(self, index: int) -> None:
        self.attempts[index] += 1
        stack = self.locks.pop(index, None)
        if stack is not None:
            stack.close()
        job = self.todo[index]
        if self.attempts[index] >= DEFAULT_CLUSTER_ATTEMPTS:
            message = f"the cluster worker converting it died {self.attempts[index]} times; not converted"
            self._settle(index, ArticleResult(job.source, job.dest, FAILED, message))
        else:
            self.queue.appendleft(index)

    def _check_stalled(self) -> None:
        """No worker able to start (too few CPUs or GPUs left): fail the rest rather than hang."""
        if self.queue and not self.waiting and not any(w.info for w in self.alive):
            for index in list(self.queue):
                job = self.todo[index]
                self._settle(index, ArticleResult(job.source, job.dest, FAILED, "not converted: no cluster worker left"))
            self.queue.clear()
        elif not any(w.info for w in self.alive) and time.monotonic() - self.last_news > DEFAULT_CLUSTER_START_S:
            raise ClusterError(f"no cluster worker started within {DEFAULT_CLUSTER_START_S} s; "
                               "check `ray status` for free CPUs/GPUs")

    def _finish(self) -> None:
        """Each worker keeps its node's sentence cache within its bound."""
        try:
            self.ray.get([w.handle.finish.remote() for w in self.alive if w.info], timeout=60)
        except self.ray.exceptions.RayError as exc:
            log.warning("could not trim a node's sentence cache (%s)", type(exc).__name__)

    def _cancel(self) -> None:
        """Kill every actor and drop the locks; a second Ctrl-C waits for this."""
        try:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:  # not the main thread
            previous = None
        try:
            for worker in self.alive:
                self.ray.kill(worker.handle, no_restart=True)
            for stack in self.locks.values():
                stack.close()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)


def _write_bytes(path, data: bytes) -> None:
    with atomic_path(path, suffix=f".part{path.suffix}") as tmp:
        tmp.write_bytes(data)
