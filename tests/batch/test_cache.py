"""The sentence cache: round trips, corruption detected, atomic writes, the size bound, the CLI."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from narrate.batch.cache import (
    CACHE_DIR_ENV, CACHE_MAX_MB_ENV, STALE_TEMP_S, SentenceCache, decode_entry, default_cache_dir, default_max_bytes,
    bad_samples, encode_entry, entry_key,
)
from narrate.errors import SettingsError

KEY = "espeak-ng 1.51 -v de"
MB = 1024 * 1024


def tone(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-0.5, 0.5, n).astype(np.float32)


@pytest.fixture
def cache(tmp_path: Path) -> SentenceCache:
    return SentenceCache(tmp_path / "cache", 10 * MB)


@pytest.mark.parametrize("n", [0, 1, 22050, 100_003])
def test_round_trip_is_exact(cache: SentenceCache, n: int) -> None:
    samples = tone(n, n)
    cache.put(KEY, "Guten Tag.", samples)
    back = cache.get(KEY, "Guten Tag.")
    assert back is not None and back.dtype == np.float32
    np.testing.assert_array_equal(back, samples)


@pytest.mark.parametrize("engine_key, spoken", [
    (KEY, "Guten Tag!"),  # other text
    (KEY + " -s 170", "Guten Tag."),  # other engine settings
    ("", "Guten Tag."),
])
def test_key_separates_voice_and_text(cache: SentenceCache, engine_key: str, spoken: str) -> None:
    cache.put(KEY, "Guten Tag.", tone(100))
    assert cache.get(engine_key, spoken) is None
    assert entry_key(engine_key, spoken) != entry_key(KEY, "Guten Tag.")


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flip_payload(data: bytes) -> bytes:
    return data[:-3] + bytes([data[-3] ^ 0x40]) + data[-2:]


def _bad_magic(data: bytes) -> bytes:
    return b"XXXX" + data[4:]


def _header_only(data: bytes) -> bytes:
    return data[:48]


def _empty(data: bytes) -> bytes:
    return b""


def _extra(data: bytes) -> bytes:
    return data + b"\0\0\0\0"


@pytest.mark.parametrize("damage", [_truncate, _flip_payload, _bad_magic, _header_only, _empty, _extra])
def test_corrupt_entry_is_a_miss_deleted_and_logged(cache: SentenceCache, damage, caplog) -> None:
    cache.put(KEY, "Ein Satz.", tone(5000))
    path = cache.path_for(KEY, "Ein Satz.")
    path.write_bytes(damage(path.read_bytes()))
    with caplog.at_level(logging.WARNING, logger="narrate.batch.cache"):
        assert cache.get(KEY, "Ein Satz.") is None
    assert not path.exists()
    assert "corrupt cache entry" in caplog.text
    cache.put(KEY, "Ein Satz.", tone(5000))  # redone, and good again
    np.testing.assert_array_equal(cache.get(KEY, "Ein Satz."), tone(5000))


BAD_VALUES = [np.nan, np.inf, -np.inf, 1.0001, -1.5, 40.0]


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_bad_samples_with_a_valid_checksum_are_deleted_and_logged(cache: SentenceCache, bad, caplog) -> None:
    samples = tone(5000)
    cache.put(KEY, "Ein Satz.", samples)
    path = cache.path_for(KEY, "Ein Satz.")
    poisoned = samples.copy()
    poisoned[1234] = bad
    path.write_bytes(encode_entry(poisoned))  # whole and checksummed, but not audio
    with caplog.at_level(logging.WARNING, logger="narrate.batch.cache"):
        assert cache.get(KEY, "Ein Satz.") is None
    assert not path.exists() and "deleted, synthesising the sentence again" in caplog.text
    cache.put(KEY, "Ein Satz.", samples)
    np.testing.assert_array_equal(cache.get(KEY, "Ein Satz."), samples)


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_bad_samples_are_never_stored(cache: SentenceCache, bad, caplog) -> None:
    samples = tone(5000)
    samples[-1] = bad
    with caplog.at_level(logging.WARNING, logger="narrate.batch.cache"):
        cache.put(KEY, "Ein Satz.", samples)
    assert not cache.path_for(KEY, "Ein Satz.").exists()
    assert "not caching 'Ein Satz.'" in caplog.text


@pytest.mark.parametrize("samples, fine", [
    (np.array([], dtype=np.float32), True),
    (np.array([-1.0, 0.0, 1.0], dtype=np.float32), True),  # full scale is allowed
    (np.zeros(10, dtype=np.float32), True),
    (np.array([0.0, np.float32(1.0) + np.finfo(np.float32).eps], dtype=np.float32), False),
    (np.array([np.nan], dtype=np.float32), False),
])
def test_bad_samples_rule(samples: np.ndarray, fine: bool) -> None:
    assert (bad_samples(samples) is None) == fine


@pytest.mark.parametrize("n", [0, 7, 4096])
def test_encode_decode(n: int) -> None:
    data = encode_entry(tone(n))
    assert len(data) == 48 + 4 * n
    np.testing.assert_array_equal(decode_entry(data), tone(n))


def test_write_leaves_no_temporary_files(cache: SentenceCache) -> None:
    for i in range(20):
        cache.put(KEY, f"Satz {i}.", tone(1000, i))
    files = [p for p in cache.root.rglob("*") if p.is_file()]
    assert len(files) == 20 and all(p.suffix == ".f32" for p in files)


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from narrate.atomic import atomic_path
with atomic_path(Path(sys.argv[1]), suffix=".tmp") as tmp:
    tmp.write_bytes(b"half an entry")
    print(tmp, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _killed_writer(dest: Path) -> Path:
    """A process killed outright while writing `dest`: the temporary it leaves behind."""
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(dest)], capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    return Path(done.stdout.strip())


def test_temporaries_of_killed_writers_are_removed_once_stale(cache: SentenceCache, caplog) -> None:
    cache.put(KEY, "Satz.", tone(1000))
    entry = cache.path_for(KEY, "Satz.")
    old, fresh = _killed_writer(entry.parent / ("a" * 62 + ".f32")), _killed_writer(entry.parent / ("b" * 62 + ".f32"))
    when = time.time() - STALE_TEMP_S - 60
    os.utime(old, (when, when))
    own = [entry.parent / name for name in (".notes.tmp", ".x.ABCDEFGH.tmp", "y.abcdefgh.tmp")]
    for path in own:
        path.write_bytes(b"not the cache's")
        os.utime(path, (when, when))
    assert old.exists() and fresh.exists()
    with caplog.at_level(logging.INFO, logger="narrate.batch.cache"):
        cache.enforce_bound()
    assert not old.exists() and "left by a killed run" in caplog.text
    assert fresh.exists() and all(p.exists() for p in own) and entry.exists()  # a live writer's, the user's


def test_hit_refreshes_mtime_and_bound_evicts_least_recently_used(tmp_path: Path) -> None:
    entry_bytes = len(encode_entry(tone(25_000)))
    cache = SentenceCache(tmp_path / "c", max_bytes=entry_bytes * 4)
    for i in range(4):
        cache.put(KEY, f"Satz {i}.", tone(25_000, i))
        old = time.time() - 1000 + i * 10
        os.utime(cache.path_for(KEY, f"Satz {i}."), (old, old))
    assert cache.get(KEY, "Satz 0.") is not None  # now the most recently used
    cache.put(KEY, "Satz 4.", tone(25_000, 4))  # over the bound: evict down to 90 %
    info = cache.info()
    assert info.size_bytes <= cache.max_bytes
    kept = {i for i in range(5) if cache.path_for(KEY, f"Satz {i}.").exists()}
    assert kept == {0, 3, 4}


def test_zero_bound_disables(tmp_path: Path) -> None:
    cache = SentenceCache(tmp_path / "c", 0)
    cache.put(KEY, "Satz.", tone(10))
    assert cache.get(KEY, "Satz.") is None and not (tmp_path / "c").exists()


@pytest.mark.parametrize("env, expected", [
    ({}, 2048 * MB),
    ({CACHE_MAX_MB_ENV: "100"}, 100 * MB),
    ({CACHE_MAX_MB_ENV: "0.5"}, MB // 2),
    ({CACHE_MAX_MB_ENV: "0"}, 0),
])
def test_bound_from_env(monkeypatch, env: dict, expected: int) -> None:
    monkeypatch.delenv(CACHE_MAX_MB_ENV, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert default_max_bytes() == expected


@pytest.mark.parametrize("value", ["lots", "-1", "nan", "NaN", "inf", "-inf", "1e400"])
def test_bad_bound_is_a_settings_error(monkeypatch, value: str) -> None:
    monkeypatch.setenv(CACHE_MAX_MB_ENV, value)
    with pytest.raises(SettingsError, match=CACHE_MAX_MB_ENV):
        default_max_bytes()


def test_dir_from_env(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv(CACHE_DIR_ENV)
    assert default_cache_dir().parts[-2:] == ("narrate", "sentences")


_WRITER = """
import sys
import numpy as np
from pathlib import Path
from narrate.batch.cache import SentenceCache
cache = SentenceCache(Path(sys.argv[1]), 1 << 30)
seed = int(sys.argv[2])
for round_ in range(30):
    for i in range(10):
        samples = np.full(20000 + i, i / 10, dtype=np.float32)
        got = cache.get("k", f"Satz {i}.")
        assert got is None or np.array_equal(got, samples), "a reader saw a torn entry"
        cache.put("k", f"Satz {i}.", samples)
"""


def test_concurrent_writers_and_readers_never_see_torn_entries(tmp_path: Path, caplog) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path / "c"), str(s)],
                              stderr=subprocess.PIPE, text=True) for s in range(3)]
    for proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        assert "corrupt" not in stderr
    cache = SentenceCache(tmp_path / "c", 1 << 30)
    assert cache.info().entries == 10


def test_cli_info_and_clear(tmp_path: Path) -> None:
    env = {**os.environ, CACHE_DIR_ENV: str(tmp_path / "c"), CACHE_MAX_MB_ENV: "64"}
    cache = SentenceCache(tmp_path / "c", 64 * MB)
    for i in range(3):
        cache.put(KEY, f"Satz {i}.", tone(1000, i))
    run = lambda *args: subprocess.run([sys.executable, "-m", "narrate", "cache", *args], env=env,
                                       capture_output=True, text=True, check=True).stdout
    info = run("info")
    assert str(tmp_path / "c") in info and "entries  3" in info and "64 MB" in info
    assert "removed 3" in run("clear")
    assert "entries  0" in run("info")


class _LoudEngine:
    """A voice that overshoots full scale, as neural voices sometimes do by a few percent."""

    name = "loud"
    sample_rate = 16000

    def synthesize(self, spoken_text: str) -> np.ndarray:
        t = np.arange(1600, dtype=np.float32) / self.sample_rate
        return (1.25 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32)

    def cache_key(self) -> str:
        return "loud-440"


def test_a_voice_past_full_scale_is_scaled_not_clipped_and_cached(cache: SentenceCache) -> None:
    from narrate.config import Settings
    from narrate.pipeline import Narrator

    engine = _LoudEngine()
    narrator = Narrator(engine, Settings(), cache=cache)
    first = narrator.synthesize("Laut.")
    raw = engine.synthesize("Laut.")
    assert float(np.abs(first).max()) == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_allclose(first, raw / np.abs(raw).max(), atol=1e-6)  # the shape kept: no clipping
    again = narrator.synthesize("Laut.")
    assert narrator.synthesized == 1 and narrator.cached == 1
    np.testing.assert_array_equal(again, first)
