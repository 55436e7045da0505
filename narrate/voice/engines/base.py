"""The TTS boundary: one method, a fixed sample rate."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Engine(Protocol):
    """A loaded voice. Engines never split sentences, normalise loudness, write files or print."""

    name: str  # the voice name, for tags and messages
    sample_rate: int  # Hz, fixed for the engine's lifetime

    def synthesize(self, spoken_text: str) -> np.ndarray:
        """Speak one sentence (or chunk) of spoken German; float32 mono samples in [-1, 1]."""
        ...

    def cache_key(self) -> str:
        """Everything that changes the samples this engine makes for a given text."""
        ...
