"""Files appear under their final name only when complete: write beside, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from narrate.errors import OutputError


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
