"""BS.1770 integrated loudness measured as the audio streams past, and the high-pass before it.

The meter keeps one number per 100 ms (the hop of the 400 ms gating blocks with 75 % overlap), so
a three-hour narration costs about 1 MB; the K-weighting filter state is carried across blocks.
Its filters are pyloudnorm's (the same shelf and high-pass designed for any sample rate), so both
read the same figure.
"""

from __future__ import annotations

from array import array

import numpy as np
from pyloudnorm import IIRfilter
from scipy.signal import butter, sosfilt

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
_HOP_S = 0.1  # 400 ms blocks, 75 % overlap
_HOPS_PER_BLOCK = 4
_HIGHPASS_ORDER = 2  # 12 dB/octave: DC and rumble gone, speech above 80 Hz untouched


def _k_weighting(sample_rate: int) -> np.ndarray:
    """BS.1770's two K-weighting stages (high shelf, RLB high-pass) as second-order sections."""
    stages = (IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, sample_rate, "high_shelf"),
              IIRfilter(0.0, 0.5, 38.0, sample_rate, "high_pass"))
    rows = []
    for stage in stages:
        b, a = np.asarray(stage.b, float), np.asarray(stage.a, float)
        rows.append(np.concatenate((b * stage.passband_gain / a[0], a / a[0])))
    return np.array(rows)


def _loudness(power: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return -0.691 + 10 * np.log10(power)


class HighPass:
    """A Butterworth high-pass whose state runs on across blocks; `hz` 0 passes audio unchanged."""

    def __init__(self, sample_rate: int, hz: float) -> None:
        self._sos = butter(_HIGHPASS_ORDER, hz, "highpass", fs=sample_rate, output="sos") if hz > 0 else None
        self._state = np.zeros((_HIGHPASS_ORDER // 2, 2)) if hz > 0 else None

    def __call__(self, block: np.ndarray) -> np.ndarray:
        if self._sos is None or block.size == 0:
            return np.asarray(block, dtype=np.float32)
        out, self._state = sosfilt(self._sos, block.astype(np.float64), zi=self._state)
        return out.astype(np.float32)


class LoudnessMeter:
    """Integrated loudness (BS.1770-4 gating, LUFS) of a mono signal fed in blocks of any size."""

    def __init__(self, sample_rate: int) -> None:
        self._sos = _k_weighting(sample_rate)
        self._state = np.zeros((self._sos.shape[0], 2))
        self._hop = max(int(round(sample_rate * _HOP_S)), 1)
        self._energy = array("d")  # sum of squares of the weighted signal per 100 ms hop
        self._partial = 0.0  # sum of squares of the unfinished hop
        self._partial_count = 0

    def add(self, block: np.ndarray) -> None:
        if block.size == 0:
            return
        weighted, self._state = sosfilt(self._sos, block.astype(np.float64), zi=self._state)
        squares = weighted * weighted
        need = self._hop - self._partial_count
        if squares.size < need:
            self._partial += float(squares.sum())
            self._partial_count += squares.size
            return
        self._energy.append(self._partial + float(squares[:need].sum()))
        rest = squares[need:]
        whole = rest.size // self._hop
        self._energy.extend(rest[: whole * self._hop].reshape(whole, self._hop).sum(axis=1))
        tail = rest[whole * self._hop :]
        self._partial, self._partial_count = float(tail.sum()), tail.size

    def integrated(self) -> float:
        """The gated loudness so far; −inf when no block is above the absolute gate (silence).

        Audio shorter than one block is measured as if padded with silence to 400 ms.
        """
        hops = np.frombuffer(self._energy, dtype=np.float64)
        if hops.size < _HOPS_PER_BLOCK:
            hops = np.concatenate((hops, [self._partial], np.zeros(_HOPS_PER_BLOCK)))[:_HOPS_PER_BLOCK]
        sums = np.convolve(hops, np.ones(_HOPS_PER_BLOCK), mode="valid")
        power = sums / (self._hop * _HOPS_PER_BLOCK)
        level = _loudness(power)
        loud = power[level >= ABSOLUTE_GATE_LUFS]
        if loud.size == 0:
            return float("-inf")
        relative = float(_loudness(loud.mean())) + RELATIVE_GATE_LU
        gated = power[(level > relative) & (level > ABSOLUTE_GATE_LUFS)]
        return float(_loudness(gated.mean())) if gated.size else float("-inf")
