"""Spoken text → samples: voice presets, the model store, and the engines behind one method."""

from narrate.voice.catalog import choose_voice, find_voice, is_installed
from narrate.voice.engines import Engine, load_engine
from narrate.voice.presets import VoicePreset, list_presets

__all__ = ["Engine", "VoicePreset", "choose_voice", "find_voice", "is_installed", "list_presets", "load_engine"]
