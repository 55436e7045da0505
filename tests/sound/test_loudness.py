"""Loudness measurement, one-gain normalisation and the true-peak limiter on known signals."""

import numpy as np
import pytest

from narrate.config import LoudnessSettings
from scipy.signal import resample_poly

from narrate.sound.loudness import limit_true_peak, measure_lufs, reach_loudness, true_peak_dbtp, true_peak_envelope
from narrate.models import Episode

RATE = 22050


def sine(freq: float, amplitude: float, seconds: float = 3.0, phase: float = 0.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return (amplitude * np.sin(2 * np.pi * freq * t + phase)).astype(np.float32)


def test_sine_loudness_matches_bs1770():
    # BS.1770: a 997 Hz sine at 0 dBFS peak reads −3.01 LUFS on one channel.
    # (pyloudnorm adapts the 48 kHz K-weighting to 22.05 kHz; BS.1770 allows ±0.1 LU)
    assert measure_lufs(sine(997, 0.1), RATE) == pytest.approx(-23.01, abs=0.1)


def test_true_peak_sees_inter_sample_peaks():
    # At fs/4 with a 45° phase every sample lands at ±0.707 while the waveform peaks at 1.0.
    x = sine(RATE / 4, 1.0, phase=np.pi / 4)
    assert 20 * np.log10(np.max(np.abs(x))) == pytest.approx(-3.01, abs=0.01)
    assert true_peak_dbtp(x) == pytest.approx(0.0, abs=0.2)  # BS.1770-4 meters may read +0.3 dB


@pytest.mark.parametrize("target", [-16.0, -18.0, -23.0])
def test_one_gain_reaches_target_without_limiting(target):
    episode = Episode(sine(997, 0.05), RATE, (), ())
    settings = LoudnessSettings(target_lufs=target)
    out = reach_loudness(episode, settings)
    assert measure_lufs(out.samples, RATE) == pytest.approx(settings.mono_target_lufs, abs=0.02)


def test_encoder_gain_is_compensated():
    out = reach_loudness(Episode(sine(997, 0.05), RATE, (), ()), LoudnessSettings(), encoder_gain_db=-0.45)
    assert measure_lufs(out.samples, RATE) == pytest.approx(-19.0 + 0.45, abs=0.02)


def test_limiter_holds_the_ceiling_smoothly():
    rng = np.random.default_rng(1)
    x = (0.1 * rng.standard_normal(RATE * 4)).astype(np.float32)
    x[RATE::RATE // 2] = 0.95  # isolated spikes far above the ceiling
    limited = limit_true_peak(x, RATE, -6.0)
    assert true_peak_dbtp(limited) <= -6.0 + 0.05
    gain = limited[np.abs(x) > 1e-3] / x[np.abs(x) > 1e-3]
    assert np.all(gain <= 1.0 + 1e-6)
    # look-ahead: the gain ramps down over milliseconds instead of stepping at the spike
    spike = RATE
    ramp = limited[spike - 200 : spike] / x[spike - 200 : spike]
    assert ramp[0] > ramp[-1]
    # away from spikes nothing changes
    assert np.array_equal(limited[: RATE // 2], x[: RATE // 2])


@pytest.mark.parametrize("level", [0.0, 1e-6])
def test_silence_is_an_error_not_an_mp3(level):
    # all-silent audio once became a 1-second MP3 with exit 0 (issue 13)
    from narrate.errors import VoiceError

    silent = Episode(sine(997, level), RATE, (), ())
    with pytest.raises(VoiceError, match="only silence"):
        reach_loudness(silent, LoudnessSettings())


@pytest.mark.parametrize("value", [-60.0, 0.0])
def test_loudness_setting_is_validated(value):
    from narrate.errors import SettingsError

    with pytest.raises(SettingsError, match="--loudness"):
        LoudnessSettings(target_lufs=value)


def _full_envelope(x: np.ndarray) -> np.ndarray:
    up = np.abs(resample_poly(x.astype(np.float64), 4, 1)).reshape(-1, 4).max(axis=1)
    return np.maximum(np.abs(x), up)


@pytest.mark.parametrize("level_db", [-12.0, -6.0, -3.0])
def test_envelope_is_exact_wherever_it_can_exceed_the_level(level_db):
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(RATE * 6) * np.repeat(rng.uniform(0.01, 0.3, 60), RATE // 10)).astype(np.float32)
    level = 10 ** (level_db / 20)
    fast, full = true_peak_envelope(x, level), _full_envelope(x)
    above = full > level
    assert above.any() and not above.all()
    np.testing.assert_allclose(fast[above], full[above], rtol=1e-4)
    assert np.all(fast[~above] <= level)
    assert true_peak_dbtp(x) == pytest.approx(20 * np.log10(full.max()), abs=1e-3)
