"""Who may write an MP3 now, and what runs that were killed outright left behind.

A run holds `.NAME.mp3.lock` (an flock) while it writes NAME.mp3. The kernel drops an flock when
its holder dies, however it dies, so a lock left by a killed run is simply taken over; the file
itself is removed by whoever next holds and releases it. SIGKILL or a power cut also skips the
cleanup of atomic_path's temporaries, so each run first removes the `.NAME.XXXXXXXX.part.mp3`
files older than itself in its output folders, and the `.part` temporaries of the transcripts of
its own MP3s (NAME.vtt, NAME.chapters.json; written under the MP3's lock), but only those whose
MP3 no live run holds.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from narrate.atomic import temp_stem
from narrate.errors import OutputError

log = logging.getLogger(__name__)

PART_MP3_SUFFIX: Final = ".part.mp3"  # what export_mp3 passes to atomic_path
PART_SUFFIX: Final = ".part"  # atomic_path's default: the transcripts
LOCK_SUFFIX: Final = ".lock"
_LOCK_ATTEMPTS = 5  # a holder may remove the file between our open and our flock; then retry


def lock_path(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}{LOCK_SUFFIX}")


def _open_lock(lock: Path) -> int:
    try:
        return os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot write into {lock.parent} ({exc.strerror}); choose another -o") from exc


def _still_named(fd: int, lock: Path) -> bool:
    """The locked file is still the one at `lock` (its last holder may have just removed it)."""
    try:
        named = os.stat(lock)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


@contextmanager
def output_lock(dest: Path) -> Iterator[bool]:
    """Hold `.NAME.mp3.lock` beside the MP3; yields False when a live run is writing it."""
    lock = lock_path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write into {dest.parent} ({exc.strerror}); choose another -o") from exc
    for _ in range(_LOCK_ATTEMPTS):
        fd = _open_lock(lock)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            yield False
            return
        if _still_named(fd, lock):
            break
        os.close(fd)
    else:
        yield False  # the lock file keeps being replaced: some other run is busy with it
        return
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # for a person wondering who holds it
        yield True
    finally:
        lock.unlink(missing_ok=True)  # before closing, so nobody locks a file about to vanish
        os.close(fd)


def remove_leftovers(dests: Iterable[Path], started: float) -> list[Path]:
    """Remove temporaries and lock files of killed runs from the folders of `dests`; the removed.

    Only `.STEM.XXXXXXXX.part.mp3` (atomic_path's exact pattern), `.NAME.mp3.lock` files and the
    `.STEM.XXXXXXXX.part` temporaries of the transcripts of `dests` are considered, only those last changed before `started` (this run's start, time.time()), and
    only while holding the MP3's lock: a live run's files are never touched.
    """
    from narrate.listen.transcript import transcript_paths  # pulls in the sound stage: not at --help

    folders: dict[Path, dict[str, Path]] = {}
    owners: dict[Path, dict[str, Path]] = {}  # a transcript's stem → its MP3
    for dest in dests:
        folders.setdefault(dest.parent, {})[dest.stem] = dest
        owners.setdefault(dest.parent, {}).update({p.stem: dest for p in transcript_paths(dest)})
    removed: list[Path] = []
    for folder, by_stem in folders.items():
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue  # not made yet, or unreadable: nothing of ours can be there
        for name in names:
            stem = temp_stem(name, PART_MP3_SUFFIX)
            if stem is not None:
                removed += _remove_if_stale(folder / name, by_stem.get(stem, folder / f"{stem}.mp3"), started)
            elif name.startswith(".") and name.lower().endswith(".mp3" + LOCK_SUFFIX):
                removed += _remove_if_stale(folder / name, folder / name[1:-len(LOCK_SUFFIX)], started)
            elif (owner := owners[folder].get(temp_stem(name, PART_SUFFIX) or "")) is not None:
                removed += _remove_if_stale(folder / name, owner, started)
    for path in removed:
        log.info("removed %s, left by a run that was killed", path)
    return removed


def _stale(path: Path, started: float) -> bool:
    try:
        return path.stat().st_mtime < started
    except FileNotFoundError:
        return False


def _remove_if_stale(path: Path, dest: Path, started: float) -> list[Path]:
    """`path` (and a stale lock file of `dest`) removed, if stale and no live run holds `dest`."""
    if not _stale(path, started):
        return []
    lock = lock_path(dest)
    old_lock = lock != path and _stale(lock, started)
    with output_lock(dest) as mine:
        if not mine:
            return []
        if lock != path:  # the lock file itself goes when the lock is released
            path.unlink(missing_ok=True)
    return [path, lock] if old_lock else [path]
