"""The batch on a real Ray cluster: a head and a second node started with `ray start` on 127.0.0.1.

One cluster serves the whole module (starting one costs seconds on a 2-core machine). Each node
has one CPU and its own sentence cache folder, so two workers run, one per node. The real `narrate`
command joins it with `--cluster 127.0.0.1:PORT`, speaks with espeak-ng and writes real MP3s.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from audio_checks import check_mp3
from narrate.batch.cache import CACHE_DIR_ENV
from narrate.batch.jobs import FAILED, SKIPPED, WRITTEN, read_record

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
SUBSET = ("folder/politik/rente.txt", "folder/politik/stichwahl.txt", "folder/wirtschaft/inflation.md",
          "folder/kultur/filmtage.html", "legacy-cp1252.txt")
RAY = Path(sys.executable).with_name("ray")
START_TIMEOUT_S = 180
RUN_TIMEOUT_S = 600


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    address: str
    client_address: str  # ray://…, the head's Ray Client server
    root: Path
    procs: list[subprocess.Popen]

    def caches(self) -> list[Path]:
        return [self.root / "cache-head", self.root / "cache-node"]

    def scratch(self) -> list[Path]:
        """What the workers left in their nodes' temporary folders."""
        return [p for name in ("tmp-head", "tmp-node") for p in (self.root / name).rglob("*")]

    def workers(self) -> list[int]:
        """PIDs of the narrate actors (Ray titles them ray::Speaker…) under this cluster's nodes."""
        ours = {p.pid for p in self.procs}
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                pgid = os.getpgid(int(entry.name))
            except (OSError, ProcessLookupError):
                continue
            if title.startswith(b"ray::Speaker") and pgid in ours:
                found.append(int(entry.name))
        return found


def _alive_nodes(address: str, env: dict) -> int:
    code = ("import ray; ray.init(address=%r, logging_level='ERROR', log_to_driver=False); "
            "print(sum(1 for n in ray.nodes() if n['Alive']))" % address)
    try:
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                              timeout=60)
    except subprocess.TimeoutExpired:
        return 0
    return int(done.stdout.strip() or 0) if done.returncode == 0 else 0


def _wait_started(proc: subprocess.Popen, log: Path) -> None:
    """`ray start --block` says so once its node runs."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while "Ray runtime started" not in log.read_text(errors="replace"):
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.5)


def _start_node(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    common = ["--node-ip-address=127.0.0.1", "--num-cpus=1", "--num-gpus=0",
              "--object-store-memory=100000000", "--disable-usage-stats", "--block"]
    with open(log, "w") as handle:  # its own session: the whole node is stopped by its group id
        return subprocess.Popen([str(RAY), "start", *args, *common], env=env, stdout=handle,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    for sig, wait_s in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                proc.wait(0.2)
                os.killpg(proc.pid, 0)
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                return
            time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Cluster:
    root = tmp_path_factory.mktemp("ray")
    for name in ("tmp-head", "tmp-node"):
        (root / name).mkdir()
    port, client_port = _free_port(), _free_port()
    address = f"127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
           "RAY_USAGE_STATS_ENABLED": "0", "RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO": "0"}
    result = Cluster(address, f"ray://127.0.0.1:{client_port}", root, [])
    try:
        result.procs.append(_start_node(
            ["--head", f"--port={port}", "--include-dashboard=false", f"--temp-dir={root / 't'}",
             f"--ray-client-server-port={client_port}"],
            {**env, CACHE_DIR_ENV: str(root / "cache-head"), "TMPDIR": str(root / "tmp-head")}, root / "head.log"))
        _wait_started(result.procs[0], root / "head.log")
        result.procs.append(_start_node([f"--address={address}"],
                                        {**env, CACHE_DIR_ENV: str(root / "cache-node"), "TMPDIR": str(root / "tmp-node")},
                                        root / "node.log"))
        _wait_started(result.procs[1], root / "node.log")
        deadline = time.monotonic() + START_TIMEOUT_S
        while _alive_nodes(address, env) < 2:
            assert time.monotonic() < deadline, (root / "head.log").read_text() + (root / "node.log").read_text()
            assert all(p.poll() is None for p in result.procs), (root / "head.log").read_text()
            time.sleep(1)
        yield result
    finally:
        for proc in reversed(result.procs):
            _stop(proc)


@pytest.fixture
def env(tmp_path: Path) -> dict:
    return {**os.environ, CACHE_DIR_ENV: str(tmp_path / "driver-cache"), "NARRATE_VOICE": "espeak-de",
            "COLUMNS": "200"}


def narrate(env: dict, *args, check_rc: int | None = 0) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "narrate", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    if check_rc is not None:
        assert done.returncode == check_rc, done.stderr + done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    return done


def report_of(path: Path) -> dict[str, dict]:
    return {Path(a["source"]).name: a for a in json.loads(path.read_text(encoding="utf-8"))["articles"]}


def subset(dest: Path, names=SUBSET) -> Path:
    for name in names:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLES / name, dest / name)
    return dest


def finals(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*.mp3") if not p.name.startswith(".")}


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*") if p.is_file() and (".part" in p.name or p.name.endswith(".lock"))]


@pytest.fixture(scope="module")
def both(cluster: Cluster, tmp_path_factory) -> tuple[Path, Path, Path, dict]:
    """The subset converted by the local pool and by the cluster, with transcripts and reports."""
    root = tmp_path_factory.mktemp("both")
    src = subset(root / "in")
    env = {**os.environ, CACHE_DIR_ENV: str(root / "pool-cache"), "NARRATE_VOICE": "espeak-de"}
    narrate(env, src, "-o", root / "pool", "--jobs", 2, "--transcript", "--report", root / "pool.json")
    narrate(env, src, "-o", root / "ray", "--cluster", cluster.address, "--transcript",
            "--report", root / "ray.json")
    return src, root / "pool", root / "ray", {"root": root, "env": env}


def test_cluster_writes_what_the_local_pool_writes(both, cluster: Cluster) -> None:
    src, pool, ray, extra = both
    assert finals(ray) == finals(pool) == {Path(n).with_suffix(".mp3") for n in SUBSET}
    pool_report, ray_report = report_of(extra["root"] / "pool.json"), report_of(extra["root"] / "ray.json")
    assert {a["status"] for a in ray_report.values()} == {WRITTEN}
    for name, entry in ray_report.items():
        assert entry["sentences_synthesized"] + entry["sentences_cached"] == \
            pool_report[name]["sentences_synthesized"] + pool_report[name]["sentences_cached"]
    for rel in finals(pool):
        assert read_record(ray / rel) == read_record(pool / rel) is not None
        a, b = check_mp3(pool / rel), check_mp3(ray / rel)
        assert a.samples.shape == b.samples.shape
        assert np.max(np.abs(a.samples - b.samples)) < 1e-3, rel
        for suffix in (".vtt", ".chapters.json"):
            assert (ray / rel).with_suffix(suffix).read_bytes() == (pool / rel).with_suffix(suffix).read_bytes()
    assert all(any(c.rglob("*.f32")) for c in cluster.caches()), "each node speaks and caches its share"
    assert not leftovers(ray)


def test_rerun_on_the_cluster_skips_everything(both, cluster: Cluster, tmp_path: Path) -> None:
    src, _, ray, extra = both
    stamps = {p: p.stat().st_mtime_ns for p in ray.rglob("*") if p.is_file()}
    narrate(extra["env"], src, "-o", ray, "--cluster", cluster.address, "--transcript",
            "--report", tmp_path / "again.json")
    assert {a["status"] for a in report_of(tmp_path / "again.json").values()} == {SKIPPED}
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_ray_client_address_writes_the_same_mp3s(both, cluster: Cluster, tmp_path: Path) -> None:
    """ray://: Ray Client streams no generators, so each article's events come at once."""
    src, pool, _, extra = both
    out = tmp_path / "client"
    narrate(extra["env"], src, "-o", out, "--cluster", cluster.client_address, "--transcript", "--force",
            "--glob", "folder/politik/*", "--report", tmp_path / "r.json")
    assert {a["status"] for a in report_of(tmp_path / "r.json").values()} == {WRITTEN}
    assert finals(out) == {Path(n).with_suffix(".mp3") for n in SUBSET if n.startswith("folder/politik/")}
    for rel in finals(out):
        assert read_record(out / rel) == read_record(pool / rel) is not None
        check_mp3(out / rel)
        assert (out / rel).with_suffix(".vtt").read_bytes() == (pool / rel).with_suffix(".vtt").read_bytes()


def test_a_failing_article_is_reported_once_and_the_rest_written(cluster: Cluster, tmp_path: Path,
                                                                 env: dict) -> None:
    src = subset(tmp_path / "in", SUBSET[:3])
    (src / "leer.txt").write_text("\n\n", encoding="utf-8")  # nothing to speak: fails before synthesis
    out = tmp_path / "out"
    (out / "folder" / "politik" / "rente.mp3").mkdir(parents=True)  # its MP3 cannot be written
    done = narrate(env, src, "-o", out, "--cluster", cluster.address, "--report", tmp_path / "r.json",
                   check_rc=1)
    report = report_of(tmp_path / "r.json")
    assert {n: a["status"] for n, a in report.items()} == {
        "rente.txt": FAILED, "leer.txt": FAILED, "stichwahl.txt": WRITTEN, "inflation.md": WRITTEN}
    assert "rente.mp3" in report["rente.txt"]["error"]
    articles = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["articles"]
    assert len(articles) == len(report) == 4  # each article reported once
    assert "rente.txt" in done.stderr and "leer.txt" in done.stderr
    for rel in ("folder/politik/stichwahl.mp3", "folder/wirtschaft/inflation.mp3"):
        check_mp3(out / rel)
    assert not leftovers(out)


def _run_in_background(env: dict, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "narrate", *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while not condition():
        assert proc.poll() is None, f"the run ended before {what}: {proc.communicate()[1]}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_killed_worker_loses_no_article(cluster: Cluster, tmp_path: Path, env: dict) -> None:
    for cache in cluster.caches():  # every sentence is synthesised again: the run takes a while
        shutil.rmtree(cache, ignore_errors=True)
    names = [str(p.relative_to(SAMPLES)) for p in sorted((SAMPLES / "folder").rglob("*.*"))]
    src, out = subset(tmp_path / "in", names), tmp_path / "out"
    proc = _run_in_background(env, src, "-o", out, "--cluster", cluster.address, "--report", tmp_path / "r.json")
    _wait_for(lambda: len(cluster.workers()) == 2 and finals(out), proc, "both workers were busy")
    victim = cluster.workers()[0]
    os.kill(victim, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "its articles go to another worker" in stderr
    assert victim not in cluster.workers()
    report = report_of(tmp_path / "r.json")
    assert len(report) == len(names) and {a["status"] for a in report.values()} == {WRITTEN}
    assert finals(out) == {Path(n).with_suffix(".mp3") for n in names}
    for rel in finals(out):
        check_mp3(out / rel)
    assert not leftovers(out)
    left = [p for p in cluster.scratch() if p.parent.name == "narrate-worker"]
    assert not left, "the replacement worker removes what the dead one left"


def test_ctrl_c_stops_the_cluster_work_and_leaves_no_partial_file(cluster: Cluster, tmp_path: Path,
                                                                  env: dict) -> None:
    for cache in cluster.caches():
        shutil.rmtree(cache, ignore_errors=True)
    names = [str(p.relative_to(SAMPLES)) for p in sorted((SAMPLES / "folder").rglob("*.*"))]
    src, out = subset(tmp_path / "in", names), tmp_path / "out"
    proc = _run_in_background(env, src, "-o", out, "--cluster", cluster.address)
    _wait_for(lambda: finals(out), proc, "the first MP3 was written")
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    finished = finals(out)
    assert finished < {Path(n).with_suffix(".mp3") for n in names}
    for rel in finished:
        assert read_record(out / rel) is not None
    assert not leftovers(out)
    deadline = time.monotonic() + 60
    while cluster.workers() and time.monotonic() < deadline:  # the actors end with the driver
        time.sleep(0.5)
    assert not cluster.workers()


@pytest.mark.parametrize("args, message", [
    (["--cluster", "nowhere"], "--cluster must be"),
    (["--gpus-per-worker", "1"], "add --cluster"),
    (["--cluster", "ray", "--gpus-per-worker", "-1"], "--gpus-per-worker must be between"),
])
def test_bad_cluster_options_are_one_line(tmp_path: Path, env: dict, args, message) -> None:
    src = subset(tmp_path / "in", SUBSET[:1])
    done = narrate(env, src, "-o", tmp_path / "out", *args, check_rc=1)
    assert message in done.stderr and not (tmp_path / "out").exists()


def test_gpus_the_cluster_lacks_are_refused(cluster: Cluster, tmp_path: Path, env: dict) -> None:
    src = subset(tmp_path / "in", SUBSET[:1])
    done = narrate(env, src, "-o", tmp_path / "out", "--cluster", cluster.address, "--gpus-per-worker", 1,
                   check_rc=1)
    assert "--gpus-per-worker 1 but the Ray cluster has 0 GPUs" in done.stderr
    assert not (tmp_path / "out").exists() or not finals(tmp_path / "out")
