"""Reach the loudness target with one gain for the whole episode and a true-peak ceiling."""

from __future__ import annotations

import functools
import logging
from dataclasses import replace

import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

from narrate.config import LoudnessSettings
from narrate.models import Episode

log = logging.getLogger(__name__)

OVERSAMPLE = 4  # BS.1770-4 true-peak: 4× oversampling
LIMITER_LOOKAHEAD_MS = 5.0
_MIN_MEASURE_S = 0.4  # pyloudnorm's gating block; shorter clips raise
_BLOCK = 2048  # samples per block when deciding where a true peak can reach a level
_CONTEXT = 64  # samples either side of an oversampled run; longer than the filter's reach
_MAX_RUN = 1 << 20  # samples oversampled at once, so memory stays bounded on long articles


def measure_lufs(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness (BS.1770, LUFS) of a mono signal; −inf for silence."""
    minimum = int(_MIN_MEASURE_S * sample_rate) + 1
    if samples.size < minimum:
        samples = np.pad(samples, (0, minimum - samples.size))
    return float(pyloudnorm.Meter(sample_rate).integrated_loudness(samples.astype(np.float64)))


@functools.cache
def _interpolation_gain() -> float:
    """How far an oversampled point can exceed the largest sample within the filter's reach.

    The largest L1 norm among the polyphase branches of the oversampling filter: an exact bound.
    """
    impulse = np.zeros(4 * _CONTEXT + 1)
    impulse[2 * _CONTEXT] = 1.0
    response = resample_poly(impulse, OVERSAMPLE, 1)
    return float(max(np.abs(response[p::OVERSAMPLE]).sum() for p in range(OVERSAMPLE)))


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
        lo, hi = max(start - _CONTEXT, 0), min(stop + _CONTEXT, samples.size)
        up = np.abs(resample_poly(samples[lo:hi], OVERSAMPLE, 1)[: (hi - lo) * OVERSAMPLE])
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


def reach_loudness(episode: Episode, settings: LoudnessSettings, encoder_gain_db: float = 0.0) -> Episode:
    """One gain from one measurement to the mono target, then the true-peak limiter.

    `encoder_gain_db` is what the MP3 encoder will apply itself (LAME CBR: −0.45 dB); it is
    compensated here so the decoded file lands on target.
    """
    measured = measure_lufs(episode.samples, episode.sample_rate)
    if not np.isfinite(measured):
        return episode
    gain_db = settings.mono_target_lufs - measured - encoder_gain_db
    samples = (episode.samples * np.float32(10 ** (gain_db / 20))).astype(np.float32)
    # The encode can push peaks up by the margin; the encoder's own gain only adds headroom.
    ceiling = settings.true_peak_dbtp - settings.limiter_margin_db
    samples = limit_true_peak(samples, episode.sample_rate, ceiling)
    log.debug("loudness %.2f LUFS, gain %+.2f dB, ceiling %.2f dBTP", measured, gain_db, ceiling)
    return replace(episode, samples=samples)
