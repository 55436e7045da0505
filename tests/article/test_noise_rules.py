"""Issue 10, round 2, the noise side: each rule on short real-looking snippets written for this project.

Structure (page.py): about boxes, caption copies, link paragraphs, boxes closing in a button; the
phrase table (phrases.py) and the edges (lines.py). Every table also holds article text the rule must
leave alone.
"""

from __future__ import annotations

import pytest

from narrate.article import parse_article
from narrate.article.cleaning import Block, classify, clean_blocks

LEAD = ("Die Gemeinde Hohenwarth baut bis zum Herbst einen neuen Radweg entlang der Staatsstraße, wie der "
        "Bürgermeister am Dienstag sagte.")
BODY = ("Der Weg soll Schulkinder sicherer in den Nachbarort bringen. Die Kosten von 1,2 Millionen Euro trägt "
        "zum größten Teil der Freistaat.")


def _spoken(inner_after: str = "", before: str = "", outside: str = "") -> str:
    page = (f"<!doctype html><html><head><title>Neuer Radweg für Hohenwarth</title></head><body>{before}"
            f"<article><h1>Neuer Radweg für Hohenwarth</h1><p>{LEAD}</p><p>{BODY}</p>{inner_after}</article>"
            f"{outside}</body></html>")
    article = parse_article(page, "html")
    texts = [article.title] + [t for s in article.sections for t in ((s.heading or ""), *s.paragraphs) if t]
    spoken = " ".join(texts)
    assert LEAD in spoken and BODY in spoken
    return spoken


STRUCTURE = [
    # (rule, HTML after the article text inside <article>, HTML after </article>, words, spoken?)
    ("about box by id", "<div id='ueber_uns'><h3>Über uns</h3><p>Seit 2009 berichten wir in unserem "
     "Heimatblog über alles, was im Landkreis passiert, und freuen uns auf dich.</p></div>", "", "Heimatblog", False),
    ("about box by heading", "<div class='box'><div class='box__head'><h2 id='head_about-this-series'>Zu "
     "dieser Reihe</h2></div><div class='box__body'><p>Die Stiftung ist in rund 40 Ländern mit einem eigenen "
     "Büro vertreten und berichtet regelmäßig aus ihnen.</p></div></div>", "", "Stiftung ist", False),
    ("a long section named about its subject stays", "<section id='ueber-die-studie'><p>" + " ".join([BODY] * 12)
     .replace(BODY, "Die Studie befragte 2000 Radfahrer in Bayern.", 1) + "</p></section>", "",
     "Die Studie befragte 2000", True),
    ("about class in a middle part stays", "<div class='story-about-box'><p>Über den Radweg wird seit zehn Jahren "
     "im Gemeinderat gestritten.</p></div>", "", "seit zehn Jahren", True),
    ("caption copy", "<div class='intro'><p>Die Staatsstraße bei Hohenwarth am frühen Morgen.</p></div><figure>"
     "<img src='a.jpg'><figcaption><p>Die Staatsstraße bei Hohenwarth am frühen Morgen.</p></figcaption></figure>",
     "", "frühen Morgen", False),
    ("text unlike the caption stays", "<p>Am frühen Morgen ist die Staatsstraße besonders voll.</p>",
     "<figure><img src='a.jpg'><figcaption>Die Staatsstraße bei Hohenwarth am frühen Morgen.</figcaption></figure>",
     "besonders voll", True),
    ("link paragraph", "<p><a href='/a'>Radfahren im Winter: 5 Tipps</a><br><a href='/b'>E-Bike oder Pedelec?"
     "</a><br><a href='/c'>Die schönsten Radtouren im Altmühltal</a></p>", "", "Radtouren im", False),
    ("a sentence with three links stays", "<p>Mehr dazu erfahren Sie bei <a href='/a'>der Gemeinde</a>, beim "
     "<a href='/b'>Landratsamt</a> und beim <a href='/c'>Radverband</a>, die alle Pläne offenlegen.</p>", "",
     "Pläne offenlegen", True),
    ("box closing in a button", "<div class='row'><section><h2>Entdecke weitere Radwege</h2><p>Wie fährt "
     "die Community? Klicke dich durch die Touren unserer Leser.</p><a class='btn btn-primary' href='/touren'>"
     "Mehr Touren</a></section></div>", "", "Klicke dich", False),
    ("promo box with a button", "<div class='PetitionTeaser'><p class='PetitionTeaser-label'>Petition</p><h3>Radwege "
     "jetzt!</h3><p>Fordern Sie mit uns sichere Radwege in jedem Landkreis.</p><a class='FskButton' href='/p'>"
     "Unterzeichnen Sie jetzt!</a></div>", "", "sichere Radwege in jedem", False),
    ("the article's own teaser stays", "<p class='teaser'>Die Bauarbeiten beginnen am Montag früh.</p>", "",
     "Bauarbeiten beginnen", True),
    ("builder's post list", "<div class='et_pb_module et_pb_posts'><article><h2><a href='/x'>Radwege im "
     "Vergleich</a></h2><p>Welche Gemeinde im Landkreis baut am meisten neue Radwege?</p></article></div>", "",
     "baut am meisten", False),
    ("info box", "<div class='pane-article-infobox'><p>Der Radverband ist ein eingetragener Verein mit "
     "rund 200 Mitgliedern aus dem ganzen Landkreis.</p></div>", "", "eingetragener Verein", False),
    ("short box text is not the page's article", "<div class='toplist'><p>Die Kreisstadt erhält eine neue "
     "Umgehungsstraße. Der Bau beginnt im Mai und soll zwei Jahre dauern, sagte der Landrat am Freitag vor "
     "Journalisten. Anwohner hatten jahrelang für die Entlastung der Ortsdurchfahrt gekämpft.</p></div>", "",
     "Umgehungsstraße", False),
    ("related box: items opening with a link", "<div class='articlebox'><h6>Mehr zum Thema</h6><p><a href='/a'>"
     "Radverkehr</a> Wie sicher sind die neuen Schutzstreifen?</p><p><a href='/b'>Landkreis</a> Neue Buslinie "
     "startet im Herbst</p></div>", "", "Schutzstreifen", False),
    ("a related heading over prose stays", "<div class='articlebox'><h6>Mehr zum Thema</h6><p>Die Gemeinde "
     "plant weitere Wege bis 2026, sagte der <a href='/b'>Bürgermeister</a>.</p><p>Der Kreistag entscheidet "
     "im Mai über die Mittel.</p></div>", "", "weitere Wege bis 2026", True),
]


@pytest.mark.parametrize("rule,inside,outside,words,kept", STRUCTURE, ids=[c[0] for c in STRUCTURE])
def test_structure_rules(rule, inside, outside, words, kept):
    assert (words in _spoken(inside, outside=outside)) is kept


@pytest.mark.parametrize("line,kind", [
    # shop, forum and link chrome
    ("Es werden die Artikel 11 bis 20 von insgesamt 57 angezeigt!", "noise"), ("Zeige 1–12 von 40 Ergebnissen", "noise"),
    ("Seite 3 von 8", "noise"), ("Die folgenden Links öffnen sich in einem neuen Fenster.", "noise"),
    ("Externe Links werden in einem neuen Tab geöffnet", "noise"), ("11:42 AM Gedichte", "noise"),
    ("Amazon-Tipp: Hörbücher drei Monate gratis testen", "noise"),
    ("Frohe Ostern und viel Spaß mit der neuen Ausgabe!", "noise"), ("Mehr zu Radwegen und Verkehr", "list"),
    ("Recherchen wie diese kosten Zeit, wir freuen uns deshalb über Ihre Spenden.", "noise"),
    ("Den vollständigen Artikel lesen Sie in der März-Ausgabe unseres Magazins (am Kiosk erhältlich).", "noise"),
    ("Weitere Topthemen des Monats:", "list"), ("Tipps der Redaktion:", "list"),
    ("Unsere Quellen:", "list"), ("Interessante Links", "list"), ("Neueste Nachrichten", "list"),
    ("Der Verein freut sich über Spenden aus der Bevölkerung.", None), ("„Wir freuen uns über Spenden“, sagt die Leiterin der Tafel.", None),
    ("Wir sind auf Spenden angewiesen, sagt die Leiterin der Tafel.", None), ("Flüchtlinge unterstützen", None),
    # appeals, credits, disclaimers, calendars (seen in the spoken text of the real pages)
    ("Jetzt mit wenigen Klicks unterstützen!", "noise"), ("Jetzt Supporterin werden!", "noise"),
    ("Schon ab 3 Euro im Monat kannst du unsere Arbeit unterstützen und den Lokaljournalismus stärken.", "noise"),
    ("+++ Credits: Titelbild Max Muster +++", "noise"), ("Bildcredits: Gemeinde Hohenwarth", "noise"),
    ("Äußerungen unserer Interviewpartner geben deren eigene Auffassung wieder. Der Lokalfunk macht sich "
     "Äußerungen seiner Gäste in Interviews nicht zu eigen.", "noise"),
    ("Kommentare von Nutzern geben nicht die Meinung der Redaktion wieder.", "noise"),
    ("Fotos sind gegebenenfalls Symbolbilder!", "noise"), ("Diese Beiträge könnten Sie auch interessieren:", "list"),
    ("März 2026 Mo Di Mi Do Fr Sa So " + " ".join(f"{d:02d}" for d in range(1, 32)) + " April 2026 Mo Di Mi Do Fr Sa So "
     + " ".join(f"{d:02d}" for d in range(1, 31)) + " Mai 2026 Mo Di Mi Do Fr Sa So "
     + " ".join(f"{d:02d}" for d in range(1, 32)), "noise"),
    ("Die Stadt will die Vereine jetzt unterstützen.", None), ("Die Credits laufen am Ende des Films.", None),
    ("Geöffnet ist Mo Di Mi Do Fr Sa So von 9 bis 18 Uhr, an Feiertagen ab 10 Uhr.", None),
    # opening chrome: advertorial marks, credits, author and dateline rows, bare links
    ("- Advertorial Gartenprofi -", "noise"), ("Photo: Max Muster", "noise"), ("Seite drucken", "noise"),
    ("Autor: Die Redaktion", "noise"), ("Autor*innen", "noise"), ("Weitere Top-Artikel zu diesem Thema:", "list"),
    ("Von Landkreis Hohenwarth 4. 2. 2026.", "author"), ("Hohenwarth, (12.11.2025).", "noise"),
    ("Regensburg (dpa/lby) -", "noise"), ("Es gilt das gesprochene Wort!", "noise"),
    ("https://www.example.org/radweg-hohenwarth-2026.html", "noise"),
    ("Bild:", "noise"), ("Bild – oben: Max Muster", "noise"), ("Bildnachweis: Titelbild von Max Muster, Gemeinde", "noise"),
    ("Fotostrecke: Der neue Radweg in Bildern", "noise"),
    ("Auf dem Foto zu sehen: Bürgermeister Max Muster beim Spatenstich", "noise"), ("Unsplash", "noise"),
    ("This article has been translated automatically. It might contain mistakes.", "noise"),
    ("Dieser Beitrag wurde automatisch übersetzt.", "noise"), ("Veröffentlicht am von", "noise"),
    ("Di, 09:15 Uhr", "noise"), ("Inhaltsverzeichnis", "list"), ("Inhalt: Das erwartet Sie in diesem Artikel", "list"),
    ("Veröffentlicht am 3. Mai 2026", "date"), ("Auf dem Foto ist der Bürgermeister zu sehen.", None),
    ("Text: Die Gemeinde hat den Radweg beschlossen.", None), ("Autorinnen und Autoren schreiben hier.", None),
    ("Promotion", None), ("Es gilt das Wort des Bürgermeisters, sagte sie.", None),
    # forum and image chrome: vote counters, user-and-time stamps, click hints, figure credits, link lines
    ("0", "noise"), ("+1", "noise"), ("radler7712.03.2614:05", "noise"), ("Zum Vergrößern anklicken", "noise"),
    ("Abb.: Gemeinde Hohenwarth", "noise"), ("Lesen Sie hier mehr.", "noise"), ("Melden Sie sich jetzt an!", "noise"),
    ("2026", None), ("Lesen Sie hier, was die Gemeinde plant.", None), ("Melden Sie sich bis Freitag beim Amt.", None),
    # cookie and account boxes, shouted advert marks
    ("Auf unserer Seite werden Cookies verwendet. Sie können dem jederzeit widersprechen.", "noise"),
    ("Registriere dich jetzt kostenlos!", "noise"), ("Sie sind bereits Abonnent? Hier einloggen", "noise"),
    ("Mit der Registrierung akzeptiere ich die Nutzungsbedingungen und die Datenschutzerklärung.", "noise"),
    ("Klicke hier!", "noise"), ("WERBUNG für Sonnencreme", "noise"),
    ("Werbung für Tabak", None), ("Auf unserer Seite werden die Ergebnisse veröffentlicht.", None),
    ("Damit wir unser Angebot verbessern können, setzen wir Cookies ein. Mehr dazu in der Datenschutzerklärung.",
     "noise"), ("Um einen Kommentar zu schreiben, melden Sie sich bitte an.", "noise"),
    ("Die Kommentare der User geben nicht die Meinung der Dorfblatt-Redaktion wieder.", "noise"),
    ("Links mit Stern sind Affiliate-Links. Kaufst du darüber ein, erhalten wir eine kleine Provision.", "noise"),
    ("Hauptseite | Blog | Login", "noise"),
    ("Cookies sind kleine Textdateien, die der Browser speichert.", None), ("Die Bäckerei verkauft Cookies.", None),
    ("Die Richter entschieden, dass Nutzer Cookies aktiv akzeptieren müssen und dem jederzeit widersprechen dürfen.",
     None),
    ("Die Firma zahlte dem Makler eine Provision von drei Prozent.", None),
    # the site about its own series and tools
    ("Gute Bilder, klare Texte – Nutzen Sie unsere Vorlagen!", "noise"),
    ("Dies ist Teil 3 der Serie „Wege durch den Landkreis“, die jeden Samstag erscheint.", "noise"),
    ("In der Reihe „Dorf und Zukunft“ stellen wir Gemeinden vor, die neue Wege gehen. Sie erscheint jeden Monat.",
     "noise"),
    ("Nutzen Sie die Gelegenheit!", None), ("In der Serie wurde der Mörder nie gefasst.", None),
    ("In der Serie „Dorfpolizei“ spielt sie eine Kommissarin, die in ihren Heimatort zurückkehrt.", None),
    ("Auf dem Stellenmarkt warten viele offene Stellen auf Sie, sagt der Berater.", None),
    ("Dies ist der dritte Radweg, den die Gemeinde baut.", None),
    ("Über 300 Traumjobs in der Region warten auf dich in unserer Jobbörse. Gleich reinschauen!", "noise"),
    ("Häufig gestellte Fragen zu Radwegen", "noise"),
    ("Auf dem Stellenmarkt fehlen Fachkräfte, sagt die Agentur für Arbeit.", None),
    ("Die Jobbörse der Gemeinde verzeichnete im Mai 40 neue Stellen.", None),
    ("Das Buch & das Hörbuch zum Thema", "noise"), ("Unser Buchtipp:", "noise"), ("Das Buch zum Thema", "noise"),
    ("Ein Buch zum Thema Radfahren erschien 2020 im Eigenverlag.", None),
    # square brackets: footnote marks, shortcodes, bracketed promos; quoted omissions stay
    ("[2]", "noise"), ("[ad#ad-2]", "noise"), ("[caption id=\"a12\"]", "noise"),
    ("[Alle aktuellen Entwicklungen zum Radwegebau finden Sie hier in unserem Newsblog.]", "noise"),
    ("[Wir müssen] die Radwege sicherer machen […], sagte die Ministerin.", None),
    ("[…] Wir empfehlen Sie weiter.“", None),
    # article text that looks alike stays
    ("3 von 10 Deutschen fahren täglich Rad.", None), ("Zwei von drei Befragten", None),
    ("Tipp: Die Radweg-App der Gemeinde zeigt alle Baustellen.", None),
    ("Der Zug fährt um 7:15 Uhr ab.", None), ("Mehr zu tun gibt es im Herbst, wenn die Brücke gebaut wird.", None),
])
def test_phrase_table_round_3(line, kind):
    assert classify(line) == kind


def test_a_later_h1_is_classified_like_a_heading_the_headline_never():
    blocks = [Block("title", "Unterstütze uns!"), Block("para", LEAD), Block("title", "Mehr zu Radwegen"),
              Block("para", BODY), Block("title", "Unterstütze Dorfblatt bereits mit 3 Euro!"),
              Block("title", "Stand: 12.03.2026")]
    kept = [b.text for b in clean_blocks(blocks).blocks]
    assert kept == ["Unterstütze uns!", LEAD, BODY, "Stand: 12.03.2026"]  # a later h1 is no byline or date


@pytest.mark.parametrize("paragraph,spoken", [
    ("Der Radweg ist fertig! pic.twitter.com/AbC123xyz", "Der Radweg ist fertig!"),
    ("Alle Pläne hier: https://t.co/Xy12Ab3 #radweg", "Alle Pläne hier: #radweg"),
    ("Mehr steht auf https://www.hohenwarth.de/radweg, sagte er.", "Mehr steht auf https://www.hohenwarth.de/radweg, sagte er."),
])
def test_an_embedded_posts_short_links_are_not_spoken(paragraph, spoken):
    blocks = [Block("title", "Radweg"), Block("para", LEAD), Block("para", paragraph)]
    assert [b.text for b in clean_blocks(blocks).blocks][-1] == spoken


def test_rule_an_anchor_is_no_link():
    question = ("<p><strong>Anna Berg: </strong><a name='frage3'>Die Kritiker sagen, der Test sei nie geprüft "
                "worden. Was antworten Sie ihnen, und wie lange hat die Prüfung gedauert?</a></p>")
    answer = "<p><strong>Max Muster: </strong>Das ist falsch, der Test wurde im Januar von drei Laboren geprüft.</p>"
    spoken = _spoken(question + answer + question.replace("frage3", "frage4").replace("Kritiker", "Gegner"))
    assert "Die Kritiker sagen" in spoken and "Die Gegner sagen" in spoken


@pytest.mark.parametrize("line,kind,iso", [
    ("19. Oktober 2019, 19:08 Uhr Editiert am 19. Oktober 2019, 19:08 Uhr DIE ZEIT Nr. 43/2019", "date", "2019-10-19"),
    ("19.10.2019 12.09 Online seit heute, 12.09 Uhr", "date", "2019-10-19"),
    ("12.03.2020 | Aktualisiert am 13.03.2020, 08:15 Uhr", "date", "2020-03-12"),
    ("19. Oktober 2019 hat die Regierung beschlossen, die Steuern zu senken.", None, ""),
    ("Am 19. Oktober 2019 um 19:08 Uhr fiel der Strom aus.", None, ""),
])
def test_rule_date_run(line, kind, iso):
    # a date line with edit stamps and an issue number after it is a date line; the first date is the article's
    from narrate.article.cleaning import parse_date

    assert classify(line) == kind
    assert (parse_date(line) if kind else "") == iso
