"""Benchmark: articles per minute for the local pool and a local Ray cluster, side by side in one run.

Three runs of the real `narrate` command on the same articles, the sentence cache off (so every run
synthesises everything and copies of an article cost as much as the first):
  1. the local pool, `--jobs CORES`;
  2. a Ray cluster already running on this machine (`ray start --head --num-cpus CORES`, started by
     this script), joined with `--cluster 127.0.0.1:PORT`: Ray's cost per article;
  3. `--cluster ray`: a local Ray started for the run, so its start-up counts too.
Target: run 2 loses at most 10% throughput against run 1. Not a test: figures vary with the load.

    python bench/bench_cluster.py [--voice espeak-de] [--copies 3] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "samples" / "folder"
SUFFIXES = (".txt", ".md", ".html")
TARGET_LOSS = 0.10
RAY = Path(sys.executable).with_name("ray")


def copy_articles(dest: Path, copies: int) -> int:
    sources = sorted(p for p in FOLDER.rglob("*") if p.suffix in SUFFIXES)
    for copy in range(copies):
        for source in sources:
            target = dest / f"copy{copy}" / source.relative_to(FOLDER)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return len(sources) * copies


def run(env: dict, args: list, report: Path) -> tuple[float, float]:
    """(wall seconds, seconds of audio written) of one `narrate` run."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "narrate", *map(str, args), "--report", str(report)],
                          env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"narrate failed ({done.returncode}):\n{done.stderr[-3000:]}")
    articles = json.loads(report.read_text(encoding="utf-8"))["articles"]
    assert all(a["status"] == "written" for a in articles), articles
    return seconds, sum(a["seconds"] for a in articles)


def start_head(work: Path, env: dict, cores: int) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = work / "head.log"
    with open(log, "w") as handle:
        proc = subprocess.Popen(
            [str(RAY), "start", "--head", f"--port={port}", "--node-ip-address=127.0.0.1",
             f"--num-cpus={cores}", "--num-gpus=0", "--include-dashboard=false", "--disable-usage-stats",
             f"--temp-dir={work / 'ray'}", "--block"],
            env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 180
    while "Ray runtime started" not in log.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"ray start failed:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.5)
    return proc, f"127.0.0.1:{port}"


def stop(proc: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(30)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voice", default="espeak-de")
    parser.add_argument("--copies", type=int, default=3, help="copies of samples/folder (10 articles each)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat pool and cluster runs, alternating")
    opts = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    work = Path(tempfile.mkdtemp(prefix="narrate-bench-cluster-"))
    env = {**os.environ, "NARRATE_CACHE_MAX_MB": "0", "RAY_USAGE_STATS_ENABLED": "0",
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    head = None
    try:
        count = copy_articles(work / "src", opts.copies)
        print(f"voice: {opts.voice}; {count} articles; {cores} cores; sentence cache off")
        head, address = start_head(work, env, cores)
        base = [work / "src", "--voice", opts.voice]
        pool, joined, started = [], [], []
        for r in range(opts.rounds):
            pool.append(run(env, [*base, "-o", work / f"pool{r}", "--jobs", cores], work / "pool.json"))
            joined.append(run(env, [*base, "-o", work / f"ray{r}", "--cluster", address], work / "ray.json"))
        stop(head)
        head = None
        started.append(run(env, [*base, "-o", work / "local", "--cluster", "ray"], work / "local.json"))
        report(count, pool, joined, started)
    finally:
        if head is not None:
            stop(head)
        shutil.rmtree(work, ignore_errors=True)


def report(count: int, pool: list, joined: list, started: list) -> None:
    best = lambda runs: min(seconds for seconds, _ in runs)
    t_pool, t_ray, t_start = best(pool), best(joined), best(started)
    rate = lambda seconds: count / seconds * 60
    print(f"local pool (--jobs):              {t_pool:7.1f} s  {rate(t_pool):6.1f} articles/min")
    print(f"Ray cluster already running:      {t_ray:7.1f} s  {rate(t_ray):6.1f} articles/min")
    print(f"Ray started for the run (ray):    {t_start:7.1f} s  {rate(t_start):6.1f} articles/min")
    loss = 1 - t_pool / t_ray
    print(f"throughput lost to Ray (running cluster): {loss:+.1%} (target <= {TARGET_LOSS:.0%}): "
          f"{'met' if loss <= TARGET_LOSS else 'NOT met'}")
    print(f"Ray's wall-clock overhead per article: {(t_ray - t_pool) / count * 1000:+.0f} ms; "
          f"starting a local Ray for the run adds {t_start - t_ray:+.1f} s once")
    work_pool = min(w for _, w in pool) / count
    work_ray = min(w for _, w in joined) / count
    print(f"worker seconds per article (voice, assembly, encoding): pool {work_pool:.2f} s, Ray {work_ray:.2f} s")


if __name__ == "__main__":
    main()
