"""Voice presets: the shipped `voices/*.toml` files, each naming an engine and its options."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from narrate.data import data_dir
from narrate.errors import VoiceError


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


def _read_preset(path: Path) -> VoicePreset:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return VoicePreset(
            name=raw["name"], engine=raw["engine"], description=raw.get("description", ""),
            licence=raw.get("licence", ""), size_mb=float(raw.get("size_mb", 0)),
            rank=int(raw.get("rank", 100)), sample_rate=int(raw.get("sample_rate", 0)),
            options=dict(raw.get("options", {})),
        )
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise VoiceError(f"voice preset {path} is broken ({exc}); fix or remove it") from exc


def list_presets() -> list[VoicePreset]:
    """Every shipped voice preset, sorted by name."""
    return sorted((_read_preset(p) for p in data_dir().glob("*.toml")), key=lambda v: v.name)
