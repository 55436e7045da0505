"""Voice presets (`voices/*.toml`), which are installed, and which one a narration uses."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from pathlib import Path

from narrate.config import DEFAULT_VOICE, FALLBACK_VOICE, VoiceSettings
from narrate.errors import VoiceError
from narrate.voice import coqui_store, piper_store  # no torch, no onnxruntime: only paths and files
from narrate.voice.presets import VoicePreset, list_presets

log = logging.getLogger(__name__)

VOICE_ENV = "NARRATE_VOICE"
OFFLINE_ENGINES = ("pico", "espeak")  # not neural: chosen only when no neural German voice is installed
NEURAL_HINT = "`narrate voices install de_DE-thorsten-medium` gets a natural one"

# Engines whose voices are files in a store, with an extra named after the engine.
_MODEL_STORES = {"coqui": coqui_store, "piper": piper_store}


def is_installed(preset: VoicePreset) -> bool:
    """Whether the voice can speak now, without any download."""
    if preset.engine == "espeak":
        return shutil.which("espeak-ng") is not None
    if preset.engine == "pico":
        return importlib.util.find_spec("py_nanotts") is not None
    store = _MODEL_STORES.get(preset.engine)
    return store is not None and store.is_installed(preset)


def all_voices() -> list[VoicePreset]:
    """The shipped presets and the Piper voices installed under names of their own."""
    return list_presets() + piper_store.installed_voices()


def find_voice(name_or_path: str) -> VoicePreset:
    """A voice by name, a Coqui model name (tts_models/…), a Piper NAME.onnx, or a voice folder."""
    voices = all_voices()
    for preset in voices:
        if preset.name == name_or_path:
            return preset
    if coqui_store.is_model_name(name_or_path) and name_or_path.startswith("tts_models/"):
        return VoicePreset(name=name_or_path, engine="coqui", options={"model": name_or_path})
    path = Path(name_or_path).expanduser()
    if path.suffix == ".onnx" or (path.is_dir() and any(path.glob("*.onnx"))):
        return piper_store.preset_from_path(path)
    if path.is_dir():
        return coqui_store.preset_from_dir(path)
    names = ", ".join(p.name for p in voices)
    raise VoiceError(f"unknown voice {name_or_path!r}; use one of {names}, a Piper NAME.onnx "
                     "or a Coqui checkpoint folder")


def _default_why(preset: VoicePreset) -> str:
    if preset.engine not in OFFLINE_ENGINES:
        return "the best neural German voice installed"
    if preset.name == DEFAULT_VOICE:
        return f"no neural German voice is installed, so the offline SVOX Pico voice; {NEURAL_HINT}"
    return (f"no neural German voice is installed and {DEFAULT_VOICE} cannot load (py-nanotts is "
            f"missing: pip install py-nanotts==0.1.1), so the robotic espeak-ng voice; {NEURAL_HINT}")


def choose_voice_why(settings: VoiceSettings) -> tuple[VoicePreset, str]:
    """The voice to use and why: `--voice` > NARRATE_VOICE > the best neural German voice installed
    > pico-de > espeak-de.

    Never downloads: a voice asked for but not installed is an error that says how to install it.
    """
    for wanted, reason in ((settings.name, "--voice"), (os.environ.get(VOICE_ENV), VOICE_ENV)):
        if wanted:
            preset = find_voice(wanted)
            if not is_installed(preset):
                raise VoiceError(_not_installed(preset))
            return preset, f"chosen by {reason}"
    # Ranks in voices/*.toml: neural voices < 90 (best first), pico-de 90, espeak-de 100.
    installed = sorted((p for p in list_presets() if is_installed(p)),
                       key=lambda p: (p.rank, p.name != DEFAULT_VOICE, p.name))
    if installed:
        return installed[0], _default_why(installed[0])
    raise VoiceError("no voice is installed; reinstall narrate (it brings py-nanotts) "
                     "or install espeak-ng (sudo apt-get install espeak-ng)")


def _not_installed(preset: VoicePreset) -> str:
    store = _MODEL_STORES.get(preset.engine)
    if store is not None:  # the extra is named after its engine: narrate[coqui], narrate[piper]
        if not store.extra_installed():
            return (f"voice {preset.name!r} needs the {preset.engine} extra: "
                    f"pip install 'narrate[{preset.engine}]'")
        try:
            store.resolve(preset)
        except VoiceError as exc:
            return str(exc)
    if preset.engine == "espeak":
        return f"voice {preset.name!r} needs espeak-ng: sudo apt-get install espeak-ng"
    if preset.engine == "pico":
        return f"voice {preset.name!r} needs py-nanotts: pip install py-nanotts==0.1.1"
    return (f"voice {preset.name!r} is not installed; run `narrate voices install {preset.name}` "
            f"or choose --voice {DEFAULT_VOICE}")


def choose_voice(settings: VoiceSettings) -> VoicePreset:
    """`--voice` > NARRATE_VOICE > the best neural German voice > pico-de > espeak-de.

    Logs which voice and why (a warning when only espeak-ng is left); never downloads.
    """
    preset, why = choose_voice_why(settings)
    level = logging.WARNING if preset.name == FALLBACK_VOICE and not why.startswith("chosen") else logging.INFO
    log.log(level, "voice %s (%s engine): %s", preset.name, preset.engine, why)
    return preset
