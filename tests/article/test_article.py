"""Loading and cleaning articles: samples end to end, noise table, encodings, Markdown, bad input."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from pathlib import Path

import pytest

from narrate.article.reading import load_article, parse_article
from narrate.article.cleaning import classify, parse_author, parse_date
from narrate.errors import InputError
from tests.article.snippets import texts as _texts

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
EXPECTED = sorted((Path(__file__).parent / "expected").glob("*.json"))
MARKUP = ("<", "](", "**", "![", "```", "&nbsp;", "&amp;")


def _expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def loaded() -> dict[str, object]:
    return {p.name: load_article(SAMPLES / _expected(p)["sample"]) for p in EXPECTED}


# ── the samples, end to end ───────────────────────────────────────────────────


def test_every_sample_has_expectations():
    samples = {str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*") if p.is_file()}
    assert samples == {_expected(p)["sample"] for p in EXPECTED}
    assert len([s for s in samples if s.startswith("folder/")]) >= 10


@pytest.mark.parametrize("exp_path", EXPECTED, ids=lambda p: p.stem)
def test_sample_title_headings_and_meta(exp_path, loaded):
    exp, article = _expected(exp_path), loaded[exp_path.name]
    assert article.title == exp["title"]
    assert [s.heading for s in article.sections] == [s["heading"] for s in exp["sections"]]
    for key, value in exp["meta"].items():
        if value:
            assert getattr(article.meta, key) == value, key


@pytest.mark.parametrize("exp_path", EXPECTED, ids=lambda p: p.stem)
def test_sample_every_real_paragraph_survives(exp_path, loaded):
    exp, article = _expected(exp_path), loaded[exp_path.name]
    got = [p for s in article.sections for p in s.paragraphs]
    missing = [p for s in exp["sections"] for p in s["paragraphs"] if p not in got]
    assert missing == []


@pytest.mark.parametrize("exp_path", EXPECTED, ids=lambda p: p.stem)
def test_sample_structure_is_exactly_the_article(exp_path, loaded):
    """Nothing extra either: each section holds exactly the real paragraphs, in order."""
    exp, article = _expected(exp_path), loaded[exp_path.name]
    got = [(s.heading, list(s.paragraphs)) for s in article.sections]
    assert got == [(s["heading"], s["paragraphs"]) for s in exp["sections"]]


@pytest.mark.parametrize("exp_path", EXPECTED, ids=lambda p: p.stem)
def test_sample_noise_is_gone(exp_path, loaded):
    exp, article = _expected(exp_path), loaded[exp_path.name]
    texts = _texts(article)
    for noise in exp["noise"]:
        assert noise not in texts, noise
        if len(noise) >= 15:
            assert not any(noise in t for t in texts), noise
    assert not [t for t in texts if any(m in t for m in MARKUP)]


def test_long_sample_is_long_enough(loaded):
    article = loaded["long__klimagipfel.json"]
    words = sum(len(t.split()) for t in _texts(article))
    assert words >= 1800 and len(article.sections) >= 6


@pytest.mark.parametrize("sample", [p for p in SAMPLES.rglob("*") if p.is_file()], ids=str)
def test_loading_never_modifies_the_input(sample):
    before = (hashlib.sha256(sample.read_bytes()).hexdigest(), sample.stat().st_mtime_ns)
    load_article(sample)
    assert (hashlib.sha256(sample.read_bytes()).hexdigest(), sample.stat().st_mtime_ns) == before


# ── the noise table: chrome goes, near-miss sentences stay ────────────────────

NOISE_CASES = [
    # (line, dropped)
    ("00:00", True),
    ("03:45", True),
    ("00:00 / 03:45", True),
    ("Audio abspielen", True),
    ("Diese Audioversion wurde künstlich generiert.", True),
    ("Diese Audioversion wurde künstlich generiert. Mehr Infos", True),
    ("Mehr Infos", True),
    ("Artikel anhören", True),
    ("Vorlesen", True),
    ("(Foto: dpa)", True),
    ("Foto: dpa", True),
    ("Bild: picture alliance / dpa | Lena Roth", True),
    ("© dpa", True),
    ("© 2026 Weser-Rundschau. Alle Rechte vorbehalten.", True),
    ("Quelle: Reuters/dpa/AFP", True),
    ("Bildquelle: Getty Images", True),
    ("Newsletter abonnieren", True),
    ("Der Politik-Newsletter: Jeden Morgen die wichtigsten Nachrichten in Ihrem Postfach.", True),
    ("Jetzt anmelden", True),
    ("Wir verwenden Cookies, um Ihnen ein optimales Nutzungserlebnis zu bieten.", True),
    ("Zustimmen", True),
    ("Akzeptieren", True),
    ("Anzeige", True),
    ("Werbung", True),
    ("Lesen Sie auch: Dürre in Ostafrika – Hilfsorganisationen schlagen Alarm", True),
    ("Teilen", True),
    ("Artikel teilen", True),
    ("Teilen: Facebook | WhatsApp | E-Mail", True),
    ("Twitter", True),
    ("Facebook", True),
    ("WhatsApp", True),
    ("E-Mail", True),
    ("Drucken", True),
    ("Kommentare", True),
    ("Kommentare (23)", True),
    ("Jetzt abonnieren", True),
    ("Abo", True),
    ("Plus-Artikel", True),
    ("Startseite", True),
    ("Impressum", True),
    ("Datenschutz", True),
    ("Kontakt", True),
    ("Nach oben", True),
    ("Startseite > Politik > Ausland", True),
    ("Startseite › Ausland › Klimapolitik", True),
    ("Lesezeit: 3 Min.", True),
    ("3 Min. Lesezeit", True),
    ("Lesezeit: 4 Min. · Artikel anhören", True),
    ("Stand: 24.11.2026 14:05 Uhr", True),
    ("Von Anna Müller", True),
    # near misses: real sentences that must survive
    ("Die Quelle des Flusses liegt in den Alpen.", False),
    ("Das Foto ging um die Welt.", False),
    ("Die Polizei erstattete Anzeige gegen den Fahrer.", False),
    ("Eine Anzeige in der Fachpresse bringe kaum noch Bewerbungen, klagte er.", False),
    ("Die Werbung für das Produkt wurde verboten.", False),
    ("Beide Parteien wollen die Kosten teilen.", False),
    ("Wer den Newsletter liest, weiß mehr.", False),
    ("Er zeichnete ein düsteres Bild: Die Wirtschaft schrumpft.", False),
    ("Von Montag an gilt der neue Fahrplan.", False),
    ("Kommentare im Netz waren überwiegend positiv.", False),
    ("Das Impressum der Seite fehlte, kritisierten die Verbraucherschützer.", False),
    ("Lesen Sie auch das Kleingedruckte, rät der Verbraucherschützer.", False),
    ("Der Kontakt zur Besatzung brach um 14:05 Uhr ab.", False),
    ("Das Spiel endete 2:1.", False),
    ("Teilen ist das neue Haben, sagt die Soziologin.", False),
    ("Quelle der Unruhe war ein Gerücht.", False),
]


@pytest.mark.parametrize("line,dropped", NOISE_CASES, ids=[c[0][:40] for c in NOISE_CASES])
def test_noise_line_in_an_article(line, dropped):
    text = ("Regierung beschließt neues Gesetz\n\n"
            "Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen.\n\n"
            f"{line}\n\n"
            "Es soll im kommenden Jahr in Kraft treten, teilte das Ministerium mit.\n")
    paragraphs = parse_article(text, "txt").sections[0].paragraphs
    assert (line not in paragraphs) == dropped
    assert "Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen." in paragraphs
    assert "Es soll im kommenden Jahr in Kraft treten, teilte das Ministerium mit." in paragraphs


@pytest.mark.parametrize("line,kind", [
    ("Politik", "label"), ("Wirtschaft", "label"), ("Mehr zum Thema", "list"), ("Lesen Sie auch", "list"),
    ("Auch interessant", "list"), ("Stand: 24.11.2026 14:05 Uhr", "date"), ("Von Dr. Stefan Keller, ARD", "author"),
    ("Die Regierung tritt zurück.", None), ("Von Berlin nach Paris", None),
])
def test_classify(line, kind):
    assert classify(line) == kind


@pytest.mark.parametrize("line,iso", [
    ("Stand: 24.11.2026 14:05 Uhr", "2026-11-24"), ("08.03.2026, 21:40 Uhr", "2026-03-08"),
    ("Veröffentlicht am 3. März 2026", "2026-03-03"), ("Stand: 31.02.2026", "2026-02-31"),
    ("Stand: 45.13.2026", ""), ("Die Sitzung am 3. März", ""),
])
def test_parse_date(line, iso):
    assert parse_date(line) == iso


@pytest.mark.parametrize("line,name", [
    ("Von Anna Müller, ARD-Hauptstadtstudio", "Anna Müller"), ("Von Dr. Stefan Keller", "Dr. Stefan Keller"),
    ("Von Jan Petersen und Lea Roth", "Jan Petersen und Lea Roth"), ("Von Montag an gilt es.", ""),
    ("Von Katrin Vogel · 15.04.2026, 09:30 Uhr · Lesezeit: 3 Min.", "Katrin Vogel"),
])
def test_parse_author(line, name):
    assert parse_author(line) == name


def test_link_list_after_heading_goes_but_following_chapter_stays():
    text = ("Titel des Artikels\n\nErster Absatz des Artikels mit einem Satz.\n\nMehr zum Thema\n\n"
            "Bahnstreik: Was Pendler wissen müssen\n\nStreik bei der Lufthansa beendet\n\n"
            "Wie es weitergeht\n\nDer Streik endet am Freitag, teilte die Gewerkschaft mit.\n")
    article = parse_article(text, "txt")
    assert [s.heading for s in article.sections] == [None, "Wie es weitergeht"]
    assert "Streik bei der Lufthansa beendet" not in _texts(article)


HEADLINE = "Parlament vertagt Votum über den Haushalt"
LEAD = "Die Abgeordneten stimmten mit 322 zu 306 Stimmen für die Vertagung der Abstimmung."
MORE = "Die Regierung muss nun einen neuen Termin im Ausschuss finden. Die Opposition begrüßte den Schritt."


@pytest.mark.parametrize("copy, gone", [
    (HEADLINE, True),  # the headline again
    (f"Tag der Abstimmung: {HEADLINE}", True),  # a label and the headline
    (f"Chronik {HEADLINE} {LEAD}", True),  # label, headline and the lead, which follows anyway
    (f"Chronik {HEADLINE} {LEAD} 19.10.2019 12.09 Online seit heute", True),  # … and a date line
    (f"Nach langem Streit: {HEADLINE} {MORE}", False),  # the text after it is said nowhere else
    (f"Heute früh sagte der Präsident, man habe gehört: {HEADLINE}", False),  # a sentence before it
])
def test_rule_header_repeated(copy, gone):
    article = parse_article(f"# {HEADLINE}\n\n{copy}\n\n{LEAD}\n\nEin weiterer Absatz folgt hier mit Text.\n", "md")
    body = _texts(article)[1:]  # after the headline
    assert (copy not in body) == gone
    assert LEAD in body


def test_a_short_headline_inside_a_sentence_is_no_repeat():
    article = parse_article("# Streik\n\nAb Montag gilt wieder: Streik\n\nDie Gewerkschaft ruft alle auf.\n", "md")
    assert "Ab Montag gilt wieder: Streik" in _texts(article)


def test_repeated_caption_goes_but_a_long_repeated_paragraph_keeps_one_copy():
    long = "Ein langer Absatz. " * 20
    text = f"Titel\n\nKurze Bildunterschrift\nKurze Bildunterschrift\n\n{long}\n\n{long}\n"
    paragraphs = parse_article(text, "txt").sections[0].paragraphs
    assert paragraphs == (long.strip(),)


def test_trailing_credit_is_removed_from_a_long_paragraph_only():
    body = "Die Regierung hat beschlossen, das Gesetz zu ändern. " * 8
    text = f"Titel\n\n{body}(Foto: dpa)\n\nFinanzminister im Bundestag (Foto: dpa)\n"
    assert parse_article(text, "txt").sections[0].paragraphs == (body.strip(),)


# ── txt structure: headline, kicker, sub-headings ──────────────────────────────

STRUCTURE_CASES = [
    # (text, title, first-section paragraphs, headings)
    ("Politik\n\nBundeshaushalt 2027\n\nKoalition einigt sich auf Sparpaket\n\nDer Teaser steht hier.\n",
     "Koalition einigt sich auf Sparpaket", ("Bundeshaushalt 2027", "Der Teaser steht hier."), [None]),
    ("Koalition einigt sich\n\nDer Teaser steht hier.\n\nKürzungen\n\nDer Text dazu steht hier.\n",
     "Koalition einigt sich", ("Der Teaser steht hier.",), [None, "Kürzungen"]),
    ("Titel\n\nEin Absatz.\n\nWas bedeutet das?\n\nDer Text dazu steht hier.\n",
     "Titel", ("Ein Absatz.", "Was bedeutet das?", "Der Text dazu steht hier."), [None]),
    ("Titel\n\nEin Absatz.\n\nDas ist gut.\n\nDer Text dazu steht hier.\n",
     "Titel", ("Ein Absatz.", "Das ist gut.", "Der Text dazu steht hier."), [None]),
    # a quoted short line without final punctuation between paragraphs is a sub-heading (issue 10)
    ("Titel\n\nEin Absatz.\n\n„Wir schaffen das“\n\nDer Text dazu steht hier.\n",
     "Titel", ("Ein Absatz.",), [None, "„Wir schaffen das“"]),
    ("Titel\n\nEin Absatz.\n\n„Wir schaffen das!“\n\nDer Text dazu steht hier.\n",
     "Titel", ("Ein Absatz.", "„Wir schaffen das!“", "Der Text dazu steht hier."), [None]),
    # non-sentences after the last sentence are page chrome, not article (issue 10: edges)
    ("Titel\n\nEin Absatz.\n\nDie Folgen\n\nKonsequenzen\n",
     "Titel", ("Ein Absatz.",), [None]),
    ("Titel\nDer Teaser folgt ohne Leerzeile.\nAnzeige\nDer erste Absatz.\n",
     "Titel", ("Der Teaser folgt ohne Leerzeile.", "Der erste Absatz."), [None]),
    ("Titel\n\nDie Polizei erstattete\nAnzeige\ngegen den Fahrer.\n",
     "Titel", ("Die Polizei erstattete Anzeige gegen den Fahrer.",), [None]),
]


@pytest.mark.parametrize("text,title,first,headings", STRUCTURE_CASES, ids=range(len(STRUCTURE_CASES)))
def test_txt_structure(text, title, first, headings):
    article = parse_article(text, "txt")
    assert article.title == title
    assert article.sections[0].paragraphs == first
    assert [s.heading for s in article.sections] == headings


def test_hard_wrapped_text_is_joined():
    text = ("Titel\n\nDas Bundeskabinett hat am Mittwoch das Rentenpaket beschlossen. Es soll\n"
            "das Rentenniveau bis 2031 bei 48 Prozent halten. Der Bundestag berät die 1.\n"
            "Lesung am 14. Mai.\n")
    assert parse_article(text, "txt").sections[0].paragraphs == (
        "Das Bundeskabinett hat am Mittwoch das Rentenpaket beschlossen. Es soll das Rentenniveau bis "
        "2031 bei 48 Prozent halten. Der Bundestag berät die 1. Lesung am 14. Mai.",)


# ── encodings and Unicode normalisation ───────────────────────────────────────

ENCODED = "Preise: „Teuer“ – 29,90 € für Äpfel, Öl und Süßes"
ENCODING_CASES = [
    ("utf-8", ENCODED.encode("utf-8")),
    ("utf-8-bom", b"\xef\xbb\xbf" + ENCODED.encode("utf-8")),
    ("cp1252", ENCODED.encode("cp1252")),
    ("latin-1", "Preise für Äpfel, Öl und Süßes – «billig»".replace("–", "-").encode("latin-1")),
    ("utf-16", ENCODED.encode("utf-16")),
    ("crlf", f"{ENCODED}\r\n\r\nEin Absatz.\r\n".encode("utf-8")),
    ("cr", f"{ENCODED}\r\rEin Absatz.\r".encode("utf-8")),
]


@pytest.mark.parametrize("name,data", ENCODING_CASES, ids=[c[0] for c in ENCODING_CASES])
def test_encodings(name, data, tmp_path):
    path = tmp_path / "artikel.txt"
    path.write_bytes(data)
    article = load_article(path)
    expected = "Preise für Äpfel, Öl und Süßes - «billig»" if name == "latin-1" else ENCODED
    assert article.title == expected
    if name in ("crlf", "cr"):
        assert article.sections[0].paragraphs == ("Ein Absatz.",)


@pytest.mark.parametrize("raw,clean", [
    ("Mu\u0308nchen", "München"),  # NFD → NFC
    ("29,90\u00a0Euro", "29,90 Euro"),  # no-break space
    ("5\u202f000 Euro", "5 000 Euro"),  # narrow no-break space
    ("5\u2009km", "5 km"),  # thin space
    ("Bundes\u00adregierung", "Bundesregierung"),  # soft hyphen
    ("Null\u200bbreite", "Nullbreite"),  # zero-width space
    ("Steuer\x07zeichen", "Steuerzeichen"),  # control character
])
def test_unicode_normalisation(raw, clean):
    assert parse_article(f"Titel\n\nSatz mit {raw}.\n", "txt").sections[0].paragraphs == (f"Satz mit {clean}.",)


# ── Markdown ──────────────────────────────────────────────────────────────────

MD_CASES = [
    # (markdown, title, meta dict, paragraphs of the first section)
    ("---\ntitle: \"Vom Front Matter\"\ndate: 2026-03-02T10:00:00+01:00\nauthor: Jan Petersen\n"
     "site: Tagesblick\nurl: https://example.org/a\n---\nEin Absatz.\n",
     "Vom Front Matter", {"date": "2026-03-02", "author": "Jan Petersen", "site": "Tagesblick",
                          "url": "https://example.org/a"}, ("Ein Absatz.",)),
    ("---\ntitle: Aus Front Matter\n---\n# Aus der Überschrift\n\nEin Absatz.\n",
     "Aus der Überschrift", {}, ("Ein Absatz.",)),
    ("---\nsource: Finanzkurier\ndate: 29.05.2026\n---\n# Titel\n\nText.\n",
     "Titel", {"site": "Finanzkurier", "date": "2026-05-29"}, ("Text.",)),
    ("# Titel\n\n**Fett** und *kursiv* und __auch__ und _das_ und `Code` und ~~weg~~.\n",
     "Titel", {}, ("Fett und kursiv und auch und das und Code und weg.",)),
    ("# Titel\n\nSiehe [die Studie](https://x.org/a) und <https://x.org>. ![Bild](b.jpg)\n",
     "Titel", {}, ("Siehe die Studie und https://x.org.",)),
    ("# Titel\n\n- Erster Punkt.\n* Zweiter Punkt.\n1. Dritter Punkt.\n",
     "Titel", {}, ("Erster Punkt.", "Zweiter Punkt.", "Dritter Punkt.")),
    ("# Titel\n\n> Ein Zitat über\n> zwei Zeilen.\n\n<!-- versteckt -->\n\n```\ncode()\n```\n\nEnde.\n",
     "Titel", {}, ("Ein Zitat über zwei Zeilen.", "Ende.")),
    ("Titel im Setext-Stil\n====================\n\nText mit Bürger*innen und snake_case_wort.\n",
     "Titel im Setext-Stil", {}, ("Text mit Bürger*innen und snake_case_wort.",)),
    ("# Titel\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNach der Tabelle.\n\n[ref]: https://x.org\n",
     "Titel", {}, ("Nach der Tabelle.",)),
    ("# Titel\n\nEin Absatz mit &amp; Entität und \\*Stern\\*.\n",
     "Titel", {}, ("Ein Absatz mit & Entität und *Stern*.",)),
]


@pytest.mark.parametrize("md,title,meta,first", MD_CASES, ids=range(len(MD_CASES)))
def test_markdown(md, title, meta, first):
    article = parse_article(md, "md")
    assert article.title == title
    for key, value in meta.items():
        assert getattr(article.meta, key) == value
    assert article.sections[0].paragraphs == first


def test_markdown_chapters():
    md = "# Titel\n\nLead.\n\n## Erstes Kapitel\n\nA.\n\n### Unterkapitel\n\nB.\n"
    article = parse_article(md, "md")
    assert [(s.heading, s.paragraphs) for s in article.sections] == [
        (None, ("Lead.",)), ("Erstes Kapitel", ("A.",)), ("Unterkapitel", ("B.",))]


# ── HTML ──────────────────────────────────────────────────────────────────────


def test_html_title_suffix_and_fallback_for_a_tiny_page():
    page = ("<!doctype html><html><head><title>Kurze Meldung | Weser-Rundschau</title></head>"
            "<body><h1>Kurze Meldung</h1><p>Ein Satz.</p></body></html>")
    article = parse_article(page, "html")
    assert article.title == "Kurze Meldung"
    assert "Ein Satz." in _texts(article)


@pytest.mark.parametrize("suffix,content,first", [
    (".article", "<!DOCTYPE html><html><body><h1>Titel</h1><p>Satz eins.</p></body></html>", "Titel"),
    (".article", "Titel\n\nSatz eins.\n", "Titel"),
    ("", "<html><body><h1>Titel</h1><p>Satz eins.</p></body></html>", "Titel"),
])
def test_unknown_suffix_is_sniffed(suffix, content, first, tmp_path):
    path = tmp_path / f"artikel{suffix}"
    path.write_text(content, encoding="utf-8")
    article = load_article(path)
    assert article.title == first and "<" not in "".join(_texts(article))


# ── bad input ─────────────────────────────────────────────────────────────────

BAD_FILES = [
    ("empty", b"", "is empty"),
    ("whitespace", b" \n\t\r\n  \n", "is empty"),
    ("binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
    ("binary-controls", bytes(range(1, 32)) * 20, "binary"),
    ("all-noise", "Startseite\n\nTeilen\n\nAnzeige\n\n00:00\n\nImpressum\n".encode(), "no article text"),
    ("emoji-only", "🎉🎉🎉\n\n👍\n".encode(), "no article text"),
]


@pytest.mark.parametrize("name,data,message", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file(name, data, message, tmp_path):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        load_article(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    assert path.read_bytes() == data


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file; check the path"):
        load_article(tmp_path / "fehlt.txt")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        load_article(tmp_path)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "geheim.txt"
    path.write_text("Titel\n\nText.\n", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied; check the file's permissions"):
            load_article(path)
    finally:
        path.chmod(0o644)


def test_dangling_symlink(tmp_path):
    path = tmp_path / "link.txt"
    path.symlink_to(tmp_path / "nirgends.txt")
    with pytest.raises(InputError, match="no such file"):
        load_article(path)


@pytest.mark.parametrize("kind", ["fifo", "socket"])
def test_not_a_regular_file_even_for_root(kind, tmp_path):
    """Unreadable for root too: a FIFO (reading it would block) and a Unix socket."""
    path = tmp_path / f"artikel-{kind}.txt"
    if kind == "fifo":
        os.mkfifo(path)
        with pytest.raises(InputError, match="is not a regular file"):
            load_article(path)
        return
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(InputError, match="is not a regular file"):
            load_article(path)


def test_unknown_format():
    with pytest.raises(InputError, match="use txt, md or html"):
        parse_article("Text", "pdf")


# ── strange but valid input: no crash ─────────────────────────────────────────

STRANGE = [
    ("english", "Government passes budget\n\nThe parliament approved the budget on Tuesday.\n"),
    ("emoji", "Titel 🎉\n\nDas Team feierte 🎉🥳 bis spät in die Nacht.\n"),
    ("cjk", "東京の天気\n\n今日は晴れです。明日は雨が降るでしょう。\n"),
    ("controls", "Titel\x01\x02\n\nText mit \x1b[31mFarbe\x1b[0m und \x00Null.\n"),
    ("long-line", "Titel\n\n" + "Wort " * 4000 + "\n"),
    ("long-word", "Titel\n\n" + "a" * 20000 + "\n"),
    ("rtl", "עיתון\n\nهذا نص عربي.\n"),
]


@pytest.mark.parametrize("name,text", STRANGE, ids=[c[0] for c in STRANGE])
def test_strange_text_does_not_crash(name, text):
    for fmt in ("txt", "md", "html"):
        article = parse_article(text, fmt)
        assert article.title
        assert not any(ord(c) < 32 and c != "\n" for t in _texts(article) for c in t)


def test_a_20000_character_paragraph_survives_whole():
    line = "Das ist ein Satz ohne Ende und " * 650
    article = parse_article(f"Titel\n\n{line}\n", "txt")
    assert article.sections[0].paragraphs == (line.strip(),)


HTML_TITLE_CASES = [
    # (h1 elements, <title>, expected title, expected first paragraphs before the lead)
    (["Energiewende: Norden meldet Rekord beim Windkraft-Ausbau"], "Norden meldet Rekord beim Windkraft-Ausbau",
     "Norden meldet Rekord beim Windkraft-Ausbau", ["Energiewende"]),
    (["Weser-Rundschau", "Norden meldet Rekord beim Windkraft-Ausbau"],
     "Norden meldet Rekord beim Windkraft-Ausbau | Weser-Rundschau", "Norden meldet Rekord beim Windkraft-Ausbau", []),
    (["Norden meldet Rekord – und die Netze ächzen"], "Norden meldet Rekord – und die Netze ächzen",
     "Norden meldet Rekord – und die Netze ächzen", []),
]


@pytest.mark.parametrize("h1s,title,expected,kicker", HTML_TITLE_CASES, ids=range(len(HTML_TITLE_CASES)))
def test_html_headline(h1s, title, expected, kicker):
    lead = ("In Niedersachsen gingen von Januar bis März insgesamt 412 neue Windenergieanlagen ans Netz, "
            "wie der Verband am Mittwoch in Hannover mitteilte. Das ist ein neuer Rekord für die Region.")
    heads = "".join(f"<h1>{h}</h1>" for h in h1s)
    og = title.split(" | ")[0]
    page = (f'<!doctype html><html><head><title>{title}</title><meta property="og:title" content="{og}">'
            f'<meta property="og:site_name" content="Weser-Rundschau"></head><body>'
            f"{heads}<article><p>{lead}</p><p>{lead.replace('412', '413')}</p></article></body></html>")
    article = parse_article(page, "html")
    assert article.title == expected
    assert list(article.sections[0].paragraphs[: len(kicker) + 1]) == kicker + [lead]


def test_html_header_outside_the_article_is_put_back():
    """Kicker, h1 and teaser outside <article> (trafilatura leaves them out); a teaser card elsewhere stays out."""
    lead = ("In Niedersachsen gingen von Januar bis März insgesamt 412 neue Windenergieanlagen ans Netz, "
            "wie der Verband am Mittwoch in Hannover mitteilte. Das ist ein neuer Rekord für die Region.")
    teaser = "Noch nie wurden im Norden so viele Windräder gebaut. Doch die Netze sind überlastet."
    page = ('<!doctype html><html><head><title>Norden meldet Rekord | Weser-Rundschau</title>'
            '<meta property="og:title" content="Norden meldet Rekord"></head><body>'
            f'<header class="story"><p class="kicker">Energiewende</p><h1>Norden meldet Rekord</h1>'
            f'<p class="teaser">{teaser}</p></header>'
            f"<article><p>{lead}</p><p>{lead.replace('412', '413')}</p></article>"
            '<aside><div class="teaser">Offshore-Wind: Neue Flächen vor Helgoland ausgeschrieben</div></aside>'
            "</body></html>")
    article = parse_article(page, "html")
    assert article.title == "Norden meldet Rekord"
    assert article.sections[0].paragraphs[:3] == ("Energiewende", teaser, lead)
    assert not any("Helgoland" in t for t in _texts(article))
