"""narrate.german.spoken_caps: which words in capitals are read as words and which are spelled."""

from __future__ import annotations

import pytest

from narrate.german.spoken_caps import pronounceable, speak_acronyms

# (token, reads as German syllables): vowel, a German onset, a German coda, splittable clusters.
PRONOUNCEABLE = [
    ("BERLIN", True), ("HELSINKI", True), ("JANEIRO", True), ("LAUT", True), ("SEHR", True),
    ("VERANSTALTER", True), ("STELLT", True), ("BUND", True), ("RIO", True), ("DE", True),
    ("KSK", False), ("BAMF", False), ("ZDF", False), ("OECD", False), ("IAEA", False),
    ("WLAN", False), ("NSU", False), ("BASF", False), ("DIHK", False),
    ("JETZT", True), ("BAUER", True), ("ERNST", True), ("GOURMET", True), ("GELÖSCHT", True),
    ("SDSM", False), ("ÖPNV", False), ("NSDAP", False), ("DPMNE", False),
]


@pytest.mark.parametrize("token,expected", PRONOUNCEABLE)
def test_pronounceable(token: str, expected: bool) -> None:
    assert pronounceable(token) is expected


# (written, spoken): listed, long pronounceable, short, runs of capitals.
READINGS = [
    ("Die NATO tagt", "Die Nato tagt"),  # listed as a word
    ("Die USA", "Die U-S-A"),  # listed as spelled
    ("Das ist NICHT gut", "Das ist Nicht gut"),  # four letters or more, pronounceable
    ("Die SAP wächst", "Die S-A-P wächst"),  # three letters: spelled unless listed
    ("Der TOP", "Der Top"),  # listed
    ("RIO DE JANEIRO, fünfter Juli", "Rio De Janeiro, fünfter Juli"),  # a run with a long word
    ("ARD und ZDF", "A-R-D und Z-D-F"),  # short tokens apart: no run
    ("CDU SPD", "C-D-U S-P-D"),  # a run without a pronounceable long word
    ("Die SUVs und PKWs", "Die S-U-Vs und P-K-Ws"),
    ("Der CDU-Chef", "Der C-D-U-Chef"),
]


@pytest.mark.parametrize("written,spoken", READINGS)
def test_caps_readings(written: str, spoken: str) -> None:
    assert speak_acronyms(written) == spoken
