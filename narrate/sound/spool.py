"""Audio kept on disk while an article is spoken, so memory does not grow with its length.

A spool is an anonymous float32 file (created and unlinked at once: nothing is left behind even
when the process is killed) in the output's folder, appended to as sentences are spoken and read
back block by block by the later stages.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from narrate.errors import OutputError
from narrate.models import SampleSource

log = logging.getLogger(__name__)

SAMPLE_BYTES = 4  # float32
BLOCK_SAMPLES = 1 << 17  # samples per block when a stage walks the audio (≈ 6 s at 22.05 kHz)


def no_space_error(folder: Path, what: str) -> OutputError:
    """The one line a full disk gets: where, what could not be written, and what to do."""
    return OutputError(f"no space left on the disk of {folder} while writing {what}; "
                       f"free some space there or choose another -o")


def existing_folder(path: Path) -> Path:
    """`path` or its nearest existing parent: where free space can be asked before mkdir."""
    path = Path(path).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _mb(count: float) -> str:
    return f"{count / 1e6:,.1f} MB" if count < 1e7 else f"{count / 1e6:,.0f} MB"


def check_free_space(folder: Path, needed_bytes: int, what: str) -> None:
    """OutputError before long work starts when `folder`'s disk has less than `needed_bytes` free."""
    free = shutil.disk_usage(existing_folder(folder)).free
    if needed_bytes > free:
        raise OutputError(
            f"not enough free space in {folder} for {what}: about {_mb(needed_bytes)} needed, "
            f"{_mb(free)} free; free some space or choose another -o")
    log.debug("free space in %s: %d bytes, %d needed", folder, free, needed_bytes)


class Spool:
    """Float32 mono samples appended to an unlinked temporary file in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._file = tempfile.TemporaryFile(prefix=".narrate-audio.", dir=self.folder)
        except OSError as exc:
            raise OutputError(f"cannot write into {self.folder} ({exc.strerror}); choose another -o") from exc
        self._count = 0

    def write(self, samples: np.ndarray) -> None:
        """Append samples (converted to little-endian float32)."""
        data = np.ascontiguousarray(samples, dtype="<f4")
        try:
            self._file.write(data.tobytes())
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise no_space_error(self.folder, "the audio being spoken") from exc
            raise OutputError(f"cannot write audio into {self.folder} ({exc.strerror})") from exc
        self._count += data.size

    def __len__(self) -> int:
        return self._count

    def read(self, start: int, stop: int) -> np.ndarray:
        """Samples [start, stop) as a fresh float32 array (not a memory map: pages stay unmapped)."""
        start, stop = max(start, 0), min(stop, self._count)
        if stop <= start:
            return np.zeros(0, dtype=np.float32)
        self._file.flush()
        data = os.pread(self._file.fileno(), (stop - start) * SAMPLE_BYTES, start * SAMPLE_BYTES)
        return np.frombuffer(data, dtype="<f4").astype(np.float32, copy=True)

    def blocks(self, size: int = BLOCK_SAMPLES) -> Iterator[np.ndarray]:
        for start in range(0, self._count, size):
            yield self.read(start, start + size)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def iter_blocks(samples: np.ndarray | SampleSource, size: int = BLOCK_SAMPLES) -> Iterator[np.ndarray]:
    """Consecutive float32 blocks of at most `size` samples, from an array or a spool alike."""
    if isinstance(samples, np.ndarray):
        for start in range(0, samples.size, size):
            yield np.asarray(samples[start : start + size], dtype=np.float32)
    else:
        yield from samples.blocks(size)
