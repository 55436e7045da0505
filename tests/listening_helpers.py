"""Narrations for the transcript, page and feed tests.

`tone_outcome` builds a real chaptered MP3 through narrate's own join and export, with a
deterministic tone per sentence instead of a voice (fast, exact, independent of the German
front-end); `narrate_samples` narrates the project's sample articles with espeak-de.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np

from narrate.sound.join import join_segments, ms_to_samples
from narrate.config import ExportSettings, PauseSettings
from narrate.sound.export import Tags, chapter_times, export_mp3
from narrate.models import ArticleMeta, Chapter, Paragraph, Script, Segment, Sentence
from narrate.pipeline import Outcome, StageTimes

TONE_RATE = 22050
TONE_PAUSES = PauseSettings()
SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_SUFFIXES = (".txt", ".md", ".html")

HOSTILE = "<script>alert(1)</script> \"Zitat\" & 'Apostroph' --> Ende"


def _sentence(text: str) -> Sentence:
    return Sentence(text, text, (text,))


def _tone(text: str, index: int) -> np.ndarray:
    """A sine burst whose length follows the text; faded so the join does not click."""
    seconds = min(0.5 + 0.015 * len(text), 3.0)
    t = np.arange(int(seconds * TONE_RATE)) / TONE_RATE
    tone = 0.3 * np.sin(2 * np.pi * (180 + 20 * (index % 7)) * t)
    fade = ms_to_samples(10, TONE_RATE)
    ramp = np.linspace(0.0, 1.0, fade)
    tone[:fade] *= ramp
    tone[-fade:] *= ramp[::-1]
    return tone.astype(np.float32)


def make_script(title: str, chapters: list[tuple[str | None, list[list[str]]]],
                meta: ArticleMeta = ArticleMeta()) -> Script:
    """A Script from (chapter title, paragraphs of sentences); the first chapter has no title."""
    made = tuple(Chapter(_sentence(t) if t else None,
                         tuple(Paragraph(tuple(_sentence(s) for s in p)) for p in paragraphs))
                 for t, paragraphs in chapters)
    return Script(_sentence(title), made, meta)


def _segments(script: Script) -> list[Segment]:
    """Each sentence as a tone after its pause, in script order (headline, titles included)."""
    p = TONE_PAUSES
    order: list[tuple[Sentence, int, int]] = [(script.title, p.head_ms, 0)]
    for index, chapter in enumerate(script.chapters):
        if chapter.title is not None:
            order.append((chapter.title, p.heading_ms, index))
        for p_index, paragraph in enumerate(chapter.paragraphs):
            for s_index, sentence in enumerate(paragraph.sentences):
                pause = p.sentence_ms if s_index else (p.headline_ms if index == p_index == 0
                                                       else p.paragraph_ms)
                order.append((sentence, pause, index))
    return [Segment(s, _tone(s.text, i), ms_to_samples(pause, TONE_RATE), chapter)
            for i, (s, pause, chapter) in enumerate(order)]


def tone_outcome(script: Script, dest: Path, voice: str = "tone-test") -> Outcome:
    """Join, tag and export `script` spoken as tones into `dest`; the Outcome narrate would return."""
    titles = [script.title.text] + [c.title.text if c.title else f"Kapitel {i + 1}"
                                    for i, c in enumerate(script.chapters)][1:]
    episode = join_segments(_segments(script), titles, TONE_RATE, TONE_PAUSES)
    chapters = tuple(chapter_times(episode))
    meta = script.meta
    tags = Tags(title=script.title.text, voice=voice, album=meta.site, date=meta.date,
                author=meta.author, url=meta.url)
    export_mp3(episode, dest, tags, chapters, ExportSettings())
    return Outcome(dest, dest, script, episode.duration_s, TONE_RATE, episode.spans, chapters,
                   StageTimes(), voice, 0, 0)


def sample_articles() -> list[Path]:
    """The project's sample articles (every .txt, .md and .html under samples/)."""
    return sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix in SAMPLE_SUFFIXES)


def espeak_narrator():
    """A Narrator with the offline espeak-de voice, as the CLI builds it."""
    from narrate.voice.catalog import find_voice
    from narrate.config import Settings
    from narrate.voice.engines import load_engine
    from narrate.pipeline import Narrator

    settings = Settings()
    return Narrator(load_engine(find_voice("espeak-de"), settings.voice), settings)


def decode_mono(path: Path, rate: int = 44100) -> np.ndarray:
    """The MP3 as a decoder plays it (ffmpeg honours the LAME header's delay and padding)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1",
                          "-ar", str(rate), "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<f4")


_SILENCE = re.compile(r"silence_(start|end): (-?[\d.]+)")


def detect_silences(path: Path, noise_db: float = -50.0, min_s: float = 0.3) -> list[tuple[float, float]]:
    """(start, end) seconds of each silence ffmpeg's silencedetect finds in the decoded MP3."""
    done = subprocess.run(["ffmpeg", "-nostdin", "-v", "info", "-i", str(path), "-af",
                           f"silencedetect=noise={noise_db}dB:d={min_s}", "-f", "null", "-"],
                          capture_output=True, text=True, check=True)
    marks = _SILENCE.findall(done.stderr)
    silences, start = [], None
    for kind, value in marks:
        if kind == "start":
            start = float(value)
        elif start is not None:
            silences.append((start, float(value)))
            start = None
    if start is not None:
        silences.append((start, float("inf")))
    return silences


TONE_FOLDER = {
    "politik/bahn streik.mp3": make_script("Bahn: " + HOSTILE, [
        (None, [["Der Lead zum Streik.", "Zweiter Satz mit " + HOSTILE], ["Ein neuer Absatz."]]),
        ("Was Fahrgäste wissen müssen", [["Erstens gilt das.", "Zweitens jenes."]]),
        ("Wie es weitergeht", [["Am Ende steht ein Schluss."]]),
    ], ArticleMeta(date="2024-03-05", site="Tagesblatt", author="Anna Muster",
                   url="https://example.org/bahn?a=1&b=2")),
    "wirtschaft/haushalt.mp3": make_script("Haushalt beschlossen", [
        (None, [["Der Bundestag hat den Haushalt beschlossen.", "Die Debatte war lang."]]),
        ("Die Zahlen", [["Es geht um viel Geld.", "Sehr viel Geld."], ["Und noch mehr."]]),
    ], ArticleMeta(date="2024-03-07", site="Abendpost")),
    "ohne-transkript.mp3": make_script("Ohne Transkript", [
        (None, [["Dieser Artikel hat keine Beilagen."]]),
    ]),
}


def build_tone_folder(root: Path) -> dict[str, Outcome]:
    """A converted folder: three narrations (one without transcript files) and two files the page
    must ignore (a temporary `.name.part.mp3` and an MP3 in a hidden folder)."""
    from narrate.listen.transcript import write_transcript

    outcomes = {}
    for rel, script in TONE_FOLDER.items():
        outcome = tone_outcome(script, root / rel)
        if rel != "ohne-transkript.mp3":
            write_transcript(outcome, outcome.output)
        outcomes[rel] = outcome
    (root / ".cache").mkdir()
    first = root / "wirtschaft" / "haushalt.mp3"
    (root / ".cache" / "alt.mp3").write_bytes(first.read_bytes())
    (root / "wirtschaft" / ".haushalt.x1y2.part.mp3").write_bytes(first.read_bytes()[:4000])
    return outcomes


_NARRATED: dict[Path, Outcome] = {}


def narrate_samples(root: Path) -> dict[Path, Outcome]:
    """Every sample article narrated with espeak-de, with its transcript files, into `root`: once
    per test session (later calls return the first call's outcomes, whatever `root` they pass)."""
    if not _NARRATED:
        from narrate.listen.transcript import write_transcript

        narrator = espeak_narrator()
        for source in sample_articles():
            outcome = narrator.narrate_file(source, root / f"{source.stem}.mp3")
            write_transcript(outcome, outcome.output)
            _NARRATED[source] = outcome
    return dict(_NARRATED)
