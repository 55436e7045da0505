"""Multi-speaker and multilingual Coqui voices: tiny checkpoints built here, loaded by Coqui's own loader.

A three-speaker VITS (speaker_ids.json, as Coqui's VCTK VITS) and an XTTS v2 at toy size (config.json,
model.pth, vocab.json, speakers_xtts.pth) go the way downloaded ones go: `--voice DIR`, `--speaker`,
`--speaker-wav`, `--rate`, and the XTTS preset with its licence and its longest text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from narrate.config import Settings, TextSettings, VoiceSettings
from narrate.errors import SettingsError, VoiceError
from narrate.voice import coqui_store
from narrate.voice.catalog import find_voice
from narrate.voice.presets import VoicePreset, _read_preset, list_presets

pytestmark = [
    pytest.mark.coqui,
    pytest.mark.skipif(not coqui_store.extra_installed(),
                       reason="needs the coqui extra (TTS, torch): pip install 'narrate[coqui]'"),
]

REPO = Path(__file__).resolve().parents[2]
SPEAKERS = ("anna", "bernd", "clara")
XTTS_SPEAKERS = ("Anna Sommer", "Bernd Weber")
SENTENCE = "Die Bundesregierung hat sich auf den Haushalt geeinigt."
ARTICLE = """# Streik im Nahverkehr

Ab Donnerstag stehen Busse und Bahnen still.

## Wie es weitergeht

Die nächste Verhandlungsrunde beginnt am Montag.
"""
TITLES = ["Streik im Nahverkehr", "Wie es weitergeht"]


@pytest.fixture(scope="session")
def multi_voice(tmp_path_factory) -> Path:
    from coqui_tiny import build_vits

    return build_vits(tmp_path_factory.mktemp("coqui") / "vctk-like", speakers=SPEAKERS)


@pytest.fixture(scope="session")
def xtts_voice(tmp_path_factory) -> Path:
    from coqui_tiny import build_xtts

    return build_xtts(tmp_path_factory.mktemp("coqui") / "xtts-tiny", speakers=XTTS_SPEAKERS)


@pytest.fixture(scope="session")
def reference(tmp_path_factory) -> Path:
    from coqui_tiny import reference_wav

    return reference_wav(tmp_path_factory.mktemp("wav") / "stimme.wav")


@pytest.fixture(scope="session")
def load():
    """Each (folder, settings) loaded once per session, as narrate loads a voice once per process."""
    from narrate.voice.engines import load_engine

    loaded = {}

    def get(folder: Path, **options):
        key = (folder, tuple(sorted(options.items())))
        if key not in loaded:
            loaded[key] = load_engine(find_voice(str(folder)), VoiceSettings(device="cpu", threads=2, **options))
        return loaded[key]

    return get


def _narrate(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, Path]:
    article = tmp_path / "streik.md"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "streik.mp3"
    env = {k: v for k, v in os.environ.items() if k not in ("NARRATE_VOICE", "TTS_HOME")}
    env.update(TTS_HOME=str(tmp_path / "tts-home"), PYTHONPATH=str(REPO), COLUMNS="200")
    done = subprocess.run([sys.executable, "-m", "narrate", str(article), "-o", str(out), "--device", "cpu",
                           "--threads", "2", *args], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=600)
    return done, out


# ── a multi-speaker VITS ─────────────────────────────────────────────────────


def test_without_speaker_fails_first_naming_the_speakers(multi_voice, tmp_path):
    done, out = _narrate(tmp_path, "--voice", str(multi_voice))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "error" in line]  # besides INFO logs
    assert "--speaker NAME" in line and all(name in line for name in SPEAKERS)
    assert not out.exists() and not list(out.parent.glob("*.mp3*"))


def test_narrate_with_a_speaker_and_a_rate(multi_voice, tmp_path):
    from audio_checks import check_mp3

    done, out = _narrate(tmp_path, "--voice", str(multi_voice), "--speaker", "bernd", "--rate", "0.8")
    assert done.returncode == 0, done.stderr
    assert "speaker bernd" in done.stderr
    assert check_mp3(out, TITLES).duration_s > 2


def test_speakers_sound_different(multi_voice, load):
    anna, bernd = (load(multi_voice, speaker=name) for name in ("anna", "bernd"))
    assert not np.array_equal(anna.synthesize(SENTENCE), bernd.synthesize(SENTENCE))
    assert anna.cache_key() != bernd.cache_key()


def test_rate_changes_duration(multi_voice, load):
    """VITS's length_scale stretches every duration: slower is longer, faster is shorter."""
    lengths = {rate: load(multi_voice, speaker="anna", rate=rate).synthesize(SENTENCE).size
               for rate in (0.8, 1.0, 1.25)}
    assert lengths[0.8] > lengths[1.0] > lengths[1.25]
    keys = {load(multi_voice, speaker="anna", rate=rate).cache_key() for rate in lengths}
    assert len(keys) == 3


BAD = [
    # (voice, options, message)
    ("multi", {"speaker": "zoe"}, "has no speaker 'zoe'; choose one with --speaker NAME: anna, bernd, clara"),
    ("multi", {"speaker_wav": "REF"}, "cannot clone a voice; --speaker-wav is for XTTS"),
    ("single", {"speaker": "anna"}, "has a single speaker; leave out --speaker anna"),
    ("xtts", {"speaker": "Anna Sommer", "speaker_wav": "REF"}, "give --speaker or --speaker-wav, not both"),
    ("xtts", {"speaker_wav": "MISSING"}, "is not a file"),
]


@pytest.mark.parametrize("voice,options,message", BAD)
def test_wrong_speaker_options_say_what_to_do(voice, options, message, multi_voice, xtts_voice, reference,
                                             tmp_path_factory, load):
    from coqui_tiny import build_vits

    folders = {"multi": multi_voice, "xtts": xtts_voice}
    folder = folders.get(voice) or build_vits(tmp_path_factory.mktemp("coqui") / "single")
    paths = {"REF": reference, "MISSING": reference.with_name("fehlt.wav")}
    options = {k: paths.get(v, v) for k, v in options.items()}
    with pytest.raises(VoiceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load(folder, **options)


@pytest.mark.parametrize("rate", [0.3, 2.5, float("nan")])
def test_rate_outside_its_range_is_refused(rate):
    with pytest.raises(SettingsError, match="--rate"):
        VoiceSettings(rate=rate)


# ── XTTS v2 ───────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def xtts_engine(xtts_voice, tmp_path_factory):
    """The tiny XTTS installed as the `xtts` preset, the way `voices install xtts --from DIR` does,
    then loaded by name with a built-in speaker."""
    from narrate.voice.engines import load_engine

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TTS_HOME", str(tmp_path_factory.mktemp("tts-home")))
        (folder,) = coqui_store.install("xtts", xtts_voice)
        assert folder.name == "tts_models--multilingual--multi-dataset--xtts_v2"
        yield load_engine(find_voice("xtts"), VoiceSettings(device="cpu", threads=2, speaker="Bernd Weber"))


def test_xtts_builtin_speaker_speaks_german(xtts_engine):
    engine = xtts_engine
    samples = engine.synthesize(SENTENCE)
    assert engine.sample_rate == 24000 and samples.dtype == np.float32
    assert samples.size > engine.sample_rate * 0.3 and 0 < np.abs(samples).max() <= 1
    assert "language=de" in engine.cache_key() and "speaker=Bernd Weber" in engine.cache_key()
    assert engine.max_chars == 253


def test_xtts_speaks_as_coquis_own_api_does(xtts_engine, xtts_voice):
    """narrate's XTTS path (latents once, `inference` per chunk, the cache handed on under
    transformers 5.x) gives the samples of Coqui's `TTS.tts`, run here without the GPT cache."""
    import zlib

    import torch
    from TTS.api import TTS

    tts = TTS(model_path=str(xtts_voice / "model.pth"), config_path=str(xtts_voice / "config.json"),
              progress_bar=False)
    torch.manual_seed(zlib.crc32(SENTENCE.encode("utf-8")))
    coqui = np.asarray(tts.tts(SENTENCE, speaker="Bernd Weber", language="de", split_sentences=False,
                               use_cache=False), dtype=np.float32)
    ours = xtts_engine.synthesize(SENTENCE)
    assert np.array_equal(ours, coqui[: ours.size]) and not coqui[ours.size:].any()  # Coqui pads silence


def test_xtts_cloned_voice_and_rate(xtts_voice, reference, load, tmp_path):
    normal = load(xtts_voice, speaker_wav=reference)
    slow = load(xtts_voice, speaker_wav=reference, rate=0.5)
    assert slow.synthesize(SENTENCE).size == 2 * normal.synthesize(SENTENCE).size
    from coqui_tiny import reference_wav

    other = reference_wav(tmp_path / reference.name, seconds=3.0)  # same name, another recording
    assert load(xtts_voice, speaker_wav=other).cache_key() != normal.cache_key()


def test_narrate_with_a_cloned_xtts_voice(xtts_voice, reference, tmp_path):
    from audio_checks import check_mp3

    done, out = _narrate(tmp_path, "--voice", str(xtts_voice), "--speaker-wav", str(reference))
    assert done.returncode == 0, done.stderr
    assert check_mp3(out, TITLES).duration_s > 2


def test_chunks_stay_within_the_voices_longest_text(xtts_engine):
    from narrate.pipeline import Narrator

    narrator = Narrator(xtts_engine, Settings(text=TextSettings(max_chunk_chars=600)))
    assert narrator.settings.text.max_chunk_chars == 253
    clause = "die Verkehrsbetriebe bitten alle Fahrgäste, auf das Fahrrad umzusteigen"
    from narrate.german.script import make_sentence

    sentence = make_sentence(", und ".join([clause] * 8) + ".", narrator.settings.text, narrator.lexicon)
    assert len(sentence.spoken) > 253
    assert len(sentence.chunks) > 1 and max(len(c) for c in sentence.chunks) <= 253


# ── presets: fast, no model loaded ───────────────────────────────────────────


@pytest.mark.parametrize("setting,voice_max,expected", [
    (250, None, 250), (250, 253, 250), (600, 253, 253), (250, 60, 60), (40, 40, 40),
])
def test_chunk_limit_is_the_smaller_of_setting_and_voice(setting, voice_max, expected):
    assert TextSettings(max_chunk_chars=setting).within(voice_max).max_chunk_chars == expected


@pytest.mark.parametrize("line,expected", [
    ("", None), ("max_chars = 253", 253), ("max_chars = 40", 40),
    ("max_chars = 39", "broken"), ("max_chars = 0", "broken"), ('max_chars = "253"', "broken"),
    ("max_chars = true", "broken"), ("max_chars = 253.5", "broken"),
])
def test_preset_declares_its_longest_text(line, expected, tmp_path):
    path = tmp_path / "voice.toml"
    path.write_text(f'name = "v"\nengine = "coqui"\n{line}\n', encoding="utf-8")
    if expected == "broken":
        with pytest.raises(VoiceError, match="max_chars"):
            _read_preset(path)
    else:
        assert _read_preset(path).max_chars == expected


def test_xtts_preset_names_its_model_licence_and_limit():
    import json

    import TTS

    (xtts,) = [p for p in list_presets() if p.name == "xtts"]
    models = json.loads((Path(TTS.__file__).parent / ".models.json").read_text())
    kind, lang, dataset, model = xtts.options["model"].split("/")
    entry = models[kind][lang][dataset][model]
    assert entry["license"] in xtts.licence and "non-commercial" in xtts.licence
    assert xtts.engine == "coqui" and xtts.max_chars == 253 and xtts.size_mb > 1000


def test_an_xtts_folder_declares_xtts_limit(xtts_voice, multi_voice):
    assert isinstance(coqui_store.preset_from_dir(xtts_voice), VoicePreset)
    assert coqui_store.preset_from_dir(xtts_voice).max_chars == 253
    assert coqui_store.preset_from_dir(multi_voice).max_chars is None


def test_voices_lists_xtts_with_its_licence(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("NARRATE_VOICE", "TTS_HOME")}
    env.update(TTS_HOME=str(tmp_path / "tts-home"), PYTHONPATH=str(REPO), COLUMNS="250")
    done = subprocess.run([sys.executable, "-m", "narrate", "voices"], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if " xtts " in line)
    assert "coqui" in row and "CPML" in row and "no" in row
