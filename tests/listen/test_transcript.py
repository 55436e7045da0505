"""WebVTT transcripts and JSON chapters: formatting, escaping, and timing against the decoded MP3."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from listening_helpers import (
    HOSTILE, decode_mono, detect_silences, make_script, narrate_samples, sample_articles,
    tone_outcome,
)
from mutagen.id3 import ID3

from narrate.config import PauseSettings
from narrate.models import ArticleMeta
from narrate.listen.transcript import (
    Cue, build_vtt, escape_vtt_text, parse_vtt, read_chapters_json, read_vtt, vtt_timestamp,
    write_transcript,
)

SILENCE_TOLERANCE_S = 0.050  # the issue: cue gaps match silencedetect's pauses within 50 ms
ALIGNMENT_TOLERANCE_S = 0.020  # the issue: within 20 ms of what a decoder plays
MP3_FRAME_S = 1152 / 44100
MIN_GAP_S = 0.35  # silencedetect runs with d=0.3; shorter gaps are not expected to be found


@pytest.mark.parametrize(("seconds", "expected"), [
    (0.0, "00:00:00.000"),
    (1.2346, "00:00:01.235"),
    (59.9996, "00:01:00.000"),
    (3661.5, "01:01:01.500"),
    (-0.2, "00:00:00.000"),
])
def test_vtt_timestamp(seconds, expected):
    assert vtt_timestamp(seconds) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Bahn & Bus", "Bahn &amp; Bus"),
    ("<b>fett</b>", "&lt;b&gt;fett&lt;/b&gt;"),
    ("vorher --> nachher", "vorher --&gt; nachher"),
    ("zwei\n\nZeilen\t mit  Lücken ", "zwei Zeilen mit Lücken"),
    ('"Zitat" und \'Apostroph\'', '"Zitat" und \'Apostroph\''),
    ("&amp; bleibt Text", "&amp;amp; bleibt Text"),
])
def test_escape_vtt_text(text, expected):
    assert escape_vtt_text(text) == expected


@pytest.mark.parametrize("text", [HOSTILE, "Ein & zwei", "a --> b\nc", "&lt;schon escaped&gt;",
                                  "Zahl: 3 < 4 > 2"])
def test_vtt_round_trip_keeps_text(text):
    cues = [Cue(0.4, 1.5, "Titel", 0), Cue(2.0, 3.25, text, 0), Cue(4.5, 5.0, "Kapitel", 1)]
    document = build_vtt(cues, ["Titel", text])
    assert [(c.start_s, c.end_s, c.text, c.chapter_index) for c in parse_vtt(document)] == [
        (0.4, 1.5, "Titel", 0), (2.0, 3.25, " ".join(text.split()), 0), (4.5, 5.0, "Kapitel", 1)]
    body = document.split("\n\n", 1)[1]
    assert "<" not in body and ">" not in body.replace(" --> ", "")


def _tone_script(title: str = "Bahn streikt erneut"):
    return make_script(title, [
        (None, [["Der Lead steht hier.", "Ein zweiter Satz folgt."], ["Neuer Absatz."]]),
        ("Was Fahrgäste wissen müssen", [["Erstens gilt das.", "Zweitens jenes, " + HOSTILE]]),
        ("Wie es weitergeht", [["Schluss."]]),
    ], ArticleMeta(date="2024-03-05", site="Tagesblatt"))


def check_transcript(outcome, vtt_path, json_path, keep_s: float) -> list[Cue]:
    """Everything the issue asks of the two files beside one narrated MP3; returns the cues.

    `keep_s`: the quiet margin inside each cue at both ends (narrate's trim keep; 0 for tones).
    """
    cues = read_vtt(vtt_path)
    assert len(cues) == outcome.script.sentence_count()
    rate = outcome.sample_rate
    for cue, span in zip(cues, outcome.spans):
        assert cue.text == " ".join(span.text.split())
        assert abs(cue.start_s - span.start_sample / rate) <= 0.0005
        assert abs(cue.end_s - span.end_sample / rate) <= 0.0005
    starts = [c.start_s for c in cues]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(c.start_s < c.end_s for c in cues)
    assert all(a.end_s <= b.start_s for a, b in zip(cues, cues[1:]))
    decoded = decode_mono(outcome.output)
    duration = len(decoded) / 44100
    assert abs(duration - outcome.duration_s) <= ALIGNMENT_TOLERANCE_S
    assert cues[0].start_s >= 0 and cues[-1].end_s <= duration
    check_against_silences(cues, outcome.output)
    check_alignment(cues, decoded, keep_s, PauseSettings().trim_db)
    check_chapters(json_path, outcome.output)
    return cues


def check_against_silences(cues: list[Cue], mp3) -> None:
    """Each pause between two cues is a silence ffmpeg detects on the decoded MP3, within 50 ms."""
    silences = detect_silences(mp3)
    for before, after in zip(cues, cues[1:]):
        if after.start_s - before.end_s < MIN_GAP_S:
            continue
        near = [s for s in silences if abs(s[0] - before.end_s) <= SILENCE_TOLERANCE_S
                and abs(s[1] - after.start_s) <= SILENCE_TOLERANCE_S]
        assert near, (f"no silence detected for the pause {before.end_s:.3f}–{after.start_s:.3f} "
                      f"before {after.text!r}; nearest: "
                      f"{min(silences, key=lambda s: abs(s[1] - after.start_s), default=None)}")


def edge_deviations(cues: list[Cue], decoded: np.ndarray, keep_s: float, trim_db: float,
                    rate: int = 44100) -> tuple[np.ndarray, np.ndarray]:
    """Seconds by which each cue's speech starts and ends in the decoded MP3 away from where the
    cue says, judged as narrate trims: loud = within `trim_db` of the sentence's peak, with
    `keep_s` of quieter sound kept inside the cue at both ends."""
    starts, ends = [], []
    for cue in cues:
        lo, hi = int(cue.start_s * rate), int(cue.end_s * rate)
        window_lo = max(lo - rate // 10, 0)
        window = np.abs(decoded[window_lo: hi + rate // 10])
        loud = np.flatnonzero(window >= np.abs(decoded[lo:hi]).max() * 10 ** (trim_db / 20))
        starts.append((window_lo + loud[0]) / rate - (cue.start_s + keep_s))
        ends.append((window_lo + loud[-1] + 1) / rate - (cue.end_s - keep_s))
    return np.array(starts), np.array(ends)


def check_alignment(cues: list[Cue], decoded: np.ndarray, keep_s: float, trim_db: float) -> None:
    """No shift between cues and what a decoder plays (an untrimmed encoder delay would be ~50 ms).

    Ends are exact to within 20 ms each; starts can be up to one MP3 frame (26 ms) early, because
    the codec smears a little energy ahead of a sharp onset (pre-echo), so starts are judged by
    their median and each within one frame.
    """
    starts, ends = edge_deviations(cues, decoded, keep_s, trim_db)
    assert np.all(np.abs(ends) <= ALIGNMENT_TOLERANCE_S), np.round(ends, 3)
    assert abs(np.median(starts)) <= ALIGNMENT_TOLERANCE_S, np.round(starts, 3)
    assert np.all((starts >= -MP3_FRAME_S) & (starts <= ALIGNMENT_TOLERANCE_S)), np.round(starts, 3)


def check_chapters(json_path, mp3) -> None:
    """The JSON chapters are the MP3's CHAP frames: same starts, ends and titles, in order."""
    raw = json.loads(json_path.read_text(encoding="utf-8"))
    assert raw["version"] == "1.2.0"
    chapters = read_chapters_json(json_path)
    tag = ID3(mp3)
    (toc,) = tag.getall("CTOC")
    frames = {f.element_id: f for f in tag.getall("CHAP")}
    ordered = [frames[i] for i in toc.child_element_ids]
    assert len(chapters) == len(ordered)
    for entry, frame in zip(chapters, ordered):
        assert round(entry.start_s * 1000) == frame.start_time
        assert round(entry.end_s * 1000) == frame.end_time
        assert entry.title.startswith(str(frame.sub_frames["TIT2"]))


def test_tone_narration_transcript(tmp_path):
    outcome = tone_outcome(_tone_script(), tmp_path / "artikel.mp3")
    vtt_path, json_path = write_transcript(outcome, outcome.output)
    assert (vtt_path.name, json_path.name) == ("artikel.vtt", "artikel.chapters.json")
    cues = check_transcript(outcome, vtt_path, json_path, keep_s=0.0)
    assert [c.chapter_index for c in cues] == [0, 0, 0, 0, 1, 1, 1, 2, 2]
    text = vtt_path.read_text(encoding="utf-8")
    assert text.count("\nNOTE Kapitel ") == 3 and "NOTE Kapitel 2: Was Fahrgäste wissen müssen" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["artikel.chapters.json", "artikel.mp3",
                                                          "artikel.vtt"]


def test_hostile_text_is_escaped_in_the_vtt(tmp_path):
    outcome = tone_outcome(_tone_script("Titel " + HOSTILE), tmp_path / "böse.mp3")
    vtt_path, json_path = write_transcript(outcome, outcome.output)
    raw = vtt_path.read_text(encoding="utf-8")
    assert "<script" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    arrows = [line for line in raw.splitlines() if "-->" in line]
    assert arrows and all(re.fullmatch(r"[\d:.]+ --> [\d:.]+", line) for line in arrows)
    cues = read_vtt(vtt_path)
    assert cues[0].text == "Titel " + HOSTILE
    assert read_chapters_json(json_path)[0].title == "Titel " + HOSTILE


@pytest.fixture(scope="module")
def narrated(tmp_path_factory):
    return narrate_samples(tmp_path_factory.mktemp("samples"))


@pytest.mark.parametrize("source", sample_articles(), ids=lambda p: p.name)
def test_sample_transcript_matches_the_audio(source, narrated):
    outcome = narrated[source]
    vtt_path, json_path = outcome.output.with_suffix(".vtt"), outcome.output.with_suffix(".chapters.json")
    cues = check_transcript(outcome, vtt_path, json_path, PauseSettings().trim_keep_ms / 1000)
    first = [s.text for s in (outcome.script.kicker, outcome.script.title) if s is not None]
    assert [c.text for c in cues[: len(first)]] == [" ".join(t.split()) for t in first]  # kicker, headline
