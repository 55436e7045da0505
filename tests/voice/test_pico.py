"""pico-de, the SVOX Pico German voice, on real Pico output; the default-voice order; --rate offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from audio_checks import check_mp3
from narrate.config import VoiceSettings
from narrate.errors import SettingsError, VoiceError
from narrate.voice.catalog import choose_voice_why, find_voice
from narrate.voice.engines import load_engine
from narrate.voice.engines.pico import MAX_INPUT_BYTES, PicoEngine, clean_text, split_for_pico

REPO = Path(__file__).resolve().parents[2]
SENTENCES = [
    "Guten Morgen, hier sind die Nachrichten.",
    "Die Bundesregierung hat sich auf den Haushalt für das kommende Jahr geeinigt.",
    "Straßenbahnfahrerinnen und Müllwerker streiken ab Donnerstag früh.",
    "Im vergangenen Jahr wurden in Schleswig-Holstein mehr Windräder gebaut als je zuvor.",
]
FULL_SCALE = 32767 / 32768


@pytest.fixture(scope="module")
def pico():
    return load_engine(find_voice("pico-de"), VoiceSettings())


def _article_sentences() -> list[str]:
    """Every spoken sentence of the project's sample articles, as narrate gives them to a voice."""
    from narrate.article import load_article
    from narrate.config import TextSettings
    from narrate.german import build_script, load_lexicon

    lexicon = load_lexicon(None)
    spoken = []
    for path in sorted(p for p in (REPO / "samples").glob("*.*") if p.suffix in (".txt", ".md", ".html")):
        script = build_script(load_article(path), TextSettings(), lexicon)
        spoken += [s.spoken for s in script.spoken_order()]
    return spoken


def test_pico_speaks_german_at_16_khz(pico):
    assert pico.sample_rate == 16_000
    for sentence in SENTENCES:
        wav = pico.synthesize(sentence)
        seconds = len(wav) / pico.sample_rate
        words = len(sentence.split())
        assert wav.dtype == np.float32
        assert words / 5 < seconds < words / 1.2, (sentence, seconds)
        assert np.sqrt(np.mean(wav**2)) > 0.02, "speech, not near-silence"


def test_no_sample_at_full_scale_before_the_loudness_stage(pico):
    """Every sample sentence stays below full scale; at volume 0.5 (and at 1) Pico clips."""
    sentences = SENTENCES + _article_sentences()
    peaks = [float(np.abs(pico.synthesize(s)).max()) for s in sentences]
    assert max(peaks) < FULL_SCALE, max(peaks)
    for volume in (0.5, 1.0):
        loud = PicoEngine("pico-loud", pico._tts, "x", volume=volume)
        clipped = sum(int((np.abs(loud.synthesize(s)) >= FULL_SCALE).sum()) for s in sentences)
        assert clipped > 0, f"Pico at volume {volume} should clip; the test no longer shows the limit"


def test_a_one_word_sentence(pico):
    wav = pico.synthesize("Ja.")
    assert 0.2 < len(wav) / pico.sample_rate < 1.5
    assert np.abs(wav).max() > 0.05


def test_a_long_sentence_is_spoken_whole(pico):
    """A 2,000-character sentence (the longest chunk narrate allows) lasts as long as its parts."""
    part = "die Verkehrsbetriebe bitten alle Fahrgäste, auf das Fahrrad umzusteigen"
    one = len(pico.synthesize(part + ".")) / pico.sample_rate
    count = 2000 // (len(part) + 5)
    long = " und ".join([part] * count) + "."
    assert len(long) <= 2000
    seconds = len(pico.synthesize(long)) / pico.sample_rate
    assert 0.85 * count * one < seconds < 1.3 * count * one, (seconds, count, one)


@pytest.mark.parametrize("text,limit", [("ab cd ef gh", 5), ("Straßenbahn " * 40, 50), ("x" * 30, 7)])
def test_text_over_picos_input_size_is_cut_at_spaces(text, limit):
    pieces = split_for_pico(text.strip(), limit)
    assert all(len(p.encode("utf-8")) <= limit for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert MAX_INPUT_BYTES == 32_767


def test_markup_never_reaches_pico(pico, tmp_path):
    """Pico obeys <genfile file=…> (it writes a WAV) and <speed>; narrate's text must not steer it."""
    target = tmp_path / "written-by-pico.wav"
    wav = pico.synthesize(f'<genfile file="{target}">Hallo Welt</genfile>')
    assert not target.exists()
    assert len(wav) > 0
    plain = len(pico.synthesize("Hallo Welt und noch mehr Welt"))
    steered = len(pico.synthesize('Hallo <speed level="300">Welt und noch mehr Welt</speed>'))
    assert steered > plain, "a <speed level=300> tag reached Pico and tripled its pace"
    assert "<" not in clean_text("a <b> c\x00d") and ">" not in clean_text("a <b> c")


def test_nothing_to_speak_is_a_short_silence(pico):
    wav = pico.synthesize(" … ")
    assert len(wav) == pico.sample_rate // 10 and not wav.any()


@pytest.mark.parametrize("voice", ["pico-de", "espeak-de"])
def test_rate_speeds_the_offline_voices_up_and_is_in_the_cache_key(voice):
    engines = {rate: load_engine(find_voice(voice), VoiceSettings(rate=rate)) for rate in (0.8, 1.0, 1.5)}
    seconds = {rate: sum(len(e.synthesize(s)) for s in SENTENCES) / e.sample_rate
               for rate, e in engines.items()}
    assert seconds[0.8] > seconds[1.0] * 1.1
    assert seconds[1.5] < seconds[1.0] * 0.85
    assert len({e.cache_key() for e in engines.values()}) == 3


@pytest.mark.parametrize("voice", ["pico-de", "espeak-de"])
@pytest.mark.parametrize("option", [{"speaker": "anna"}, {"speaker_wav": Path("anna.wav")}])
def test_single_speaker_voices_refuse_speaker_options(voice, option):
    with pytest.raises(VoiceError, match="one speaker"):
        load_engine(find_voice(voice), VoiceSettings(**option))


@pytest.mark.parametrize("rate", [0.3, 2.5, float("nan")])
def test_rate_outside_its_range_is_refused(rate):
    with pytest.raises(SettingsError, match="--rate"):
        VoiceSettings(rate=rate)


@pytest.fixture
def no_neural_voices(tmp_path, monkeypatch):
    """No Coqui or Piper voice installed and no NARRATE_VOICE: what a fresh machine has."""
    monkeypatch.setenv("TTS_HOME", str(tmp_path / "tts-home"))
    monkeypatch.setenv("NARRATE_PIPER_HOME", str(tmp_path / "piper-home"))
    monkeypatch.delenv("NARRATE_VOICE", raising=False)
    return tmp_path


@pytest.mark.parametrize("pico_installed,flag,env_voice,expected,why", [
    (True, None, None, "pico-de", "no neural German voice"),
    (False, None, None, "espeak-de", "py-nanotts"),
    (True, None, "espeak-de", "espeak-de", "NARRATE_VOICE"),
    (True, "pico-de", "espeak-de", "pico-de", "--voice"),
    (True, "espeak-de", None, "espeak-de", "--voice"),
])
def test_default_voice_order(pico_installed, flag, env_voice, expected, why, no_neural_voices,
                             monkeypatch):
    if not pico_installed:
        monkeypatch.setitem(sys.modules, "py_nanotts", None)  # as if py-nanotts were not installed
    if env_voice:
        monkeypatch.setenv("NARRATE_VOICE", env_voice)
    preset, reason = choose_voice_why(VoiceSettings(name=flag))
    assert preset.name == expected
    assert why in reason


def test_fresh_install_narrates_with_pico_and_says_so(no_neural_voices):
    """What `make demo` does: no voice asked for, the MP3 passes the AUDIO.md checks."""
    out = no_neural_voices / "demo.mp3"
    env = {k: v for k, v in os.environ.items() if k != "NARRATE_VOICE"}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-m", "narrate", str(REPO / "samples/energiewende.html"),
                           "-o", str(out)], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "voice pico-de" in " ".join(done.stderr.split())
    facts = check_mp3(out)
    assert str(facts.tags["TPE1"]) == "pico-de"
    listing = subprocess.run([sys.executable, "-m", "narrate", "voices"], capture_output=True,
                             text=True, env=env, timeout=120)
    assert listing.returncode == 0, listing.stderr
    assert "Default now: pico-de" in " ".join(listing.stdout.split())
