"""Run a batch: inputs → jobs → the pool → results in the order of the inputs."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from narrate.batch.jobs import (
    ArticleDone, BatchOptions, BatchResult, EventCallback, split_clashes, collect_jobs, nothing_found,
)
from narrate.batch.locks import remove_leftovers
from narrate.batch.pool import execute
from narrate.config import Settings


def run_batch(paths: Sequence[Path], output: Path | None, preset, settings: Settings,
              options: BatchOptions, on_event: EventCallback | None = None) -> BatchResult:
    """Convert every article under `paths`; never raises for one article, only for the whole run.

    Raises NarrateError when nothing is found to convert or the voice cannot be loaded,
    KeyboardInterrupt (after stopping the workers) on Ctrl-C; what was finished stays, what was
    not leaves no file under a final name.
    """
    start, started_at = time.perf_counter(), time.time()
    jobs, clashes = split_clashes(collect_jobs(paths, output, options.glob))
    if not jobs and not clashes:
        raise nothing_found(paths, options.glob)
    remove_leftovers([job.dest for job in jobs], started_at)  # of runs that were killed outright
    emit = on_event or (lambda event: None)
    for clash in clashes:
        emit(ArticleDone(clash))
    if options.cluster is not None:  # Ray is imported only when asked for
        from narrate.batch.cluster import execute_on_cluster

        results = execute_on_cluster(jobs, preset, settings, options, emit)
    else:
        results = execute(jobs, preset, settings, options, emit)
    order = {job.source: i for i, job in enumerate(jobs)}
    ordered = sorted(results, key=lambda r: order.get(r.source, -1)) + clashes
    return BatchResult(tuple(ordered), time.perf_counter() - start)
