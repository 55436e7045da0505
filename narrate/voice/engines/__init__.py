"""The engine registry: engine name → module that loads it (imported lazily)."""

from __future__ import annotations

import importlib

from narrate.config import VoiceSettings
from narrate.voice.engines.base import Engine
from narrate.errors import VoiceError

# Each module has `load(preset, settings) -> Engine`; only narrate.voice.engines.coqui imports torch,
# only narrate.voice.engines.piper imports onnxruntime.
_ENGINE_MODULES = {
    "espeak": "narrate.voice.engines.espeak",
    "coqui": "narrate.voice.engines.coqui",
    "pico": "narrate.voice.engines.pico",
    "piper": "narrate.voice.engines.piper",
}


def load_engine(preset, settings: VoiceSettings) -> Engine:
    """Load the voice once; pass the engine to every narration of the process."""
    module_name = _ENGINE_MODULES.get(preset.engine)
    if module_name is None:
        known = ", ".join(sorted(_ENGINE_MODULES))
        raise VoiceError(f"voice {preset.name!r} names unknown engine {preset.engine!r}; use one of {known}")
    module = importlib.import_module(module_name)
    return module.load(preset, settings)


__all__ = ["Engine", "load_engine"]
