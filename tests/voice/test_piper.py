"""Piper voices, offline: a tiny Piper voice built here (a real VITS graph with random weights,
exported to ONNX with its .onnx.json) goes the way a downloaded voice goes."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import http.server
import json
import os
import shutil
import subprocess
import sys
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest

from audio_checks import check_mp3
from narrate.config import VoiceSettings
from narrate.errors import VoiceError
from narrate.voice import piper_store
from narrate.voice.catalog import choose_voice_why, find_voice
from narrate.voice.engines import load_engine

pytestmark = pytest.mark.skipif(
    not piper_store.extra_installed() or importlib.util.find_spec("TTS") is None,
    reason="needs the piper extra, and the coqui extra to build the test voice")

REPO = Path(__file__).resolve().parents[2]
SPEAKERS = ("anna", "bernd", "clara")
SENTENCES = [
    "Guten Morgen, hier sind die Nachrichten.",
    "Die Bundesregierung hat sich auf den Haushalt für das kommende Jahr geeinigt.",
    "Straßenbahnfahrerinnen und Müllwerker streiken ab Donnerstag früh.",
]
ARTICLE = """# Streik im Nahverkehr

Ab Donnerstag stehen Busse und Bahnen still. Die Gewerkschaft ruft zum Warnstreik auf.

## Was Fahrgäste wissen müssen

Die Verkehrsbetriebe bitten, auf das Fahrrad umzusteigen. Ja.
"""


@pytest.fixture(scope="session")
def voices(tmp_path_factory) -> dict[str, Path]:
    from piper_tiny import build_piper

    root = tmp_path_factory.mktemp("piper")
    return {"tiny": build_piper(root / "tiny" / "tiny.onnx"),
            "multi": build_piper(root / "multi" / "multi.onnx", speakers=SPEAKERS)}


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("NARRATE_PIPER_HOME", str(tmp_path / "piper-home"))
    monkeypatch.setenv("TTS_HOME", str(tmp_path / "tts-home"))
    monkeypatch.delenv("NARRATE_VOICE", raising=False)
    return tmp_path / "piper-home"


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "streik.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def narrate(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NARRATE_VOICE"}
    env["PYTHONPATH"] = str(REPO)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "narrate", *args], capture_output=True, text=True,
                          env=env, timeout=600)


def one_line(done: subprocess.CompletedProcess) -> str:
    return " ".join(done.stderr.split())


def test_narrate_with_a_piper_onnx_file(voices, article, store, tmp_path):
    out = tmp_path / "tiny.mp3"
    done = narrate(str(article), "-o", str(out), "--voice", str(voices["tiny"]))
    assert done.returncode == 0, done.stderr
    assert "voice tiny (piper engine)" in one_line(done)
    facts = check_mp3(out, ["Streik im Nahverkehr", "Was Fahrgäste wissen müssen"])
    assert str(facts.tags["TPE1"]) == "tiny"


@pytest.mark.parametrize("form", ["file", "folder", "tar.gz"])
def test_install_from_a_copy_then_narrate_by_name(form, voices, article, store, tmp_path):
    source = voices["multi"]
    if form == "folder":
        source = source.parent
    elif form == "tar.gz":
        archive = tmp_path / "voice.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(source.parent, arcname="wrapped")
        source = archive
    done = narrate("voices", "install", "my-voice", "--from", str(source))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (store / "my-voice").iterdir()) == ["my-voice.onnx", "my-voice.onnx.json"]
    assert not [p for p in store.iterdir() if p.name.startswith(".")], "staging left behind"
    out = tmp_path / "named.mp3"
    done = narrate(str(article), "-o", str(out), "--voice", "my-voice", "--speaker", "bernd", "--rate", "1.2")
    assert done.returncode == 0, done.stderr
    check_mp3(out)
    listing = narrate("voices")
    assert "my-voice" in listing.stdout


def test_speaker_chooses_a_speaker_and_unknown_ones_are_named(voices, store):
    preset = find_voice(str(voices["multi"]))
    engines = {s: load_engine(preset, VoiceSettings(speaker=s)) for s in ("anna", "bernd", "2")}
    assert [e.speaker_id for e in engines.values()] == [0, 1, 2]
    assert len({e.cache_key() for e in engines.values()}) == 3
    with pytest.raises(VoiceError, match="anna, bernd, clara"):
        load_engine(preset, VoiceSettings(speaker="nobody"))
    with pytest.raises(VoiceError, match="one speaker"):
        load_engine(find_voice(str(voices["tiny"])), VoiceSettings(speaker="anna"))


def test_unknown_speaker_on_the_command_line_is_one_line(voices, article, store):
    done = narrate(str(article), "--voice", str(voices["multi"]), "--speaker", "nobody")
    assert done.returncode == 1
    assert "has no speaker 'nobody'" in one_line(done) and "Traceback" not in done.stderr


def test_rate_is_piper_length_scale(voices, store):
    preset = find_voice(str(voices["tiny"]))
    engines = {rate: load_engine(preset, VoiceSettings(rate=rate)) for rate in (1.0, 2.0)}
    assert engines[2.0].length_scale == pytest.approx(engines[1.0].length_scale / 2)
    assert engines[1.0].cache_key() != engines[2.0].cache_key()
    seconds = {r: sum(len(e.synthesize(s)) for s in SENTENCES * 3) / e.sample_rate
               for r, e in engines.items()}
    assert seconds[2.0] < 0.7 * seconds[1.0], seconds


def test_engine_speaks_float_samples_without_phoneme_marks(voices, store):
    assert find_voice(str(voices["tiny"].parent)) == find_voice(str(voices["tiny"]))  # --voice FOLDER
    engine = load_engine(find_voice(str(voices["tiny"])), VoiceSettings(threads=1))
    wav = engine.synthesize("Ja.")
    assert engine.sample_rate == 22050 and wav.dtype == np.float32 and len(wav) > 0
    assert np.isfinite(wav).all() and np.abs(wav).max() <= 1.0
    assert len(engine.synthesize("[[ ]] ...")) == engine.sample_rate // 10  # nothing to speak


def test_a_linked_model_reads_the_config_beside_the_link(voices, store, tmp_path):
    # Piper reads NAME.onnx.json beside the path it is given; so does narrate, also for a link
    linked = tmp_path / "linked" / "slow.onnx"
    linked.parent.mkdir()
    linked.symlink_to(voices["tiny"])
    config = json.loads(Path(f"{voices['tiny']}.json").read_text(encoding="utf-8"))
    config["inference"]["length_scale"] = 3.0
    Path(f"{linked}.json").write_text(json.dumps(config), encoding="utf-8")
    engine = load_engine(find_voice(str(linked)), VoiceSettings(threads=1))
    assert engine.length_scale == pytest.approx(3.0)


def test_broken_voices_say_what_is_wrong(voices, tmp_path):
    lonely = tmp_path / "lonely.onnx"
    shutil.copy(voices["tiny"], lonely)
    with pytest.raises(VoiceError, match="lonely.onnx.json"):
        find_voice(str(lonely))
    two = tmp_path / "two"
    two.mkdir()
    for name in ("a", "b"):
        shutil.copy(voices["tiny"], two / f"{name}.onnx")
    with pytest.raises(VoiceError, match="2 .onnx files"):
        find_voice(str(two))


# ── downloads from a local mirror of the rhasspy/piper-voices layout ──────────────────────────


@pytest.fixture
def mirror(voices, tmp_path):
    """A real HTTP server on 127.0.0.1 serving voices.json and one voice in Hugging Face's layout."""
    root = tmp_path / "mirror"
    folder = root / "de" / "de_DE" / "thorsten" / "medium"
    folder.mkdir(parents=True)
    files = {}
    for src, name in ((voices["tiny"], "de_DE-thorsten-medium.onnx"),
                      (Path(f"{voices['tiny']}.json"), "de_DE-thorsten-medium.onnx.json")):
        shutil.copy(src, folder / name)
        data = (folder / name).read_bytes()
        files[f"de/de_DE/thorsten/medium/{name}"] = {"size_bytes": len(data),
                                                     "md5_digest": hashlib.md5(data).hexdigest()}
    files["de/de_DE/thorsten/medium/MODEL_CARD"] = {"size_bytes": 3, "md5_digest": "x"}
    catalog = {"de_DE-thorsten-medium": {"key": "de_DE-thorsten-medium", "files": files, "aliases": []}}
    (root / "voices.json").write_text(json.dumps(catalog), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_download_verifies_and_installs_atomically(mirror, article, store, tmp_path):
    root, url = mirror
    done = narrate("voices", "install", "de_DE-thorsten-medium", env_extra={"NARRATE_PIPER_URL": url})
    assert done.returncode == 0, done.stderr
    folder = store / "de_DE-thorsten-medium"
    assert (folder / "de_DE-thorsten-medium.onnx").read_bytes() == \
        (root / "de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx").read_bytes()
    # Now the best neural German voice installed: the default, and it speaks.
    preset, why = choose_voice_why(VoiceSettings())
    assert preset.name == "de_DE-thorsten-medium" and "neural" in why
    out = tmp_path / "default.mp3"
    spoken = narrate(str(article), "-o", str(out))
    assert spoken.returncode == 0, spoken.stderr
    assert "voice de_DE-thorsten-medium" in one_line(spoken)


@pytest.mark.parametrize("damage,message", [("md5", "MD5"), ("size", "bytes")])
def test_a_damaged_download_installs_nothing(damage, message, mirror, store):
    root, url = mirror
    catalog = json.loads((root / "voices.json").read_text())
    entry = catalog["de_DE-thorsten-medium"]["files"]["de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx"]
    if damage == "md5":
        entry["md5_digest"] = "0" * 32
    else:
        entry["size_bytes"] += 1
    (root / "voices.json").write_text(json.dumps(catalog), encoding="utf-8")
    done = narrate("voices", "install", "de_DE-thorsten-medium", env_extra={"NARRATE_PIPER_URL": url})
    assert done.returncode == 1 and message in one_line(done), done.stderr
    assert not store.exists() or not any(store.iterdir()), list(store.iterdir())


def test_offline_download_names_the_from_alternative(store):
    done = narrate("voices", "install", "de_DE-thorsten-high",
                   env_extra={"NARRATE_PIPER_URL": "http://127.0.0.1:9"})
    assert done.returncode == 1
    assert "--from FILE_OR_ARCHIVE" in one_line(done) and "Traceback" not in done.stderr


def test_presets_name_every_german_piper_voice_with_licence_and_size():
    from narrate.voice.presets import list_presets

    piper = {p.name: p for p in list_presets() if p.engine == "piper"}
    assert set(piper) == {
        "de_DE-thorsten-low", "de_DE-thorsten-medium", "de_DE-thorsten-high",
        "de_DE-thorsten_emotional-medium", "de_DE-kerstin-low", "de_DE-ramona-low",
        "de_DE-eva_k-x_low", "de_DE-karlsson-low", "de_DE-pavoque-low", "de_DE-mls-medium"}
    for preset in piper.values():
        assert piper_store.VOICE_KEY.match(preset.name)
        assert preset.licence and preset.size_mb > 0 and preset.sample_rate in (16000, 22050)
        assert preset.rank < 90, "a neural voice ranks before pico-de"
