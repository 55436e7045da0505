"""Voice presets: the shipped `voices/*.toml` files, each naming an engine and its options."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from narrate.data import data_dir
from narrate.errors import VoiceError

MIN_MAX_CHARS = 40  # TextSettings' lowest max_chunk_chars


@dataclass(frozen=True)
class VoicePreset:
    name: str
    engine: str  # key of narrate.voice.engines registry
    description: str = ""
    licence: str = ""
    size_mb: float = 0.0  # download size, MB
    rank: int = 100  # preference when no voice is asked for: lowest installed rank wins
    sample_rate: int = 0  # Hz the voice speaks at, as published; 0 = unknown until loaded
    options: dict = field(default_factory=dict)  # engine-specific, passed to the engine's load()
    max_chars: int | None = None  # the longest text the voice takes in one call; chunks stay under it


def _read_preset(path: Path) -> VoicePreset:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return VoicePreset(
            name=raw["name"], engine=raw["engine"], description=raw.get("description", ""),
            licence=raw.get("licence", ""), size_mb=float(raw.get("size_mb", 0)),
            rank=int(raw.get("rank", 100)), sample_rate=int(raw.get("sample_rate", 0)),
            options=dict(raw.get("options", {})), max_chars=_max_chars(raw.get("max_chars")),
        )
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise VoiceError(f"voice preset {path} is broken ({exc}); fix or remove it") from exc


def _max_chars(value) -> int | None:
    """A voice's longest text: at least MIN_MAX_CHARS, the shortest chunk limit narrate allows."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < MIN_MAX_CHARS:
        raise ValueError(f"max_chars must be a whole number of at least {MIN_MAX_CHARS}, got {value!r}")
    return value


def list_presets() -> list[VoicePreset]:
    """Every shipped voice preset, sorted by name."""
    return sorted((_read_preset(p) for p in data_dir().glob("*.toml")), key=lambda v: v.name)
