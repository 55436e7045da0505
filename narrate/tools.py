"""External programs (espeak-ng, ffmpeg, ffprobe): found once, run with an argument list."""

from __future__ import annotations

import fcntl
import functools
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from typing import IO

from narrate.errors import ToolFailedError, ToolMissingError

log = logging.getLogger(__name__)

_INSTALL_HINT = {
    "espeak-ng": "sudo apt-get install espeak-ng",
    "ffmpeg": "sudo apt-get install ffmpeg",
    "ffprobe": "sudo apt-get install ffmpeg",
}
_STDERR_TAIL_CHARS = 400


@functools.cache
def find_tool(name: str) -> str:
    """The absolute path of an external program, or ToolMissingError naming the install command."""
    path = shutil.which(name)
    if path is None:
        hint = _INSTALL_HINT.get(name, f"install {name}")
        raise ToolMissingError(f"{name} is not installed; install it with: {hint}")
    return path


def run_tool(name: str, args: list[str], stdin: bytes | None = None) -> bytes:
    """Run `name args…`, return its stdout; a failure raises ToolFailedError with the stderr tail."""
    command = [find_tool(name), *args]
    log.debug("running %s", command)
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise ToolFailedError(f"{name} could not be started ({exc}); reinstall it") from exc
    if done.returncode != 0:
        raise _failed(command, done.returncode, done.stderr)
    return done.stdout


def _failed(command: list[str], returncode: int, stderr: bytes) -> ToolFailedError:
    tail = stderr.decode("utf-8", "replace").strip()[-_STDERR_TAIL_CHARS:]
    shown = " ".join(command[:6]) + (" …" if len(command) > 6 else "")
    return ToolFailedError(f"{shown} failed (exit {returncode}): {tail or 'no message'}")


_PIPE_BYTES = 1 << 20  # Linux's default ceiling for an unprivileged pipe


def _widen_pipe(pipe: IO[bytes]) -> None:
    """A 1 MB pipe lets the program work on one block while the next is computed (Linux only)."""
    try:
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (AttributeError, OSError) as exc:
        log.debug("pipe left at its default size (%s)", exc)


def feed_tool(name: str, args: list[str], chunks: Iterable[bytes]) -> None:
    """Run `name args…` with `chunks` written to its stdin one by one, so input is never held whole.

    stderr goes to a temporary file (no pipe to fill and deadlock on); a failure raises
    ToolFailedError with its tail. If producing a chunk raises, the program is killed first.
    """
    command = [find_tool(name), *args]
    log.debug("running %s (fed in chunks)", command)
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        except OSError as exc:
            raise ToolFailedError(f"{name} could not be started ({exc}); reinstall it") from exc
        _widen_pipe(proc.stdin)
        try:
            for chunk in chunks:
                proc.stdin.write(chunk)
            proc.stdin.close()
        except BrokenPipeError:
            pass  # it stopped reading: its exit code and stderr say why
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        if proc.wait() != 0:
            errors.seek(0)
            raise _failed(command, proc.returncode, errors.read())
