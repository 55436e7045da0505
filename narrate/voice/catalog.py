"""Voice presets (`voices/*.toml`), which are installed, and which one a narration uses."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from narrate.config import DEFAULT_VOICE, VoiceSettings
from narrate.errors import VoiceError
from narrate.voice import coqui_store  # no torch: only paths and files
from narrate.voice.presets import VoicePreset, list_presets

log = logging.getLogger(__name__)

VOICE_ENV = "NARRATE_VOICE"


def is_installed(preset: VoicePreset) -> bool:
    """Whether the voice can speak now, without any download."""
    if preset.engine == "espeak":
        return shutil.which("espeak-ng") is not None
    if preset.engine == "coqui":
        return coqui_store.is_installed(preset)
    return False


def find_voice(name_or_dir: str) -> VoicePreset:
    """A preset by name, a Coqui model name (tts_models/…), or a folder holding a Coqui checkpoint."""
    presets = list_presets()
    for preset in presets:
        if preset.name == name_or_dir:
            return preset
    if coqui_store.is_model_name(name_or_dir) and name_or_dir.startswith("tts_models/"):
        return VoicePreset(name=name_or_dir, engine="coqui", options={"model": name_or_dir})
    folder = Path(name_or_dir).expanduser()
    if folder.is_dir():
        return coqui_store.preset_from_dir(folder)
    names = ", ".join(p.name for p in presets)
    raise VoiceError(f"unknown voice {name_or_dir!r}; use one of {names} or a Coqui checkpoint folder")


def choose_voice_why(settings: VoiceSettings) -> tuple[VoicePreset, str]:
    """The voice to use and why: `--voice` > NARRATE_VOICE > the best voice installed.

    Never downloads: a voice asked for but not installed is an error that says how to install it.
    """
    for wanted, reason in ((settings.name, "--voice"), (os.environ.get(VOICE_ENV), VOICE_ENV)):
        if wanted:
            preset = find_voice(wanted)
            if not is_installed(preset):
                raise VoiceError(_not_installed(preset))
            return preset, f"chosen by {reason}"
    installed = sorted((p for p in list_presets() if is_installed(p)),
                       key=lambda p: (p.rank, p.name != DEFAULT_VOICE, p.name))
    if installed and installed[0].engine == "espeak":
        return installed[0], ("no neural German voice is installed, so the robotic offline voice; "
                              "`narrate voices install thorsten` gets a natural one")
    if installed:
        return installed[0], "the best voice installed"
    raise VoiceError("no voice is installed; install espeak-ng (sudo apt-get install espeak-ng)")


def _not_installed(preset: VoicePreset) -> str:
    if preset.engine == "coqui":
        if not coqui_store.extra_installed():
            return f"voice {preset.name!r} needs the coqui extra: pip install 'narrate[coqui]'"
        try:
            coqui_store.resolve(preset)
        except VoiceError as exc:
            return str(exc)
    if preset.engine == "espeak":
        return f"voice {preset.name!r} needs espeak-ng: sudo apt-get install espeak-ng"
    return (f"voice {preset.name!r} is not installed; run `narrate voices install {preset.name}` "
            f"or choose --voice {DEFAULT_VOICE}")


def choose_voice(settings: VoiceSettings) -> VoicePreset:
    """`--voice` > NARRATE_VOICE > the best voice installed (a Coqui German voice, else espeak-de).

    Logs at INFO which voice and why; never downloads.
    """
    preset, why = choose_voice_why(settings)
    log.info("voice %s (%s engine): %s", preset.name, preset.engine, why)
    return preset
