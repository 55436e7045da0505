"""Piper voices on disk: the voice store, which voices are installed, and installing more.

A Piper voice is two files, `NAME.onnx` and `NAME.onnx.json`. Installed voices live in
`$NARRATE_PIPER_HOME`, else narrate's data folder (`~/.local/share/narrate/piper`), one folder per
voice. Downloads follow the Hugging Face `rhasspy/piper-voices` layout and its `voices.json`, which
publishes each file's size and MD5; both are checked before the voice appears under its name.
No onnxruntime here: only paths, files and HTTP, so `narrate voices` stays fast.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from narrate.errors import VoiceError
from narrate.voice.presets import VoicePreset, list_presets
from narrate.voice.store_files import (
    DownloadProgress, ProgressCallback, extract_archive, replace_folder, unpacked_beside, unwrap,
)

log = logging.getLogger(__name__)

EXTRA_MISSING = "Piper voices need the piper extra: pip install 'narrate[piper]'"
STORE_ENV = "NARRATE_PIPER_HOME"
URL_ENV = "NARRATE_PIPER_URL"  # another mirror of the rhasspy/piper-voices layout
DEFAULT_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main"
VOICE_KEY = re.compile(r"^(?P<family>[a-z]{2,3})_(?P<region>[A-Z]{2})-(?P<name>[^-/\\]+)-"
                       r"(?P<quality>x_low|low|medium|high)$")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_TIMEOUT_S = 30.0
_BLOCK = 1 << 16


def extra_installed() -> bool:
    """Whether piper-tts (and so onnxruntime) is importable, checked without importing it."""
    return importlib.util.find_spec("piper") is not None and importlib.util.find_spec("onnxruntime") is not None


def store_dir() -> Path:
    if (home := os.environ.get(STORE_ENV)):
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("narrate")) / "piper"


def config_of(model: Path) -> Path:
    return model.with_name(model.name + ".json")


def find_model(path: Path) -> tuple[Path, Path]:
    """(NAME.onnx, NAME.onnx.json) from a model file or a folder holding exactly one model."""
    path = path.expanduser()
    if path.is_dir():
        models = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".onnx")
        if len(models) != 1:
            what = "no .onnx file" if not models else f"{len(models)} .onnx files"
            raise VoiceError(f"{path} holds {what}; a Piper voice folder holds one NAME.onnx "
                             "with NAME.onnx.json beside it")
        path = models[0]
    if not path.is_file() or path.suffix != ".onnx":
        raise VoiceError(f"{path} is not a Piper voice; give NAME.onnx (with NAME.onnx.json beside it)")
    config = config_of(path)
    if not config.is_file():
        raise VoiceError(f"{path} has no {config.name} beside it; Piper needs the voice's config")
    return path, config


def read_config(config: Path) -> dict:
    """The voice's `.onnx.json`, checked for what narrate and Piper read from it."""
    try:
        raw = json.loads(config.read_text(encoding="utf-8"))
        int(raw["audio"]["sample_rate"]), raw["phoneme_id_map"], int(raw["num_speakers"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VoiceError(f"{config} is not a Piper voice config ({exc}); "
                         "download the voice again") from None
    return raw


def voice_dir(name: str) -> Path:
    if not SAFE_NAME.match(name):
        raise VoiceError(f"{name!r} is not a voice name; use letters, digits, '_', '-' and '.'")
    return store_dir() / name


def resolve(preset) -> tuple[Path, Path]:
    """The model and config of a Piper preset; never downloads."""
    if "model_path" in preset.options:
        return find_model(Path(preset.options["model_path"]))
    folder = voice_dir(preset.options.get("voice", preset.name))
    try:
        return find_model(folder)
    except VoiceError:
        raise VoiceError(f"Piper voice {preset.name!r} is not installed; run `narrate voices install "
                         f"{preset.name}` (offline: add --from FILE_OR_ARCHIVE)") from None


def is_installed(preset) -> bool:
    if not extra_installed():
        return False
    try:
        resolve(preset)
    except VoiceError:
        return False
    return True


def preset_from_path(path: Path) -> VoicePreset:
    """A voice from any NAME.onnx (config beside it) or a folder holding one."""
    model, config = find_model(path)
    raw = read_config(config)
    size = (model.stat().st_size + config.stat().st_size) / 1e6
    return VoicePreset(name=model.stem, engine="piper", description=f"Piper voice {model}",
                       size_mb=round(size, 1), sample_rate=int(raw["audio"]["sample_rate"]),
                       licence="see the voice's MODEL_CARD", options={"model_path": str(model.absolute())})


def installed_voices() -> list[VoicePreset]:
    """Voices in the store that no shipped preset names (installed with `--from` under a new name)."""
    root = store_dir()
    if not root.is_dir():
        return []
    known = {p.options.get("voice", p.name) for p in list_presets() if p.engine == "piper"}
    found = []
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and not folder.name.startswith(".") and folder.name not in known:
            try:
                found.append(preset_from_path(folder))
            except VoiceError:
                continue
    return found


# ── installing ──────────────────────────────────────────────────────────────────────────────


def _place(staging: Path, name: str) -> Path:
    """Move a checked voice folder into the store in one rename, replacing an older copy."""
    model, config = find_model(staging)
    read_config(config)
    if model.stem != name:
        model.rename(staging / f"{name}.onnx")
        config.rename(staging / f"{name}.onnx.json")
    dest = voice_dir(name)
    replace_folder(staging, dest)
    return dest


def _unpack(source: Path, into: Path) -> None:
    """Copy a model file (and its config) or a folder, or unpack an archive, into `into`."""
    if source.is_dir() or source.name.lower().endswith(".onnx"):
        model, config = find_model(source)
        shutil.copy2(model, into / model.name)
        shutil.copy2(config, into / config.name)
    else:
        extract_archive(source, into, "NAME.onnx, a folder, nor a .zip/.tar.gz archive")


def _voice_root(folder: Path) -> Path:
    """The folder holding the .onnx: the top, or the one folder an archive wrapped it in."""
    return unwrap(folder, lambda f: any(p.suffix == ".onnx" for p in f.iterdir()))


def install_from(source: Path, name: str) -> Path:
    """Install a copied voice (NAME.onnx, a folder or an archive) under `name`; nothing downloads."""
    expected = "NAME.onnx, a folder or a .zip/.tar.gz archive"
    with unpacked_beside(source, voice_dir(name), _unpack, expected) as staging:
        root = _voice_root(staging)
        find_model(root)
        placed = _place(root, name)
    log.info("installed Piper voice %s from %s into %s", name, source, placed)
    return placed


def _open(url: str):
    try:
        return urllib.request.urlopen(url, timeout=_TIMEOUT_S)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise VoiceError(f"cannot download {url}: {exc}") from None


def _catalog_entry(name: str, base: str) -> dict:
    """The voice's entry in voices.json (by key or alias)."""
    with _open(f"{base}/voices.json") as reply:
        try:
            voices = json.load(reply)
        except ValueError as exc:
            raise VoiceError(f"{base}/voices.json is not JSON ({exc}); try again later") from None
    for key, entry in voices.items():
        if key == name or name in entry.get("aliases", []):
            return entry
    raise VoiceError(f"Piper publishes no voice {name!r}; names look like de_DE-thorsten-medium")


def _fetch(url: str, dest: Path, want_size: int | None, want_md5: str | None,
           progress: ProgressCallback | None) -> None:
    """Stream `url` into `dest`; the size and MD5 must be what voices.json says."""
    digest, done = hashlib.md5(), 0
    with _open(url) as reply, dest.open("wb") as out:
        total = want_size or int(reply.headers.get("content-length") or 0) or None
        while block := reply.read(_BLOCK):
            out.write(block)
            digest.update(block)
            done += len(block)
            if progress:
                progress(DownloadProgress(dest.name, done, total))
    if want_size is not None and done != want_size:
        raise VoiceError(f"{dest.name}: got {done} bytes, voices.json says {want_size}; "
                         "the download broke off, run the command again")
    if want_md5 and digest.hexdigest() != want_md5:
        raise VoiceError(f"{dest.name}: MD5 {digest.hexdigest()} is not the published {want_md5}; "
                         "run the command again")


def download(name: str, progress: ProgressCallback | None = None) -> Path:
    """Fetch a voice's .onnx and .onnx.json as voices.json lists them, verify, place atomically."""
    if not VOICE_KEY.match(name):
        raise VoiceError(f"{name!r} is not a Piper voice name like de_DE-thorsten-medium")
    base = os.environ.get(URL_ENV, DEFAULT_URL).rstrip("/")
    entry = _catalog_entry(name, base)
    files = {path: info for path, info in entry.get("files", {}).items()
             if path.endswith((".onnx", ".onnx.json"))}
    if len(files) != 2:
        raise VoiceError(f"voices.json lists no .onnx and .onnx.json for {name}")
    dest = voice_dir(name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".download-") as tmp:
        staging = Path(tmp) / "voice"
        staging.mkdir()
        for path, info in sorted(files.items(), key=lambda item: item[0].endswith(".onnx")):
            filename = f"{name}.onnx.json" if path.endswith(".json") else f"{name}.onnx"
            size = info.get("size_bytes")
            _fetch(f"{base}/{path}", staging / filename, int(size) if size is not None else None,
                   info.get("md5_digest"), progress)
        placed = _place(staging, name)
    log.info("installed Piper voice %s into %s", name, placed)
    return placed


def install(name: str, source: Path | None = None, progress: ProgressCallback | None = None) -> Path:
    """Install a Piper voice: from `source` (offline), else downloaded."""
    if source is not None:
        return install_from(source, name)
    if not extra_installed():
        raise VoiceError(EXTRA_MISSING)
    try:
        return download(name, progress)
    except VoiceError as exc:
        if "cannot download" in str(exc):
            raise VoiceError(f"{exc}; without a network, copy the voice in and run "
                             f"`narrate voices install {name} --from FILE_OR_ARCHIVE`") from None
        raise
