"""True peak (BS.1770-4, 4× oversampled) and the look-ahead limiter that holds it under a ceiling.

The limiter works on whole arrays or block by block with context carried across block edges: the
gain at a sample depends only on the audio within a few milliseconds of it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import firwin, resample_poly

OVERSAMPLE = 4  # BS.1770-4 true-peak: 4× oversampling
LIMITER_LOOKAHEAD_MS = 5.0
_BLOCK = 2048  # samples per block when deciding where a true peak can reach a level
PEAK_CONTEXT = 64  # samples either side of an oversampled run; longer than the filter's reach
_MAX_RUN = 1 << 20  # samples oversampled at once, so memory stays bounded on long articles


@functools.cache
def _interpolation_gain() -> float:
    """How far an oversampled point can exceed the largest sample within the filter's reach.

    The largest L1 norm among the polyphase branches of the oversampling filter: an exact bound.
    """
    impulse = np.zeros(4 * PEAK_CONTEXT + 1)
    impulse[2 * PEAK_CONTEXT] = 1.0
    response = resample_poly(impulse, OVERSAMPLE, 1)
    return float(max(np.abs(response[p::OVERSAMPLE]).sum() for p in range(OVERSAMPLE)))


@functools.cache
def _oversampling_filter(dtype: np.dtype) -> np.ndarray:
    """resample_poly's own default low-pass for 4× (Kaiser, β 5), designed once, not per call."""
    half_len = 10 * OVERSAMPLE
    return firwin(2 * half_len + 1, 1.0 / OVERSAMPLE, window=("kaiser", 5.0)).astype(dtype)


def _runs_that_may_reach(samples: np.ndarray, level: float) -> list[tuple[int, int]]:
    """Sample spans (start, stop) outside which no oversampled point can exceed `level`."""
    blocks = -(-samples.size // _BLOCK)
    magnitudes = np.zeros(blocks * _BLOCK, dtype=np.float32)
    magnitudes[: samples.size] = np.abs(samples)
    hot = magnitudes.reshape(blocks, _BLOCK).max(axis=1) * _interpolation_gain() > level
    hot = np.convolve(hot, np.ones(3), mode="same") > 0  # a loud neighbour reaches into a block
    edges = np.flatnonzero(np.diff(np.concatenate(([0], hot.astype(np.int8), [0]))))
    runs = []
    for first, last in zip(edges[::2], edges[1::2]):
        for start in range(first * _BLOCK, min(last * _BLOCK, samples.size), _MAX_RUN):
            runs.append((start, min(start + _MAX_RUN, last * _BLOCK, samples.size)))
    return runs


def true_peak_envelope(samples: np.ndarray, level: float = 0.0) -> np.ndarray:
    """Per-sample true-peak magnitude: the max of the 4× oversampled points from each sample on.

    Exact wherever a true peak can exceed `level`; elsewhere the sample magnitude, which there is
    known to stay below `level` in true peak too. Only those runs are oversampled.
    """
    env = np.abs(samples).astype(np.float32)
    for start, stop in _runs_that_may_reach(samples, level):
        lo, hi = max(start - PEAK_CONTEXT, 0), min(stop + PEAK_CONTEXT, samples.size)
        run = samples[lo:hi]
        up = resample_poly(run, OVERSAMPLE, 1, window=_oversampling_filter(run.dtype))
        up = np.abs(up[: (hi - lo) * OVERSAMPLE])
        # the max of each sample's 4 points; strided maxima beat a reduction over a 4-wide axis
        points = np.maximum(np.maximum(up[0::4], up[1::4]), np.maximum(up[2::4], up[3::4]))
        np.maximum(env[start:stop], points[start - lo : stop - lo], out=env[start:stop])
    return env


def true_peak_dbtp(samples: np.ndarray) -> float:
    """4× oversampled true peak in dBTP; −inf for silence."""
    if samples.size == 0:
        return float("-inf")
    # the true peak is at least the sample peak, so only blocks that could beat it are oversampled
    peak = float(true_peak_envelope(samples, float(np.max(np.abs(samples)))).max())
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limit_true_peak(samples: np.ndarray, sample_rate: int, ceiling_dbtp: float) -> np.ndarray:
    """Look-ahead limiter: a smooth gain that reaches its minimum before each over-ceiling peak.

    Hold the minimum needed gain over ±window, then average over one window: every value averaged
    around sample i was held over a span containing i, so the gain never exceeds what i needs.
    Only the neighbourhoods of overs are touched; everywhere else the gain is exactly 1.
    """
    ceiling = 10 ** (ceiling_dbtp / 20)
    env = true_peak_envelope(samples, ceiling)
    overs = np.flatnonzero(env > ceiling)
    if overs.size == 0:
        return samples
    window = max(int(LIMITER_LOOKAHEAD_MS * sample_rate / 1000), 1)
    breaks = np.flatnonzero(np.diff(overs) > 4 * window)
    gain = np.ones(samples.size, dtype=np.float32)
    for first, last in zip(overs[np.r_[0, breaks + 1]], overs[np.r_[breaks, overs.size - 1]]):
        lo, hi = max(first - 2 * window, 0), min(last + 2 * window + 1, samples.size)
        needed = np.minimum(1.0, ceiling / np.maximum(env[lo:hi], 1e-12))
        held = minimum_filter1d(needed, size=2 * window + 1, mode="nearest")
        gain[lo:hi] = uniform_filter1d(held, size=window, mode="nearest")
    return (samples * gain).astype(np.float32)


def limiter_context(sample_rate: int) -> int:
    """Samples either side of a block that decide the limiter's gain inside it (with room to spare).

    The gain at a sample depends on the envelope within 1.5 look-ahead windows, the envelope on the
    samples within `PEAK_CONTEXT`; four windows and four contexts cover both.
    """
    return 4 * max(int(LIMITER_LOOKAHEAD_MS * sample_rate / 1000), 1) + 4 * PEAK_CONTEXT


def limit_blocks(blocks: Iterable[np.ndarray], sample_rate: int, ceiling_dbtp: float) -> Iterator[np.ndarray]:
    """`limit_true_peak` over a stream of blocks: the same samples as on the whole signal.

    Each output run is limited together with `limiter_context` samples of input on both sides,
    so the look-ahead reaches across block edges; blocks come out in order, delayed by one context.
    """
    margin = limiter_context(sample_rate)
    left = np.zeros(0, dtype=np.float32)  # input already given out, kept as context
    pending = np.zeros(0, dtype=np.float32)  # input not yet given out
    for block in blocks:
        pending = np.concatenate((pending, np.asarray(block, dtype=np.float32)))
        if pending.size <= 2 * margin:
            continue
        ready = pending.size - margin
        limited = limit_true_peak(np.concatenate((left, pending)), sample_rate, ceiling_dbtp)
        yield limited[left.size : left.size + ready]
        left = np.concatenate((left, pending[:ready]))[-margin:]
        pending = pending[ready:]
    if pending.size:
        limited = limit_true_peak(np.concatenate((left, pending)), sample_rate, ceiling_dbtp)
        yield limited[left.size :]
