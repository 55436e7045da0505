"""Coqui voices, offline: a tiny VITS checkpoint built here goes the way a downloaded voice goes."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from narrate.voice import coqui_store
from narrate.voice.catalog import choose_voice_why, find_voice, is_installed, list_presets
from narrate.config import VoiceSettings
from narrate.errors import VoiceError

pytestmark = [
    pytest.mark.coqui,
    pytest.mark.skipif(not coqui_store.extra_installed(),
                       reason="needs the coqui extra (TTS, torch): pip install 'narrate[coqui]'"),
]

REPO = Path(__file__).resolve().parents[2]
GERMAN = [
    "Guten Morgen, hier sind die Nachrichten.",
    "Die Bundesregierung hat sich auf den Haushalt für das kommende Jahr geeinigt.",
    "Straßenbahnfahrerinnen und Müllwerker streiken ab Donnerstag früh.",
]
ARTICLE = """# Streik im Nahverkehr

Ab Donnerstag stehen Busse und Bahnen still. Die Gewerkschaft ruft zum Warnstreik auf.

## Was Fahrgäste wissen müssen

Die Verkehrsbetriebe bitten, auf das Fahrrad umzusteigen. Ja.

## Wie es weitergeht

Die nächste Verhandlungsrunde beginnt am Montag.
"""


@pytest.fixture(scope="session")
def tiny_voice(tmp_path_factory) -> Path:
    """A German-phoneme VITS with random weights: config.json + model.pth, built once."""
    from coqui_tiny import build_vits

    return build_vits(tmp_path_factory.mktemp("coqui") / "tiny-vits")


@pytest.fixture(scope="session")
def crashy_voice(tmp_path_factory) -> Path:
    """A grapheme VITS without blanks: input outside its vocabulary hits Coqui's kernel-size crash."""
    from coqui_tiny import build_vits

    return build_vits(tmp_path_factory.mktemp("coqui") / "crashy", phonemes=False, add_blank=False)


@pytest.fixture(scope="session")
def engine(tiny_voice):
    from narrate.voice.engines import load_engine

    return load_engine(find_voice(str(tiny_voice)), VoiceSettings(device="cpu", threads=2))


@pytest.fixture(scope="session")
def load_voice():
    """Load each checkpoint folder once per session, as narrate loads a voice once per process."""
    from narrate.voice.engines import load_engine

    loaded = {}

    def load(folder: Path):
        if folder not in loaded:
            loaded[folder] = load_engine(find_voice(str(folder)), VoiceSettings(device="cpu"))
        return loaded[folder]

    return load


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty Coqui cache in tmp: the user's real one is never touched."""
    monkeypatch.setenv("TTS_HOME", str(tmp_path / "tts-home"))
    monkeypatch.setenv("NARRATE_PIPER_HOME", str(tmp_path / "piper-home"))  # no Piper voice either
    monkeypatch.delenv("NARRATE_VOICE", raising=False)
    return tmp_path / "tts-home" / "tts"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NARRATE_VOICE", "TTS_HOME")}
    env.update(TTS_HOME=str(tmp_path / "tts-home"), PYTHONPATH=str(REPO), **extra)
    return env


def _narrate(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "narrate", *args], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=timeout)


@pytest.mark.parametrize("env", [
    {"TTS_HOME": "/srv/models"},
    {"TTS_HOME": "~/voices", "XDG_DATA_HOME": "/ignored"},
    {"XDG_DATA_HOME": "/data/xdg"},
    {},
])
def test_cache_dir_is_coquis(env, monkeypatch):
    from TTS.utils.manage import ModelManager
    from trainer.io import get_user_data_dir

    for name in ("TTS_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert coqui_store.cache_dir() == get_user_data_dir("tts") == ModelManager().output_prefix


@pytest.mark.parametrize("text", GERMAN)
def test_engine_speaks_german(engine, tiny_voice, text):
    samples = engine.synthesize(text)
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert samples.size > engine.sample_rate * 0.2
    assert np.isfinite(samples).all() and 0 < np.abs(samples).max() <= 1
    import json

    assert engine.sample_rate == json.loads((tiny_voice / "config.json").read_text())["audio"]["sample_rate"]


def test_same_sentence_same_audio(engine):
    assert np.array_equal(engine.synthesize(GERMAN[0]), engine.synthesize(GERMAN[0]))


SHORT = [
    # (voice, text, speaks, warning expected in the log)
    ("tiny", "Ja.", True, None),
    ("tiny", "A", True, None),
    ("tiny", ".", False, "nothing to speak"),
    ("tiny", "", False, "nothing to speak"),
    ("tiny", " „“ – ", False, "nothing to speak"),
    ("crashy", "Ja.", True, None),
    ("crashy", "Ω", True, "retrying with pauses"),  # nothing left after the vocabulary: crash, retry
    ("crashy", "…", False, "nothing to speak"),
    ("tiny", "Es ist 12 Uhr.", True, "reads them in English"),  # narrate's spoken German has no digits
]


@pytest.mark.parametrize("voice,text,speaks,warning", SHORT)
def test_short_inputs_do_not_crash(voice, text, speaks, warning, tiny_voice, crashy_voice, load_voice,
                                   caplog):
    engine = load_voice(tiny_voice if voice == "tiny" else crashy_voice)
    with caplog.at_level(logging.WARNING, logger="narrate.voice.engines.coqui"):
        samples = engine.synthesize(text)
    assert samples.dtype == np.float32 and samples.size > 0 and np.isfinite(samples).all()
    assert (np.abs(samples).max() > 0) == speaks
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "narrate.voice.engines.coqui")
    assert (warning in logged) if warning else logged == ""


def test_cache_key_follows_the_files(engine, tiny_voice, tmp_path):
    from narrate.voice.engines import load_engine

    copy = Path(shutil.copytree(tiny_voice, tmp_path / "copy"))
    (copy / "config.json").write_text((copy / "config.json").read_text().replace(
        '"length_scale": 1', '"length_scale": 1.2'))
    other = load_engine(find_voice(str(copy)), VoiceSettings(device="cpu"))
    assert other.cache_key() != engine.cache_key()
    assert engine.cache_key() == engine.cache_key()


@pytest.mark.parametrize("files,message", [
    ([], "lacks config.json and a model file"),
    (["config.json"], "lacks a model file"),
    (["model.pth"], "lacks config.json"),
    (["config.json", "a.pth", "b.pt"], "several model files"),
])
def test_a_folder_without_a_checkpoint_says_what_is_missing(files, message, tmp_path):
    for name in files:
        (tmp_path / name).write_text("{}")
    with pytest.raises(VoiceError, match=message):
        coqui_store.preset_from_dir(tmp_path)


def _pack(folder: Path, kind: str, dest: Path) -> Path:
    if kind == "dir":
        return folder
    if kind == "wrapped-dir":
        return Path(shutil.copytree(folder, dest / "download" / "thorsten-vits")).parent
    if kind == "zip":
        path = dest / "voice.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for file in folder.iterdir():
                archive.write(file, f"tts_models--de--thorsten--vits/{file.name}")
        return path
    path = dest / f"voice.{kind}"
    with tarfile.open(path, "w:gz" if kind == "tar.gz" else "w") as archive:
        for file in folder.iterdir():
            archive.add(file, file.name)
    return path


@pytest.mark.parametrize("kind", ["dir", "wrapped-dir", "zip", "tar.gz", "tar"])
def test_install_from_folder_or_archive(kind, tiny_voice, cache, tmp_path):
    thorsten = find_voice("thorsten")
    assert not is_installed(thorsten)
    (folder,) = coqui_store.install("thorsten", _pack(tiny_voice, kind, tmp_path))
    assert folder == cache / "tts_models--de--thorsten--vits"
    assert is_installed(thorsten)
    assert not [p for p in cache.iterdir() if p.name.startswith(".")], "temporary folder left behind"


def test_voices_install_from_then_voice_name(tiny_voice, tmp_path):
    env = _env(tmp_path)
    done = _narrate("voices", "install", "thorsten", "--from", str(tiny_voice), env=env)
    assert done.returncode == 0, done.stderr
    listing = _narrate("voices", env=env)
    assert listing.returncode == 0, listing.stderr
    row = next(line for line in listing.stdout.splitlines() if "thorsten " in line)
    assert "yes" in row and "coqui" in row
    article = tmp_path / "streik.md"
    article.write_text(ARTICLE, encoding="utf-8")
    done = _narrate(str(article), "--voice", "thorsten", "--threads", "2", env=env)
    assert done.returncode == 0, done.stderr
    assert "thorsten" in done.stderr
    from audio_checks import check_mp3

    check_mp3(article.with_suffix(".mp3"))


def test_narrate_article_with_voice_dir(tiny_voice, tmp_path):
    from audio_checks import check_mp3

    article = tmp_path / "streik.md"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.mp3"
    done = _narrate(str(article), "-o", str(out), "--voice", str(tiny_voice), "--device", "cpu",
                    "--threads", "2", env=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    facts = check_mp3(out, ["Streik im Nahverkehr", "Was Fahrgäste wissen müssen", "Wie es weitergeht"])
    assert facts.duration_s > 3


def _online() -> bool:
    try:
        socket.create_connection(("github.com", 443), timeout=3).close()
    except OSError:
        return False
    return True


@pytest.mark.parametrize("proxy", [
    pytest.param("http://127.0.0.1:9", id="refusing-proxy"),
    pytest.param(None, id="no-network", marks=pytest.mark.skipif(_online(), reason="this machine is online")),
])
def test_offline_download_fails_fast_naming_from(proxy, tmp_path):
    extra = {"HTTPS_PROXY": proxy, "HTTP_PROXY": proxy} if proxy else {}
    env = {k: v for k, v in _env(tmp_path, **extra).items()
           if proxy or k.lower() not in ("https_proxy", "http_proxy", "all_proxy")}
    started = time.monotonic()
    done = _narrate("voices", "install", "thorsten", env=env, timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "narrate voices install thorsten --from ARCHIVE_OR_DIR" in " ".join(lines)
    cache = tmp_path / "tts-home" / "tts"
    assert not cache.exists() or not any(cache.iterdir()), "a failed download left files behind"


def test_help_does_not_import_torch():
    code = ("import sys; from typer.testing import CliRunner; from narrate.cli.app import app; "
            "CliRunner().invoke(app, ['--help']); print('torch' in sys.modules, 'TTS' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("installed,flag,env_voice,expected", [
    (False, None, None, "pico-de"),  # no neural voice: SVOX Pico (tests/voice/test_pico.py has the rest)
    (True, None, None, "thorsten"),
    (True, None, "espeak-de", "espeak-de"),
    (True, "espeak-de", "thorsten", "espeak-de"),
    (False, "DIR", "espeak-de", "DIR"),
])
def test_choosing_a_voice(installed, flag, env_voice, expected, tiny_voice, cache, monkeypatch):
    if installed:
        coqui_store.install("thorsten", tiny_voice)
    if env_voice:
        monkeypatch.setenv("NARRATE_VOICE", env_voice)
    name = str(tiny_voice) if flag == "DIR" else flag
    preset, why = choose_voice_why(VoiceSettings(name=name))
    assert preset.name == (tiny_voice.name if expected == "DIR" else expected)
    assert why


@pytest.mark.parametrize("name", ["thorsten", "thorsten-ddc", "css10"])
def test_a_voice_not_installed_says_how_to_install(name, cache):
    with pytest.raises(VoiceError, match=f"narrate voices install {name}"):
        choose_voice_why(VoiceSettings(name=name))


def test_presets_name_coqui_models_and_licences():
    import json

    import TTS

    models = json.loads((Path(TTS.__file__).parent / ".models.json").read_text())
    coqui = [p for p in list_presets() if p.engine == "coqui"]
    assert {p.name for p in coqui} == {"thorsten", "thorsten-ddc", "css10", "xtts"}
    for preset in coqui:
        kind, lang, dataset, model = preset.options["model"].split("/")
        entry = models[kind][lang][dataset][model]
        assert preset.options.get("vocoder") == (entry["default_vocoder"] or None)
        assert preset.licence and preset.size_mb > 0


def test_quotation_marks_never_reach_coqui(engine, caplog):
    """Quotes are not spoken: the same audio as without them, and no tokenizer warning per quote."""
    with caplog.at_level(logging.WARNING):
        quoted = engine.synthesize("„Wir bleiben“, sagte sie, »ganz sicher«.")
    plain = engine.synthesize("Wir bleiben, sagte sie, ganz sicher.")
    assert np.array_equal(quoted, plain)
    assert not [r for r in caplog.records if "not found in the vocabulary" in r.getMessage()]
