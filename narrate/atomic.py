"""Files appear under their final name only when complete: write beside, then rename."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from narrate.errors import OutputError

# mkstemp's random part: 8 of these characters (CPython's tempfile._RandomNameSequence).
_TEMP_RANDOM = r"[a-z0-9_]{8}"


@contextmanager
def atomic_path(dest: Path, suffix: str = ".part") -> Iterator[Path]:
    """A hidden temporary path beside `dest` that becomes `dest` only if the block succeeds.

    Same folder, so the rename is atomic; on any failure the temporary file is removed.
    """
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.stem}.", suffix=suffix, dir=dest.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot write into {dest.parent} ({exc.strerror}); choose another -o") from exc
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except OSError as exc:
        raise OutputError(f"cannot write {dest} ({exc.strerror}); check the folder and free space") from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> Path:
    """Write UTF-8 text (LF line ends) so that `path` is never partial."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return path


def temp_stem(name: str, suffix: str = ".part") -> str | None:
    """The stem of the final file that `name` is an atomic_path temporary of, else None.

    Only names of exactly atomic_path's pattern (`.STEM.XXXXXXXX<suffix>`) match, so a sweep of
    leftovers never touches a user's own file.
    """
    match = re.fullmatch(rf"\.(.+)\.{_TEMP_RANDOM}{re.escape(suffix)}", name)
    return match.group(1) if match else None


def check_writable(path: Path, option: str) -> None:
    """Refuse, before any long work, a file path that atomic_path could not write later.

    Probes by creating and removing a hidden temporary file in the nearest existing folder, so a
    read-only file system or a missing permission is found even when running as root.
    """
    if path.is_dir():
        raise OutputError(f"{option} {path} is a folder; give a file name")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(f"{option} {path}: {folder} is not a folder; choose another {option}")
    try:
        fd, probe = tempfile.mkstemp(prefix=".narrate-probe.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot write into {folder} ({exc.strerror}); "
                          f"choose another {option}") from None
