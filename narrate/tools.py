"""External programs (espeak-ng, ffmpeg, ffprobe): found once, run with an argument list."""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess

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
        tail = done.stderr.decode("utf-8", "replace").strip()[-_STDERR_TAIL_CHARS:]
        shown = " ".join(command[:6]) + (" …" if len(command) > 6 else "")
        raise ToolFailedError(f"{shown} failed (exit {done.returncode}): {tail or 'no message'}")
    return done.stdout
