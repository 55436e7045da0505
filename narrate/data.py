"""The data narrate ships: voice presets and the pronunciation lexicon (`voices/`)."""

from __future__ import annotations

from pathlib import Path

from narrate.errors import VoiceError


def data_dir() -> Path:
    """The shipped `voices/` folder: inside the wheel as narrate/_voices, else beside the package."""
    package = Path(__file__).resolve().parent  # narrate/
    for candidate in (package / "_voices", package.parent / "voices"):
        if candidate.is_dir():
            return candidate
    raise VoiceError("narrate's voices/ folder is missing; reinstall narrate")
