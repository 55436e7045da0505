"""A deterministic engine for exact sample arithmetic: a tone per character, padded with silence."""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 16000
SAMPLES_PER_CHAR = 160  # 10 ms of tone per character
SILENCE_PAD = 800  # 50 ms of digital silence before and after, for trimming to remove


class ToneEngine:
    name = "tone"
    sample_rate = SAMPLE_RATE

    def __init__(self) -> None:
        self.calls: list[str] = []

    def synthesize(self, spoken_text: str) -> np.ndarray:
        self.calls.append(spoken_text)
        n = SAMPLES_PER_CHAR * len(spoken_text)
        t = np.arange(n, dtype=np.float64) / SAMPLE_RATE
        tone = 0.5 * np.sin(2 * np.pi * 440.0 * t)
        pad = np.zeros(SILENCE_PAD)
        return np.concatenate([pad, tone, pad]).astype(np.float32)

    def cache_key(self) -> str:
        return "tone-440"
