"""Coqui model files on disk: where Coqui keeps them, which are installed, and installing more.

No torch here: only paths and files, so `narrate voices` and voice choice stay fast. The one
exception is `install` without a source, which downloads through Coqui's own ModelManager.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import socket
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from narrate.errors import VoiceError
from narrate.voice.presets import VoicePreset, list_presets
from narrate.voice.store_files import (
    DownloadProgress, ProgressCallback, extract_archive, replace_folder, unpacked_beside, unwrap,
)

log = logging.getLogger(__name__)

EXTRA_MISSING = "Coqui voices need the coqui extra: pip install 'narrate[coqui]'"
# The names Coqui's ModelManager looks for first; any single *.pth / *.pt file is taken otherwise.
MODEL_FILE_NAMES = ("model_file.pth", "model_file.pth.tar", "model.pth", "checkpoint.pth")
MODEL_SUFFIXES = (".pth", ".pt", ".pth.tar")
CONFIG_NAME = "config.json"
XTTS_GERMAN_MAX_CHARS = 253  # XTTS's tokenizer: longer German text may come out truncated
_PROBE_TIMEOUT_S = 5.0  # offline must fail fast, not after a TCP timeout of minutes
_READ_TIMEOUT_S = 30.0
_PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


@dataclass(frozen=True)
class Checkpoint:
    """The files a Coqui voice loads: a TTS model and, for spectrogram models, a vocoder."""

    model_path: Path
    config_path: Path
    vocoder_path: Path | None = None
    vocoder_config_path: Path | None = None

    @property
    def files(self) -> list[Path]:
        return [p for p in (self.config_path, self.model_path, self.vocoder_config_path,
                            self.vocoder_path) if p is not None]


def extra_installed() -> bool:
    """Whether the coqui extra is importable, checked without importing torch."""
    return importlib.util.find_spec("TTS") is not None and importlib.util.find_spec("torch") is not None


def cache_dir() -> Path:
    """Coqui's model cache, as `TTS.utils.manage.ModelManager` computes it (TTS_HOME, XDG_DATA_HOME)."""
    if (home := os.environ.get("TTS_HOME")) is not None:
        base = Path(home).expanduser().resolve(strict=False)
    elif (xdg := os.environ.get("XDG_DATA_HOME")) is not None:
        base = Path(xdg).expanduser().resolve(strict=False)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", "~/AppData/Local")).expanduser().resolve(strict=False)
    elif sys.platform == "darwin":
        base = Path("~/Library/Application Support/").expanduser()
    else:
        base = Path.home() / ".local/share"
    return base / "tts"


def is_model_name(name: str) -> bool:
    """`tts_models/de/thorsten/vits` and the like: Coqui's own four-part model names."""
    parts = name.split("/")
    return len(parts) == 4 and parts[0] in ("tts_models", "vocoder_models") and all(parts)


def model_dir(model_name: str) -> Path:
    """The cache folder Coqui uses for a model name (`tts_models--de--thorsten--vits`)."""
    if not is_model_name(model_name):
        raise VoiceError(f"{model_name!r} is not a Coqui model name like tts_models/de/thorsten/vits")
    return cache_dir() / model_name.replace("/", "--")


def _model_file(folder: Path) -> Path | None:
    for name in MODEL_FILE_NAMES:
        if (folder / name).is_file():
            return folder / name
    found = sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(MODEL_SUFFIXES))
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise VoiceError(f"{folder} holds several model files ({names}); keep one, or name it model.pth")
    return found[0] if found else None


def find_checkpoint(folder: Path) -> tuple[Path, Path]:
    """(model file, config.json) in `folder`; a VoiceError names whatever is missing."""
    if not folder.is_dir():
        raise VoiceError(f"{folder} is not a folder; give a folder with config.json and a model .pth")
    config = folder / CONFIG_NAME
    model = _model_file(folder)
    missing = [what for what, ok in ((CONFIG_NAME, config.is_file()),
                                     ("a model file (.pth or .pt)", model is not None)) if not ok]
    if missing:
        raise VoiceError(f"{folder} is not a Coqui checkpoint: it lacks {' and '.join(missing)}")
    return model, config


def _has_checkpoint(folder: Path) -> bool:
    try:
        find_checkpoint(folder)
    except VoiceError:
        return False
    return True


def resolve(preset) -> Checkpoint:
    """The files of a Coqui preset: `options.model_dir`, else the cache folders of `options.model`
    (and `options.vocoder`). Never downloads; a missing model says how to install it."""
    options = preset.options
    if "model_dir" in options:
        model, config = find_checkpoint(Path(options["model_dir"]))
        return Checkpoint(model, config)
    parts = [("model", options.get("model"))]
    if options.get("vocoder"):
        parts.append(("vocoder", options["vocoder"]))
    found: list[Path] = []
    for what, name in parts:
        if not name:
            raise VoiceError(f"voice preset {preset.name!r} names no Coqui model; add options.model")
        folder = model_dir(name)
        if not _has_checkpoint(folder):
            raise VoiceError(f"the {what} of voice {preset.name!r} ({name}) is not installed; run "
                             f"`narrate voices install {preset.name}` (offline: add --from ARCHIVE_OR_DIR)")
        found.extend(find_checkpoint(folder))
    return Checkpoint(*found)


def is_installed(preset) -> bool:
    """Whether the Coqui voice can speak now: its files are there and the coqui extra is importable."""
    if not extra_installed():
        return False
    try:
        resolve(preset)
    except VoiceError:
        return False
    return True


def folder_size_mb(folder: Path) -> float:
    """Disk use of a folder's files in MB (10^6 bytes)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def preset_from_dir(folder: Path):
    """A voice from any folder holding a Coqui checkpoint (config.json + model .pth/.pt)."""
    folder = folder.expanduser().resolve()
    _, config = find_checkpoint(folder)
    return VoicePreset(name=folder.name, engine="coqui", description=f"Coqui checkpoint in {folder}",
                       size_mb=round(folder_size_mb(folder), 1), options={"model_dir": str(folder)},
                       max_chars=_max_chars(config))


def _max_chars(config: Path) -> int | None:
    """The longest text a checkpoint takes, where narrate knows it: XTTS's limit for German."""
    try:
        model = json.loads(config.read_text(encoding="utf-8")).get("model")
    except (OSError, ValueError, AttributeError):
        return None  # Coqui's loader reports a broken config with the file's name
    return XTTS_GERMAN_MAX_CHARS if str(model).lower() == "xtts" else None


def _unpack(source: Path, into: Path) -> None:
    """Copy a folder, or unpack a .zip/.tar/.tar.gz/.tgz, into the empty folder `into`."""
    if not source.is_dir():
        extract_archive(source, into, "a folder nor a .zip/.tar/.tar.gz archive")
        return
    # A checkpoint is flat: copy the files beside config.json, never a whole tree.
    root = _checkpoint_root(source)
    find_checkpoint(root)
    for path in root.iterdir():
        if path.is_file():
            shutil.copy2(path, into / path.name)


def _checkpoint_root(folder: Path) -> Path:
    """The folder holding config.json: the top, or the one folder an archive wrapped it in."""
    return unwrap(folder, lambda f: (f / CONFIG_NAME).is_file())


def _place(staging: Path, dest: Path) -> None:
    """Move a checked checkpoint folder to `dest` in one rename, replacing an older copy."""
    find_checkpoint(staging)
    replace_folder(staging, dest)


def _fix_paths(folder: Path) -> None:
    """Let Coqui point config.json at files beside it (scale_stats.npy, speakers), as after a download."""
    if not extra_installed():
        return
    from TTS.utils.manage import ModelManager

    ModelManager(progress_bar=False)._update_paths(folder, folder / CONFIG_NAME)


def install_from(source: Path, model_name: str) -> Path:
    """Install a hand-copied checkpoint (folder or archive) as `model_name` in Coqui's cache."""
    dest = model_dir(model_name)
    with unpacked_beside(source, dest, _unpack, "a folder or archive with config.json and a .pth") as unpacked:
        root = _checkpoint_root(unpacked)
        try:
            find_checkpoint(root)
        except VoiceError:
            raise VoiceError(f"{source} is not a Coqui checkpoint: it needs {CONFIG_NAME} and a model "
                             ".pth/.pt file side by side") from None
        _place(root, dest)
    _fix_paths(dest)
    log.info("installed %s from %s into %s", model_name, source, dest)
    return dest


class _Offline(Exception):
    """The model's host cannot be reached."""


def _probe(url: str) -> None:
    """Fail within seconds when offline; behind a proxy only the download itself can tell."""
    if any(os.environ.get(var) for var in _PROXY_VARS):
        return
    host = urlparse(url).hostname or ""
    try:
        socket.create_connection((host, 443), timeout=_PROBE_TIMEOUT_S).close()
    except OSError as exc:
        raise _Offline(f"cannot reach {host} ({exc})") from exc


def _fetch(url: str, dest: Path, name: str, progress: ProgressCallback | None) -> None:
    """Stream `url` into `dest`, reporting bytes; short timeouts so a dead network fails fast."""
    import requests  # a dependency of coqui-tts

    try:
        with requests.get(url, stream=True, timeout=(_PROBE_TIMEOUT_S, _READ_TIMEOUT_S)) as reply:
            reply.raise_for_status()
            total = int(reply.headers.get("content-length", 0)) or None
            done = 0
            with dest.open("wb") as out:
                for block in reply.iter_content(1 << 16):
                    out.write(block)
                    done += len(block)
                    if progress:
                        progress(DownloadProgress(name, done, total))
    except requests.RequestException as exc:
        raise _Offline(str(exc)) from exc


def _download_one(model_name: str, progress: ProgressCallback | None, voice: str) -> Path:
    """Fetch one model's release archive as Coqui's ModelManager lists it, then install it."""
    try:
        from TTS.utils.manage import ModelManager
    except ImportError as exc:
        raise VoiceError(EXTRA_MISSING) from exc
    kind, lang, dataset, model = model_name.split("/")
    try:
        item = ModelManager(progress_bar=False).models_dict[kind][lang][dataset][model]
    except KeyError:
        raise VoiceError(f"Coqui knows no model {model_name!r}; see `tts --list_models`") from None
    url = item.get("github_rls_url")
    if not isinstance(url, str) or not url.endswith(".zip"):
        where = f"the files of huggingface.co/{item['repo_id']}" if item.get("repo_id") else "it"
        raise VoiceError(f"{model_name} is not a release archive narrate can fetch; download {where} "
                         f"yourself and run `narrate voices install {voice} --from DIR`")
    _probe(url)
    dest = model_dir(model_name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".download-") as tmp:
        archive = Path(tmp) / url.rsplit("/", 1)[-1]
        _fetch(url, archive, model_name, progress)
        return install_from(archive, model_name)


def install(name: str, source: Path | None = None, progress: ProgressCallback | None = None) -> list[Path]:
    """Install a voice (preset name) or a Coqui model name into Coqui's cache; returns the folders.

    With `source` (folder or .zip/.tar/.tar.gz) nothing is downloaded: it is installed as the voice's
    TTS model. Without, the release archives are downloaded (model and vocoder); offline this fails
    within seconds, naming the `--from` alternative.
    """
    names = _model_names(name)
    if source is not None:
        folders = [install_from(source, names[0])]
        if len(names) > 1 and not _has_checkpoint(model_dir(names[1])):
            log.warning("%s also needs its vocoder: narrate voices install %s --from ARCHIVE_OR_DIR",
                        name, names[1])
        return folders
    if not extra_installed():
        raise VoiceError(EXTRA_MISSING)
    try:
        return [_download_one(model, progress, name) for model in names]
    except _Offline as exc:
        raise VoiceError(f"cannot download {name}: {exc}; without a network, copy the model in and "
                         f"run `narrate voices install {name} --from ARCHIVE_OR_DIR`") from None


def _model_names(name: str) -> list[str]:
    """The Coqui model names behind a voice: its TTS model, then its vocoder if it has one."""
    if is_model_name(name):
        return [name]
    for preset in list_presets():
        if preset.name == name and preset.engine == "coqui" and preset.options.get("model"):
            return [preset.options["model"]] + ([preset.options["vocoder"]]
                                                 if preset.options.get("vocoder") else [])
    coqui = ", ".join(p.name for p in list_presets() if p.engine == "coqui")
    raise VoiceError(f"cannot install {name!r}: name a Coqui voice ({coqui}) or a Coqui model name "
                     "like tts_models/de/thorsten/vits")
