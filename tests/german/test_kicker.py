"""The kicker (Dachzeile) is spoken first, then the headline after a pause, as the page shows them."""

from __future__ import annotations

import pytest

from narrate.article.reading import parse_article
from narrate.config import PauseSettings, Settings, TextSettings
from narrate.german import build_script, load_lexicon
from narrate.pipeline import Narrator
from tone_engine import SAMPLE_RATE, ToneEngine

LEAD = ("In Niedersachsen gingen von Januar bis März insgesamt 412 neue Windenergieanlagen ans Netz, "
        "wie der Verband am Mittwoch mitteilte. Das ist ein neuer Rekord für die Region.")
HTML = ('<!doctype html><html><head><title>Norden meldet Rekord | Weser-Rundschau</title></head><body>'
        '<header><p class="kicker">Energiewende</p><h1>Norden meldet Rekord</h1></header>'
        f"<article><p>{LEAD}</p><p>{LEAD.replace('412', '413')}</p></article></body></html>")
TXT = f"Energiewende\n\nNorden meldet Rekord\n\n{LEAD}\n\n{LEAD.replace('412', '413')}\n"
NO_KICKER = f"Norden meldet Rekord\n\n{LEAD}\n\n{LEAD.replace('412', '413')}\n"


def script_of(text: str, fmt: str):
    return build_script(parse_article(text, fmt), TextSettings(), load_lexicon(None))


@pytest.mark.parametrize("text, fmt, kicker", [
    (HTML, "html", "Energiewende"),  # <p class="kicker"> above the h1
    (TXT, "txt", "Energiewende"),  # a short line above a longer heading-like line
    (NO_KICKER, "txt", None),
])
def test_the_kicker_is_spoken_before_the_headline_and_only_once(text, fmt, kicker):
    script = script_of(text, fmt)
    order = [s.text for s in script.spoken_order()]
    expected = [kicker, "Norden meldet Rekord"] if kicker else ["Norden meldet Rekord"]
    assert order[: len(expected)] == expected
    assert order[len(expected)].startswith("In Niedersachsen")
    assert sum(t == "Energiewende" for t in order) == (1 if kicker else 0)
    assert (script.to_dict()["kicker"] or {}).get("text") == kicker


def test_kicker_and_headline_are_separated_by_a_pause(tmp_path):
    pauses = PauseSettings()
    narrator = Narrator(ToneEngine(), Settings(pauses=pauses))
    source = tmp_path / "rekord.html"
    source.write_text(HTML, encoding="utf-8")
    outcome = narrator.narrate_file(source, tmp_path / "rekord.mp3")
    kicker, headline = outcome.spans[0], outcome.spans[1]
    assert (kicker.text, headline.text) == ("Energiewende", "Norden meldet Rekord")
    gap_ms = (headline.start_sample - kicker.end_sample) * 1000 / SAMPLE_RATE
    assert gap_ms >= 0.8 * pauses.paragraph_ms, gap_ms  # the trimmed speech edges keep a little margin
