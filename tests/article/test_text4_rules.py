"""Issue 10, round 4 (line and text rules): noise the benchmark snippets do not show, found by reading the
spoken text of the pages; each rule tested on short real-looking snippets written for this project.
"""

from __future__ import annotations

import pytest

from narrate.article import parse_article
from narrate.article.cleaning import Block, classify, is_caption
from narrate.article.closing import without_closing_chrome
from narrate.article.lines import trim_edges
from narrate.article.pointers import strip_closing_marks, strip_inline_credits, unglue_sentences

LAST = "Der Gemeinderat will im Frühjahr über die Pläne abstimmen, bis dahin ruhen die Arbeiten."
BODY = ("Die Stadt hat am Montag den neuen Spielplatz im Nordviertel eröffnet. Rund 300 Kinder kamen zur "
        "Eröffnung, die Bürgermeisterin schnitt das Band durch.")


def _p(text: str) -> Block:
    return Block("para", text)


def _kept(tail: list[Block]) -> list[str]:
    return [b.text for b in without_closing_chrome([_p(BODY), _p(LAST), *tail])][2:]


# ── closing chrome: contact blocks, comment rules, support appeals, dangling introducers ──

CLOSING = [
    # (name, blocks after the article's last paragraph, texts that stay)
    ("press contact with label", [_p("Pressekontakt:"), _p("Stadtwerke Nordheim Pressestelle Tel.: 0621 555-1234 "
                                                            "E-Mail: presse@stadtwerke-nordheim.de")], []),
    ("contact lines with e-mail", [_p("Dr. Jana Beispiel Institut für Meeresforschung E-Mail: j.beispiel@example.org"),
                                   _p("Prof. Tom Muster Universität Nordheim E-Mail: tom.muster@example.org")], []),
    ("donation account", [_p("Homepage: https://example.de/ Spendenkonto: DE12 3456 7890 1234 5678 90 bei der Sparkasse")], []),
    ("press officer without a verb", [_p("Sabine Probst Pressesprecherin und Leiterin Kommunikation")], []),
    ("address line", [_p("Landesverband Nordheim e.V., Hauptstr. 5, 12345 Nordheim Tel +49 621 55 55 - info@lv-nordheim.de")],
     []),
    ("a police appeal is a sentence and stays",
     [_p("Hinweise nimmt die Polizei unter Tel. 0621 555-0 oder per E-Mail an hinweise@polizei.example entgegen.")],
     ["Hinweise nimmt die Polizei unter Tel. 0621 555-0 oder per E-Mail an hinweise@polizei.example entgegen."]),
    ("comment rules to the end",
     [_p("Die Kommentare der Leser geben nicht notwendigerweise die Meinung der Redaktion wieder. Wir behalten uns vor, "
         "Beiträge zu löschen."), _p("Ein Anspruch auf Veröffentlichung besteht nicht.")], []),
    ("moderated comments", [_p("Die Kommentare werden von Moderatoren geprüft und freigeschaltet."),
                            _p("Ein Kommentar ist auf 800 Zeichen beschränkt.")], []),
    ("support appeal with the site's lead-in",
     [_p("Wir recherchieren gründlich und unabhängig"), _p("Das kostet Zeit und Geld, ist uns aber wichtig."),
      _p("Tragen Sie mit Ihrem Beitrag zu unserer Arbeit bei.")], []),
    ("liked-the-article appeal", [_p("Hat dir dieser Artikel gefallen? Dann freuen wir uns über deine Unterstützung."),
                                  _p("Jetzt Supporter werden!")], []),
    ("share appeal", [_p("Dann hinterlasse uns doch ein Like oder teile den Artikel mit deinen Freunden.")], []),
    ("appeal in a quote stays",
     [_p("„Unterstützen Sie uns, damit der Chor weiter singen kann“, sagte der Vorsitzende am Abend.")],
     ["„Unterstützen Sie uns, damit der Chor weiter singen kann“, sagte der Vorsitzende am Abend."]),
    ("note on the writer", [_p("Geboren 1990, ist seit 2018 Redakteurin bei Beispielblatt und betreut die Lokalseiten."),
                            _p("Sie hat in Leipzig Journalistik studiert.")], []),
    ("named note on the writer", [_p("Anna Beispiel ist freie Journalistin und schreibt für mehrere Zeitungen.")], []),
    ("a past career in the article stays", [_p("Hans Beispiel war bis 2019 Redakteur bei der Lokalzeitung.")],
     ["Hans Beispiel war bis 2019 Redakteur bei der Lokalzeitung."]),
    ("dangling introducer", [_p("Hier finden Sie das Programm der Tagung:"),
                             _p("Die Studie gibt es zum Nachlesen:")], []),
    ("a long paragraph ending in a colon stays",
     [_p("Der Verband hat seine Forderungen in einem Papier zusammengefasst. Es nennt drei Punkte, die aus seiner "
         "Sicht bis zum Sommer umgesetzt werden müssen, und richtet sich an Land und Bund:")],
     ["Der Verband hat seine Forderungen in einem Papier zusammengefasst. Es nennt drei Punkte, die aus seiner "
      "Sicht bis zum Sommer umgesetzt werden müssen, und richtet sich an Land und Bund:"]),
    ("a social handle below the contact does not hide it",
     [Block("heading", "Pressekontakt:"), _p("Amt für Statistik Pressestelle Tel.: 0621 555-0 E-Mail: presse@example.de"),
      _p("Twitter: @Amt_Beispiel #Zahlen")], []),
    ("a smiley colon is no introducer", [_p("Rosegold passt gut zu längeren Ohrringen (:")],
     ["Rosegold passt gut zu längeren Ohrringen (:"]),
    ("how-did-you-like-it question", [_p("Wie hat Ihnen das Rezept gefallen?"), _p("Bewertung abgeben")], []),
    ("contact label with a disguised address", [_p("Kontakt: anna (at) example.at")], []),
    ("nothing to drop", [_p("Die Eröffnung des zweiten Abschnitts ist für den Herbst geplant.")],
     ["Die Eröffnung des zweiten Abschnitts ist für den Herbst geplant."]),
]


@pytest.mark.parametrize("name,tail,kept", CLOSING, ids=[c[0] for c in CLOSING])
def test_closing_chrome(name, tail, kept):
    assert _kept(tail) == kept


def test_closing_words_inside_the_article_stay():
    """The same words far above the end are article text: only the tail is searched."""
    rules = _p("Die Kommentare werden von Moderatoren geprüft und freigeschaltet, sagt der Betreiber des Forums.")
    body = [_p(BODY), rules] + [_p(f"{LAST} Absatz {n}.") for n in range(10)]
    assert without_closing_chrome(body) == body


def test_closing_chrome_in_a_text_file():
    """End to end on a .txt: the contact block and the appeal below the article are not spoken."""
    text = (f"Neuer Spielplatz eröffnet\n\n{BODY}\n\n{LAST}\n\nHat Ihnen dieser Artikel gefallen? Unterstützen Sie "
            "uns mit einer Spende.\n\nPressekontakt:\n\nAmt für Grünflächen Tel.: 0621 555-77 E-Mail: gruen@example.de\n")
    article = parse_article(text, "txt")
    spoken = " ".join(p for s in article.sections for p in s.paragraphs)
    assert LAST in spoken and "Spende" not in spoken and "Pressekontakt" not in spoken and "Tel." not in spoken


# ── closing marks: a pointer sentence or the author's initials at a paragraph's end ──

MARKS = [
    ("pointer sentence after the text", "Sie blickt auf 30 Jahre im Verein zurück. Lesen Sie hier mehr.",
     "Sie blickt auf 30 Jahre im Verein zurück."),
    ("download pointer", "Befragt wurden 2000 Menschen. Die vollständigen Ergebnisse finden Sie hier zum Download.",
     "Befragt wurden 2000 Menschen."),
    ("author initials", "Der Absatz stieg um 12 Prozent. (kmb)", "Der Absatz stieg um 12 Prozent."),
    ("initials glued", "Die Finanzierung ist ungeklärt.(sr)", "Die Finanzierung ist ungeklärt."),
    ("a teaser that says what the article tells stays",
     "Die Preise steigen. Was das für Mieter bedeutet und wer zahlt, erfahren Sie hier.",
     "Die Preise steigen. Was das für Mieter bedeutet und wer zahlt, erfahren Sie hier."),
    ("a sentence naming a website stays", "Die Liste hängt aus. Sie steht auch auf der Website des Amtes.",
     "Die Liste hängt aus. Sie steht auch auf der Website des Amtes."),
    ("a place where one finds something stays", "Wir fuhren weiter. Ruhe und Erholung finden Sie hier nicht.",
     "Wir fuhren weiter. Ruhe und Erholung finden Sie hier nicht."),
    ("byline run into a teaser", "Wo Licht ist, ist auch Schatten. Von Anna Beispiel", "Wo Licht ist, ist auch Schatten."),
    ("click prompt after a gallery teaser", "Die Antwort zeigt die Galerie. Klicken Sie weiter!",
     "Die Antwort zeigt die Galerie."),
    ("a place after a sentence stays", "Der Zug fuhr pünktlich ab. Von Berlin", "Der Zug fuhr pünktlich ab. Von Berlin"),
    ("web address after the last sentence", "Das Formular steht zum Download bereit. https://example.de/antrag.pdf",
     "Das Formular steht zum Download bereit."),
    ("shop address after the last sentence", "Der Wagen ist ab Mai zu haben. www.example.ch", "Der Wagen ist ab Mai zu haben."),
    ("source with copyright after the text", "Das Gericht wies die Klage ab. Quelle: © www.example-agentur.de - Rechtsnews",
     "Das Gericht wies die Klage ab."),
    ("a web address inside a sentence stays", "Die Liste steht unter https://example.de/liste bereit.",
     "Die Liste steht unter https://example.de/liste bereit."),
    ("video title run into the end", "Drei Einheiten pro Woche genügen. Im Video: Workout für Einsteiger",
     "Drei Einheiten pro Woche genügen."),
    ("credit and player hint after a caption", "Die Karte zeigt den Norden. Credit: Beispielinstitut. Zum Starten des "
     "Videos bitte das Bild anklicken.", "Die Karte zeigt den Norden."),
    ("a word in brackets inside the text stays", "Der Wert (ppm) stieg weiter an.", "Der Wert (ppm) stieg weiter an."),
]


@pytest.mark.parametrize("name,text,expected", MARKS, ids=[c[0] for c in MARKS])
def test_closing_marks(name, text, expected):
    assert strip_closing_marks(text) == expected


# ── phrase table: pointers, hashtags, video titles, link lines ──

LINES = [
    ("Lesen Sie hier mehr.", "noise"),
    ("Weitere Informationen zum Neubau finden Sie hier....!", "noise"),
    ("Weitere Informationen zum Thema „Sicher wohnen“ finden Sie hier.", "noise"),
    ("Mehr Infos findet ihr auf der Website des Herstellers.", "noise"),
    ("Die kompletten Ergebnisse finden Sie in unserer Datenbank.", "noise"),
    ("#Garten #Frühling", "noise"),
    ("#Balkon", "noise"),
    ("Im Video: So gelingt der perfekte Hefezopf", "noise"),
    ("Zum Starten des Videos bitte das Bild anklicken.", "noise"),
    ("Links: www.example.de und www.example.org/info", "noise"),
    ("Diese Seite zeigt gesponserte Inhalte und Banner von Partnern.", "noise"),
    ("Aktiviere die Glocke oben rechts, um keine Meldung zu verpassen!", "noise"),
    ("[Werbung] Muster, A. (2023). Gelassen führen. Nordheim: Beispielverlag.", "noise"),
    ("Ausgabe 3/2024 (Mai/Juni) 6,90 € inkl. MwSt. zzgl. Versand Bestellen", "noise"),
    ("https://example.de/bild-1.jpg640480Anna Beispielhttps://example.de/logo.pngAnna Beispiel2024-01-02 Neues Werk", "noise"),
    ("This article has been translated automatically. It may contain mistakes. Please read the German original if "
     "in doubt. Este artículo fue traducido automáticamente. Puede contener errores.", "noise"),
    ("Die Satzung steht unter https://example.de/satzung und https://example.de/ordnung zum Nachlesen bereit.", None),
    ("Mehr dazu lesen Sie hier: Mietrecht: Wer zahlt die Reparatur?", "noise"),
    ("Mehr zum Kündigungsschutz: Kündigung in der Probezeit: Was gilt?", "noise"),
    ("Service Partner Newsletter Über uns Impressum Datenschutzerklärung Cookie-Erklärung", "noise"),
    ("Mehr zur Sache: Der Bürgermeister sagte, er sei dagegen.", None),
    ("Fragen beantworten Kontakt und Impressum der Seite.", None),
    ("Mehr über uns erfahren Sie unter www.example.de/ueber-uns/", "noise"),
    ("Das Anmeldeformular finden Sie unter: https://example.de/anmeldung", "noise"),
    ("Und hier geht es zum Museum: www.example-museum.de", "noise"),
    ("Twitter: @Amt_Beispiel #Statistik", "noise"),
    ("LinkedIn linkedin.com/in/anna-beispiel/", "noise"),
    ("loading...", "noise"),
    ("Die Satzung finden Sie unter https://example.de/satzung ab Montag im Netz.", None),
    ("Die Aufzeichnung der Diskussion als Video:", "noise"),
    ("Wie das geht, zeigt euch dieses Video:", "noise"),
    ("Ein gutes Video dazu gibt es beim Kanal „Beispielwissen“:", "noise"),
    ("Im Video sagt der Minister:", None),  # it introduces a quote
    ("In diesem Video erklärt die Ärztin:", None),
    ("So entstand mein erfolgreichster Tweet:", None),  # an embedded post is often extracted as text
    ("von Anna C. Beispiel", "author"),
    ("Dieser Beitrag erschien zuerst im Blog Beispielwelt.", "noise"),
    ("Das Interview wurde am 3. Mai 2023 geführt und ist zunächst im Beispielblatt erschienen: https://example.de/x", "noise"),
    ("Der Artikel erschien zuerst 2019 und sorgte für viel Aufsehen, weil er die Zahlen offenlegte und die Stadt daraufhin "
     "handelte.", None),
    ("Das Buch erschien zuerst 1954 in Paris.", None),
    ("21. Jan 2022 // Anna Beispiel", "noise"),
    ("Anna Beispiel | 03.02.2023", "noise"),
    ("12. Sept. 2021", "noise"),
    ("#12", None),  # a forum post number is not a hashtag
    ("#1 Steckturm", None),  # a numbered list entry
    ("Im Video ist zu sehen, wie der Wagen ins Schleudern gerät.", None),
    ("Die Ergebnisse finden Sie hier nicht, sondern im Rathaus.", None),
]


@pytest.mark.parametrize("text,kind", LINES, ids=[c[0] for c in LINES])
def test_pointer_and_tag_lines(text, kind):
    assert classify(text) == kind


# ── a heading over a list at the article's end stays with its list ──

def test_heading_over_a_closing_list_stays():
    body = [_p(BODY), _p(LAST), Block("heading", "Stärken"), Block("item", "leichter Rahmen"),
            Block("item", "gute Bremsen"), Block("heading", "Schwächen"), Block("item", "kurze Sattelstütze")]
    assert [b.text for b in trim_edges(body)] == [b.text for b in body]


def test_heading_without_a_list_at_the_end_goes():
    body = [_p(BODY), _p(LAST), Block("heading", "Weitere Themen")]
    assert [b.text for b in trim_edges(body)] == [BODY, LAST]


CAPTIONS = [
    ("Das neue Labor im Nordflügel (c) Beispiel-Verlag", True),
    ("Das neue Labor im Nordflügel © Beispiel-Verlag", True),
    ("Der Wert (c) ist in der Tabelle angegeben und steigt.", False),
]


@pytest.mark.parametrize("text,caption", CAPTIONS, ids=[c[0] for c in CAPTIONS])
def test_copyright_credit_in_parentheses(text, caption):
    """A caption's credit written "(c) Name" is a credit like "© Name"."""
    assert is_caption(text) is caption


GLUED = [
    ("sentence end run into the next", "Keiner hat es bemerkt.Dann kam der Sturm.", "Keiner hat es bemerkt. Dann kam der Sturm."),
    ("after a price", "Es kostet 300 Euro.Verkauft wird es ab Mai.", "Es kostet 300 Euro. Verkauft wird es ab Mai."),
    ("question run on", "Soll ich warten?Dann probiere ich es morgen.", "Soll ich warten? Dann probiere ich es morgen."),
    ("an e-mail address stays", "Schreiben Sie an anna.Muster@example.de bitte.", "Schreiben Sie an anna.Muster@example.de bitte."),
    ("a web address stays", "Mehr im Blog Beispiel.Com heute", "Mehr im Blog Beispiel.Com heute"),
    ("an abbreviation stays", "Das gilt z.B. für Prof.Dr. Muster.", "Das gilt z.B. für Prof.Dr. Muster."),
]


@pytest.mark.parametrize("name,text,expected", GLUED, ids=[c[0] for c in GLUED])
def test_glued_sentences(name, text, expected):
    assert unglue_sentences(text) == expected


INLINE = [
    ("photo credit where the picture stood", "Sie eröffnete den Park (Foto: Stadt Nordheim) und dankte den Helfern.",
     "Sie eröffnete den Park und dankte den Helfern."),
    ("symbol picture note", "Das Werk (Symbolbild) steht seit Mai still.", "Das Werk steht seit Mai still."),
    ("where the picture stands", "Das Tor (Bild nebenstehend) ist 60 Meter hoch.", "Das Tor ist 60 Meter hoch."),
    ("the newspaper stays", "Die Zeitung (Bild) berichtete zuerst.", "Die Zeitung (Bild) berichtete zuerst."),
    ("a source citation stays", "Die Zahl stieg (Quelle: Landesamt) weiter.", "Die Zahl stieg (Quelle: Landesamt) weiter."),
]


@pytest.mark.parametrize("name,text,expected", INLINE, ids=[c[0] for c in INLINE])
def test_credit_in_the_text(name, text, expected):
    assert strip_inline_credits(text) == expected


NAME_ABOVE_DATE = [
    # (name, paragraphs after the headline, spoken paragraphs, author found)
    ("name above a date line", ["Kathrin Beispiel", "am Mittwoch, 26.01.2022 - 14:30", BODY], [BODY], "Kathrin Beispiel"),
    ("doctor's name", ["Dr. Jan-Ole Muster", "12.03.2023", BODY], [BODY], "Dr. Jan-Ole Muster"),
    ("a sentence above a date stays", ["Die Sitzung ist öffentlich.", "12.03.2023", BODY],
     ["Die Sitzung ist öffentlich.", BODY], ""),
    ("a name without a date stays", ["Kathrin Beispiel", BODY], ["Kathrin Beispiel", BODY], ""),
]


@pytest.mark.parametrize("name,paras,spoken,author", NAME_ABOVE_DATE, ids=[c[0] for c in NAME_ABOVE_DATE])
def test_name_above_the_date(name, paras, spoken, author):
    from narrate.article.cleaning import clean_blocks
    cleaned = clean_blocks([Block("title", "Neuer Spielplatz eröffnet")] + [_p(t) for t in paras])
    assert [b.text for b in cleaned.blocks[1:]] == spoken
    assert cleaned.author == author
