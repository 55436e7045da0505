"""The sentence cache: synthesised chunks on disk, keyed by engine settings + spoken text.

One file per chunk, `<root>/<2 hex>/<62 hex>.f32`: a 48-byte header (magic, sample count, sha256
of the payload) and the float32 little-endian samples. Writes go to a temporary file in the same
folder and are renamed into place, so several workers and several runs can share the cache; a
reader sees a whole entry or none. An entry whose header or checksum does not match is deleted and
reported as a miss, so it is synthesised again and never spoken. Only finite samples within
[-1, 1] are stored, and an entry holding others (written by an older narrate, or damaged with its
checksum recomputed) is deleted and synthesised again too: bad audio must not outlive the run that
made it. The size bound is kept by deleting
the least recently used entries (mtime, refreshed on every hit). A process killed outright between
writing a temporary file and renaming it leaves the temporary behind; the next bound check removes
temporaries older than STALE_TEMP_S (a write takes milliseconds, so none of those is still live).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import shutil
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from narrate.config import DEFAULT_CACHE_MAX_MB
from narrate.atomic import atomic_path, temp_stem
from narrate.errors import OutputError, SettingsError

log = logging.getLogger(__name__)

CACHE_DIR_ENV: Final = "NARRATE_CACHE_DIR"
CACHE_MAX_MB_ENV: Final = "NARRATE_CACHE_MAX_MB"
# Evicting scans the whole cache, so a writer checks the bound only after this share of it is new.
EVICT_CHECK_FRACTION: Final = 0.05
# Evict down to this share of the bound, so the next few writes do not each trigger a scan.
EVICT_TARGET_FRACTION: Final = 0.9
# A cache temporary this old was left by a killed process (writing one takes milliseconds).
STALE_TEMP_S: Final = 600.0
_TEMP_SUFFIX = ".tmp"

_MAGIC = b"NRC1"
_HEADER = struct.Struct("<4sIQ32s")  # magic, reserved, sample count, sha256 of the payload
_SUFFIX = ".f32"


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    entries: int
    size_bytes: int
    max_bytes: int


def default_cache_dir() -> Path:
    """NARRATE_CACHE_DIR, else the user's cache folder (e.g. ~/.cache/narrate/sentences)."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("narrate")) / "sentences"


def default_max_bytes() -> int:
    """NARRATE_CACHE_MAX_MB (megabytes, 0 disables caching), else DEFAULT_CACHE_MAX_MB."""
    raw = os.environ.get(CACHE_MAX_MB_ENV, "")
    if not raw:
        return DEFAULT_CACHE_MAX_MB * 1024 * 1024
    try:
        megabytes = float(raw)
    except ValueError:
        raise SettingsError(f"{CACHE_MAX_MB_ENV} must be a number of megabytes, got {raw!r}") from None
    if not math.isfinite(megabytes) or megabytes < 0:
        raise SettingsError(f"{CACHE_MAX_MB_ENV} must be a finite number of megabytes, 0 or more "
                            f"(0 turns the cache off), got {raw!r}")
    return int(megabytes * 1024 * 1024)


def entry_key(engine_key: str, spoken: str) -> str:
    """The sha256 hex digest naming one chunk's entry."""
    return hashlib.sha256(f"{engine_key}\0{spoken}".encode("utf-8")).hexdigest()


def encode_entry(samples: np.ndarray) -> bytes:
    """Header + float32 little-endian payload."""
    payload = np.ascontiguousarray(samples, dtype="<f4").tobytes()
    return _HEADER.pack(_MAGIC, 0, len(payload) // 4, hashlib.sha256(payload).digest()) + payload


def decode_entry(data: bytes) -> np.ndarray | None:
    """The samples of an entry, or None when it is truncated or corrupt."""
    if len(data) < _HEADER.size:
        return None
    magic, _, count, digest = _HEADER.unpack_from(data)
    payload = data[_HEADER.size:]
    if magic != _MAGIC or len(payload) != count * 4 or hashlib.sha256(payload).digest() != digest:
        return None
    return np.frombuffer(payload, dtype="<f4").astype(np.float32)


def bad_samples(samples: np.ndarray) -> str | None:
    """Why these samples must not be cached (NaN, infinite, beyond ±1), or None when they are fine."""
    if samples.size == 0:
        return None
    if not np.isfinite(samples).all():
        return "NaN or infinite samples"
    peak = float(np.abs(samples).max())
    return f"samples beyond ±1 (peak {peak:.3g})" if peak > 1.0 else None


class SentenceCache:
    """A directory of synthesised chunks; implements the pipeline's SampleCache protocol."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self._written = 0  # bytes this process wrote since it last checked the bound

    @classmethod
    def open_default(cls) -> SentenceCache:
        """The cache at NARRATE_CACHE_DIR or the user's cache folder, bounded by the env setting."""
        return cls(default_cache_dir(), default_max_bytes())

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def path_for(self, engine_key: str, spoken: str) -> Path:
        key = entry_key(engine_key, spoken)
        return self.root / key[:2] / f"{key[2:]}{_SUFFIX}"

    def get(self, engine_key: str, spoken: str) -> np.ndarray | None:
        """The cached samples, or None on a miss; a corrupt entry is deleted and is a miss."""
        if not self.enabled:
            return None
        path = self.path_for(engine_key, spoken)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("cannot read cache entry %s (%s); synthesising again", path, exc.strerror)
            return None
        samples = decode_entry(data)
        if samples is None:
            log.warning("corrupt cache entry %s deleted; synthesising the sentence again", path)
            path.unlink(missing_ok=True)
            return None
        if (problem := bad_samples(samples)) is not None:
            log.warning("cache entry %s holds %s; deleted, synthesising the sentence again",
                        path, problem)
            path.unlink(missing_ok=True)
            return None
        try:
            os.utime(path)  # least recently used is evicted first
        except OSError:
            pass
        return samples

    def put(self, engine_key: str, spoken: str, samples: np.ndarray) -> None:
        """Store one chunk atomically; a full disk or unwritable folder only logs a warning."""
        if not self.enabled:
            return
        path = self.path_for(engine_key, spoken)
        if (problem := bad_samples(np.asarray(samples))) is not None:
            log.warning("not caching %r: the voice returned %s", spoken[:80], problem)
            return
        data = encode_entry(samples)
        try:
            with atomic_path(path, suffix=_TEMP_SUFFIX) as tmp:
                tmp.write_bytes(data)
        except OutputError as exc:
            log.warning("cannot write the sentence cache at %s (%s); continuing without it",
                        self.root, exc)
            return
        self._written += len(data)
        if self._written >= self.max_bytes * EVICT_CHECK_FRACTION:
            self.enforce_bound()

    def _scan(self) -> tuple[list[tuple[float, int, Path]], list[tuple[float, Path]]]:
        """One pass over the cache folders: (mtime, bytes, path) of every entry, and (mtime, path) of
        every writer's temporary (atomic_path's exact name). Files vanishing meanwhile are left out."""
        entries: list[tuple[float, int, Path]] = []
        temporaries: list[tuple[float, Path]] = []
        if not self.root.is_dir():
            return entries, temporaries
        for path in self.root.glob("??/*"):
            name = path.name
            is_entry = name.endswith(_SUFFIX) and not name.startswith(".")
            if not is_entry and not (name.startswith(".") and temp_stem(name, _TEMP_SUFFIX)):
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            if is_entry:
                entries.append((stat.st_mtime, stat.st_size, path))
            else:
                temporaries.append((stat.st_mtime, path))
        return entries, temporaries

    def _entries(self) -> list[tuple[float, int, Path]]:
        return self._scan()[0]

    def enforce_bound(self) -> int:
        """Delete least recently used entries until the cache is within its bound; bytes freed.
        Stale temporaries of killed writers go in the same pass (one scan of the folders)."""
        self._written = 0
        entries, temporaries = self._scan()
        self._remove_stale(temporaries, time.time())
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return 0
        goal, freed = int(self.max_bytes * EVICT_TARGET_FRACTION), 0
        for _, size, path in sorted(entries, key=lambda entry: entry[0]):
            if total - freed <= goal:
                break
            path.unlink(missing_ok=True)
            freed += size
        log.debug("sentence cache: evicted %d bytes to stay within %d", freed, self.max_bytes)
        return freed

    @staticmethod
    def _remove_stale(temporaries: list[tuple[float, Path]], now: float) -> list[Path]:
        """Delete temporaries that killed writers left (older than STALE_TEMP_S: none is still live)."""
        removed = []
        for mtime, path in temporaries:
            if mtime < now - STALE_TEMP_S:
                path.unlink(missing_ok=True)  # another run may have removed it meanwhile
                removed.append(path)
        if removed:
            log.info("sentence cache: removed %d temporary file(s) left by a killed run", len(removed))
        return removed

    def info(self) -> CacheInfo:
        """Where the cache is, how many entries and bytes it holds, and its bound."""
        entries = self._entries()
        return CacheInfo(self.root, len(entries), sum(size for _, size, _ in entries), self.max_bytes)

    def clear(self) -> int:
        """Delete every entry (and the folder); returns the number of entries deleted."""
        count = len(self._entries())
        if self.root.is_dir():
            shutil.rmtree(self.root, ignore_errors=True)
        return count
