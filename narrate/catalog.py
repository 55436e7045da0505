"""Voice presets (`voices/*.toml`), which are installed, and which one a narration uses."""

from __future__ import annotations

import logging
import os
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from narrate.config import DEFAULT_VOICE, VoiceSettings
from narrate.errors import VoiceError

log = logging.getLogger(__name__)

VOICE_ENV = "NARRATE_VOICE"


@dataclass(frozen=True)
class VoicePreset:
    name: str
    engine: str  # key of narrate.engines registry
    description: str = ""
    licence: str = ""
    size_mb: float = 0.0
    options: dict = field(default_factory=dict)  # engine-specific, passed to the engine's load()


def data_dir() -> Path:
    """The shipped `voices/` folder: inside the wheel as narrate/_voices, else beside the package."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_voices", package.parent / "voices"):
        if candidate.is_dir():
            return candidate
    raise VoiceError("narrate's voices/ folder is missing; reinstall narrate")


def _read_preset(path: Path) -> VoicePreset:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return VoicePreset(
            name=raw["name"], engine=raw["engine"], description=raw.get("description", ""),
            licence=raw.get("licence", ""), size_mb=float(raw.get("size_mb", 0)),
            options=dict(raw.get("options", {})),
        )
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise VoiceError(f"voice preset {path} is broken ({exc}); fix or remove it") from exc


def list_presets() -> list[VoicePreset]:
    """Every shipped voice preset, sorted by name."""
    return sorted((_read_preset(p) for p in data_dir().glob("*.toml")), key=lambda v: v.name)


def is_installed(preset: VoicePreset) -> bool:
    """Whether the voice can speak now, without any download."""
    if preset.engine == "espeak":
        return shutil.which("espeak-ng") is not None
    if preset.engine == "coqui":
        from narrate import coqui_store  # no torch: only paths and files

        return coqui_store.is_installed(preset)
    return False


def find_voice(name_or_dir: str) -> VoicePreset:
    """A preset by name, or a folder holding a Coqui checkpoint (config.json + model file)."""
    for preset in list_presets():
        if preset.name == name_or_dir:
            return preset
    folder = Path(name_or_dir).expanduser()
    if folder.is_dir():
        from narrate import coqui_store

        return coqui_store.preset_from_dir(folder)
    names = ", ".join(p.name for p in list_presets())
    raise VoiceError(f"unknown voice {name_or_dir!r}; use one of {names} or a Coqui checkpoint folder")


def choose_voice(settings: VoiceSettings) -> VoicePreset:
    """`--voice` > NARRATE_VOICE > the best voice installed (a Coqui German voice, else espeak-de)."""
    wanted = settings.name or os.environ.get(VOICE_ENV)
    if wanted:
        preset = find_voice(wanted)
        if not is_installed(preset):
            raise VoiceError(f"voice {preset.name!r} is not installed; run `narrate voices install "
                             f"{preset.name}` or choose --voice {DEFAULT_VOICE}")
        return preset
    installed = [p for p in list_presets() if is_installed(p)]
    neural = [p for p in installed if p.engine != "espeak"]
    if neural:
        return neural[0]
    for preset in installed:
        if preset.name == DEFAULT_VOICE:
            return preset
    raise VoiceError(f"no voice is installed; install espeak-ng (sudo apt-get install espeak-ng)")
