"""What every voice store does with files: download progress, unpacking a copied-in voice, and
putting a checked folder in place in one rename (no torch, no onnxruntime)."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from narrate.errors import VoiceError

ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


@dataclass(frozen=True)
class DownloadProgress:
    """Bytes of `name` fetched so far; `total_bytes` is None when the server does not say."""

    name: str
    done_bytes: int
    total_bytes: int | None


ProgressCallback = Callable[[DownloadProgress], None]


def extract_archive(source: Path, into: Path, expected: str) -> None:
    """Unpack a .zip or .tar(.gz/.bz2/.xz) into `into`; anything else names what was `expected`."""
    name = source.name.lower()
    if name.endswith(".zip"):
        with zipfile.ZipFile(source) as archive:
            archive.extractall(into)
    elif name.endswith(ARCHIVE_SUFFIXES):
        with tarfile.open(source) as archive:
            archive.extractall(into, filter="data")
    else:
        raise VoiceError(f"{source} is neither {expected}")


def unwrap(folder: Path, holds_voice: Callable[[Path], bool]) -> Path:
    """The folder holding the voice: the top, or the one folder an archive wrapped it in."""
    while not holds_voice(folder):
        entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
        if len(entries) != 1 or not entries[0].is_dir():
            break
        folder = entries[0]
    return folder


def replace_folder(staging: Path, dest: Path) -> None:
    """Move a checked folder to `dest` in one rename, replacing an older copy only once it is in place."""
    old = None
    if dest.exists():
        old = dest.with_name(f".old-{dest.name}-{os.getpid()}")
        dest.rename(old)
    staging.rename(dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def unpacked_beside(source: Path, dest: Path, unpack: Callable[[Path, Path], None],
                    expected: str) -> Iterator[Path]:
    """`source` unpacked by `unpack` into a temporary folder beside `dest` (so placing it is a rename).

    A missing or unreadable source is a VoiceError naming it and what was `expected`; the temporary
    folder goes when the block ends, placed or not.
    """
    source = source.expanduser()
    if not source.exists():
        raise VoiceError(f"{source} does not exist; give {expected}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".partial-") as tmp:
        staging = Path(tmp) / "unpacked"
        staging.mkdir()
        try:
            unpack(source, staging)
        except (OSError, zipfile.BadZipFile, tarfile.TarError) as exc:
            raise VoiceError(f"cannot read {source}: {str(exc)[:200]}") from exc
        yield staging
