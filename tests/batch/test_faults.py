"""A run killed outright leaves nothing behind that harms the next; bad cached audio is redone.

Real `narrate` runs (espeak-ng, ffmpeg, real MP3s) killed with SIGKILL: the workers must go with
their parent, the next run must convert what was left, and temporaries of killed runs are removed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from audio_checks import check_mp3
from narrate.atomic import temp_stem
from narrate.batch.cache import SentenceCache, encode_entry
from narrate.batch.jobs import SKIPPED, WRITTEN, BatchResult, write_report
from narrate.batch.locks import lock_path, output_lock, remove_leftovers
from narrate.errors import OutputError
from test_batch import (  # noqa: F401  (env is a fixture)
    ARTICLES, _long_articles, env, expected_mp3s, finals, leftovers, narrate, report_of, write_tree,
)

GONE_WITHIN_S = 10.0  # how long workers may take to notice their parent died and clean up


def group_members(pgid: int) -> list[tuple[int, str]]:
    """(pid, command) of every live (not zombie) process in the process group `pgid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        state, _, group = stat.rsplit(")", 1)[1].split()[:3]
        if int(group) == pgid and state != "Z":
            found.append((int(entry.name), cmd))
    return found


def start_batch(env: dict, src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "narrate", src, "-o", out, "--jobs", "2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def wait_for(condition, proc: subprocess.Popen, timeout: float = 300, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(step)
    assert proc.poll() is None, "the run ended before it could be killed"


def workers_of(pid: int) -> list[int]:
    """Children of `pid` that are narrate's batch workers."""
    return [p for p, cmd in group_members(pid) if p != pid and "spawn_main" in cmd]


# ── SIGKILL of the main process ──────────────────────────────────────────────


def test_sigkill_of_the_main_process_takes_the_workers_along(tmp_path: Path, env: dict) -> None:
    files = _long_articles(6)
    src, out = write_tree(tmp_path / "in", files), tmp_path / "out"
    proc = start_batch(env, src, out)
    wait_for(lambda: finals(out) and len(workers_of(proc.pid)) == 2, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + GONE_WITHIN_S
    while group_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = group_members(proc.pid)
    if orphans:
        os.killpg(proc.pid, signal.SIGKILL)  # do not leave them running after the test
    assert not orphans, f"orphans left: {orphans}"
    done_before = finals(out)
    assert done_before < expected_mp3s(out, files)
    assert not leftovers(out)  # the workers stopped cleanly: no part or lock file
    narrate(env, src, "-o", out, "--report", tmp_path / "next.json")
    report = report_of(tmp_path / "next.json")
    assert set(out.rglob("*.mp3")) == expected_mp3s(out, files)
    assert {Path(a["output"]) for a in report.values() if a["status"] == SKIPPED} == done_before
    assert all(a["error"] is None for a in report.values())  # none "another run is writing it"
    for mp3 in out.rglob("*.mp3"):
        check_mp3(mp3)


def test_sigkill_of_the_whole_group_leaves_nothing_for_the_next_run(tmp_path: Path, env: dict) -> None:
    files = _long_articles(8)
    src, out = write_tree(tmp_path / "in", files), tmp_path / "out"
    proc = start_batch(env, src, out)
    parts = lambda: [p for p in out.rglob(".*.part.mp3") if temp_stem(p.name, ".part.mp3")]
    wait_for(parts, proc, step=0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # no process runs any cleanup
    proc.wait(timeout=10)
    left = parts()
    assert left, "no temporary MP3 was caught being written"
    time.sleep(0.05)  # the next run starts strictly later than the leftovers were last written
    done = narrate(env, src, "-o", out, "--report", tmp_path / "next.json")
    assert not leftovers(out), leftovers(out)
    assert not any(p.exists() for p in left) and "left by a run that was killed" in " ".join(done.stderr.split())
    assert set(out.rglob("*.mp3")) == expected_mp3s(out, files)
    report = report_of(tmp_path / "next.json")
    assert {a["status"] for a in report.values()} <= {WRITTEN, SKIPPED}
    assert all(a["error"] is None for a in report.values())


_WATCHED = """
import signal, sys, time
from narrate.batch.orphans import die_with_parent
def stop(signum, frame):
    print("stopped cleanly", flush=True)
    raise SystemExit(128 + signum)
signal.signal(signal.SIGTERM, stop)
die_with_parent(int(sys.argv[1]))
time.sleep(60)
"""


@pytest.mark.parametrize("parent_alive", [True, False])
def test_watchdog_stops_a_worker_whose_parent_is_gone(parent_alive: bool) -> None:
    """A parent that died before the worker asked for the death signal is caught by the watchdog."""
    watched = os.getpid() if parent_alive else 1  # not our parent: as if ours had died already
    proc = subprocess.Popen([sys.executable, "-c", _WATCHED, str(watched)], stdout=subprocess.PIPE, text=True)
    try:
        out, _ = proc.communicate(timeout=GONE_WITHIN_S)
    except subprocess.TimeoutExpired:
        assert parent_alive, "the watchdog did not stop the worker"
        proc.kill()
        proc.wait()
        return
    assert not parent_alive, "a worker whose parent lives was stopped"
    assert proc.returncode == 128 + signal.SIGTERM and out.strip() == "stopped cleanly"


# ── locks and leftovers, with real processes killed ──────────────────────────

_HOLDER = """
import sys, time
from pathlib import Path
from narrate.atomic import atomic_path
from narrate.batch.locks import output_lock
dest = Path(sys.argv[1])
target = Path(sys.argv[2]) if len(sys.argv) > 2 else dest  # a transcript, written under the MP3's lock
with output_lock(dest) as mine:
    assert mine
    with atomic_path(target, suffix=".part.mp3" if target == dest else ".part") as tmp:
        tmp.write_bytes(b"ID3 half an mp3")
        print(tmp, flush=True)
        time.sleep(600)
"""


def hold(dest: Path, target: Path | None = None) -> tuple[subprocess.Popen, Path]:
    """A process holding `dest`'s lock while writing its temporary MP3 (or `target`); it and the temp."""
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(dest), *([str(target)] if target else [])],
                            stdout=subprocess.PIPE, text=True)
    return proc, Path(proc.stdout.readline().strip())


def killed_holder(dest: Path, target: Path | None = None) -> Path:
    proc, part = hold(dest, target)
    proc.kill()
    proc.wait()
    assert part.exists() and lock_path(dest).exists()  # SIGKILL ran no cleanup
    return part


def test_a_lock_held_by_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    dest = tmp_path / "a.mp3"
    killed_holder(dest)
    with output_lock(dest) as mine:
        assert mine
        assert lock_path(dest).read_text().strip() == str(os.getpid())
    assert not lock_path(dest).exists()


def test_a_lock_file_replaced_under_us_is_not_taken_for_ours(tmp_path: Path) -> None:
    """A holder removes the lock file as it releases; whoever locked the old file must retry."""
    from narrate.batch.locks import _still_named

    lock = lock_path(tmp_path / "a.mp3")
    lock.write_text("")
    fd = os.open(lock, os.O_RDWR)
    try:
        assert _still_named(fd, lock)
        lock.unlink()
        assert not _still_named(fd, lock)
        lock.write_text("")  # the next run's fresh lock file
        assert not _still_named(fd, lock)
    finally:
        os.close(fd)
    with output_lock(tmp_path / "a.mp3") as mine:
        assert mine and lock.read_text().strip() == str(os.getpid())


def test_a_live_holder_keeps_its_lock_and_its_temporary(tmp_path: Path) -> None:
    dest = tmp_path / "a.mp3"
    proc, part = hold(dest)
    try:
        time.sleep(0.05)
        assert remove_leftovers([dest], time.time()) == []
        assert part.exists() and lock_path(dest).exists()
        with output_lock(dest) as mine:
            assert not mine
    finally:
        proc.kill()
        proc.wait()


def test_leftovers_of_killed_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    dests = [tmp_path / "out" / "a.mp3", tmp_path / "out" / "b.c.mp3"]
    parts = [killed_holder(dest) for dest in dests]
    orphan = killed_holder(tmp_path / "out" / "gelöscht.mp3")  # its article is gone from the batch
    transcripts = [killed_holder(dests[0], tmp_path / "out" / name) for name in ("a.vtt", "a.chapters.json")]
    other = killed_holder(tmp_path / "out" / "x.mp3", tmp_path / "out" / "x.vtt")  # not this batch's
    keep = ["my.part.mp3", ".a.part.mp3", ".a.abc.part.mp3", ".a.ABCDEFGH.part.mp3",
            "a.12345678.part.mp3", ".a.12345678.part.mp3.bak", "a.mp3.lock", ".notes.lock",
            ".a.1234567.part", ".notes.12345678.part", "a.12345678.part", other.name]
    for name in keep[:-1]:
        (tmp_path / "out" / name).write_bytes(b"the user's own")
    time.sleep(0.05)
    started = time.time()
    newer = tmp_path / "out" / ".a.zz_99yy0.part.mp3"
    newer.write_bytes(b"a run that started after us")
    removed = remove_leftovers(dests, started)
    locks = [lock_path(d) for d in [*dests, tmp_path / "out" / "gelöscht.mp3", tmp_path / "out" / "x.mp3"]]
    assert sorted(removed) == sorted([*parts, orphan, *transcripts, *locks])
    assert not any(p.exists() for p in removed)
    assert all((tmp_path / "out" / name).exists() for name in keep) and newer.exists()


@pytest.mark.parametrize("name, stem", [
    (".a.k2j4_9zq.part.mp3", "a"), (".b.c.00000000.part.mp3", "b.c"), (".ä ö.abcdefgh.part.mp3", "ä ö"),
    (".a.abcdefg.part.mp3", None), (".a.abcdefghi.part.mp3", None), ("a.abcdefgh.part.mp3", None),
    (".a.abcdefgh.part", None), (".a.ABCDEFGH.part.mp3", None), ("..abcdefgh.part.mp3", None),
])
def test_temp_pattern(name: str, stem: str | None) -> None:
    assert temp_stem(name, ".part.mp3") == stem


# ── a failing --report after the work ────────────────────────────────────────


def test_a_report_that_cannot_be_written_is_blamed_on_report(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError) as caught:
        write_report(BatchResult((), 1.0), tmp_path / "file" / "r.json")
    assert str(caught.value).endswith("choose another --report") and " -o" not in str(caught.value)


# ── bad audio in the sentence cache ──────────────────────────────────────────


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_bad_cache_entry_is_deleted_and_resynthesised(tmp_path: Path, env: dict, bad: float) -> None:
    src = write_tree(tmp_path / "in", {"kurz.txt": ARTICLES["kurz.txt"]}) / "kurz.txt"
    out = tmp_path / "k.mp3"
    narrate(env, src, "-o", out)
    cache = SentenceCache(tmp_path / "cache", 1 << 30)
    entries = sorted(cache.root.rglob("*.f32"))
    assert len(entries) >= 2
    victim = entries[0]
    good = np.frombuffer(victim.read_bytes()[48:], dtype="<f4").copy()
    poisoned = good.copy()
    poisoned[len(poisoned) // 2] = bad
    victim.write_bytes(encode_entry(poisoned))  # a valid checksum over bad samples
    done = narrate(env, src, "-o", out, "--force", "--report", tmp_path / "r.json")
    article = report_of(tmp_path / "r.json")["kurz.txt"]
    assert article["status"] == WRITTEN and article["sentences_synthesized"] == 1, done.stderr
    assert "deleted, synthesising the sentence again" in " ".join(done.stderr.split())
    again = np.frombuffer(victim.read_bytes()[48:], dtype="<f4")
    assert np.isfinite(again).all() and np.abs(again).max() <= 1.0
    np.testing.assert_array_equal(again, good)  # espeak-ng is deterministic
    check_mp3(out)
