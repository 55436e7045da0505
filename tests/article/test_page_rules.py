"""Issue 10 rules, each on short real-looking snippets written for this project (never the shared pages).

Page structure (page.py), extraction choice and tables (html.py), the article's edges (lines.py),
the line phrases (cleaning.py), decoding (decoding.py) and the odd inputs of issue 13 point 6.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html

from narrate.article import load_article, parse_article, parse_bytes
from narrate.article.cleaning import Block, classify
from narrate.article.decoding import decode_bytes
from narrate.article.html import choose_extraction, lead_after_h1
from narrate.article.xmlblocks import table_blocks, xml_blocks
from narrate.article.lines import trim_edges
from narrate.article.page import declared_article, parse_page, prune
from narrate.errors import InputError
from tests.article.snippets import LEAD, BODY, texts as _texts, page as _page

ROOT = Path(__file__).resolve().parents[2]


def _article(extra_before: str = "", extra_after: str = "", attrs: str = "") -> str:
    return _page(f"{extra_before}<article{attrs}><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p>"
                 f"{extra_after}</article>")


# ── structure: what the page declares as noise ────────────────────────────────

NOISE_BLOCKS = [
    # (rule, HTML put inside <article> after the text, words that must not be spoken)
    ("nav", "<nav><a href='/'>Startseite</a> <a href='/lokales'>Lokales aus der Region</a></nav>", "Lokales aus"),
    ("aside", "<aside><p>Der Kreistag tagt wieder am Donnerstag im großen Saal.</p></aside>", "Kreistag tagt"),
    ("figure", "<figure><img src='a.jpg'><figcaption>Das Heizwerk am Stadtrand (picture alliance / Max Muster)"
               "</figcaption></figure>", "Heizwerk am Stadtrand"),
    ("footer", "<footer><p>Redaktion Lüneburg, Am Sande 1, Telefon 04131 0000</p></footer>", "Am Sande"),
    ("form", "<form><p>Ich möchte gerne Nachrichten der Redaktion per E-Mail erhalten.</p></form>", "per E-Mail"),
    ("role", "<div role='complementary'><p>Wetter in Lüneburg: sonnig bei 21 Grad.</p></div>", "sonnig bei"),
    ("class newsletter", "<div class='newsletter-box'><p>Jeden Morgen das Wichtigste aus Ihrer Stadt.</p></div>",
     "Jeden Morgen"),
    ("class related", "<section class='related-articles'><h2>Ebenfalls spannend</h2><p>Neue Buslinie startet im "
                      "Herbst.</p></section>", "Neue Buslinie"),
    ("class consent", "<div id='consent'><p>Wir und unsere Partner speichern Informationen auf Ihrem Gerät.</p></div>",
     "unsere Partner"),
    ("class login", "<div class='login'><p>Passwort vergessen?</p><p>Deine Registrierung war erfolgreich.</p></div>",
     "Registrierung"),
    ("class ad", "<div class='ad ad-slot'><p>Jetzt günstig Strom vergleichen und sparen.</p></div>", "günstig Strom"),
    ("class comments", "<div class='article-comments'><p>Frechheit, schon wieder teurer!</p></div>", "Frechheit"),
    ("link list", "<ul><li><a href='/a'>Neue Buslinie startet</a></li><li><a href='/b'>Schwimmbad öffnet "
                  "wieder</a></li><li><a href='/c'>Markt zieht um</a></li></ul>", "Schwimmbad"),
    ("visually hidden", "<p class='sr-only'>Zum Hauptinhalt der Seite springen jetzt sofort</p>", "Hauptinhalt"),
    ("aural (screen readers only)", "<p class='aural'>Sie sind hier: Startseite, Themen, Verbraucherschutz heute</p>",
     "Sie sind hier"),
    ("teaser card", "<div class='teaser__item'><a href='/x'><h3>Neues Hallenbad: Eröffnung im Mai</h3><p>Was die "
                    "Stadt plant und was es kostet</p></a></div>", "Hallenbad"),
    ("teaser link", "<a class='teaser' href='/y'><h6>Winterdienst: Streusalz wird knapp</h6></a>", "Streusalz"),
    ("image text", "<div class='image-box'><img src='b.jpg'><p class='to-image-box'>Blick auf das Heizwerk am "
                   "Stadtrand von Lüneburg.</p></div>", "Blick auf das Heizwerk"),
    ("media description", "<div class='media__description'><p>Die neue Leitung wird im Frühjahr verlegt.</p></div>",
     "neue Leitung"),
    ("plugin author box", "<div class='saboxplugin-wrap'><p>Max Muster schreibt seit 2010 über Energie.</p></div>",
     "Max Muster"),
    ("plugin related posts", "<div class='yarpp yarpp-related'><p>Heizung richtig entlüften: So geht es.</p></div>",
     "entlüften"),
    ("class appstores", "<div class='appstores'><p>Lesen Sie die Lüneburger Post digital in unserer App. Oder "
                        "bestellen Sie ein Abo im Shop.</p></div>", "in unserer App"),
    ("call to action", "<p><strong>Dir gefällt unsere Lokalzeitung?</strong><br><strong>Unterstütze uns mit einem "
                       "kleinen Beitrag im Monat.</strong></p><div class='wp-block-buttons'><a href='/abo'>Jetzt "
                       "unterstützen</a></div>", "kleinen Beitrag"),
]


@pytest.mark.parametrize("rule,noise,words", NOISE_BLOCKS, ids=[c[0] for c in NOISE_BLOCKS])
def test_declared_noise_is_not_spoken(rule, noise, words):
    article = parse_article(_article(extra_after=noise), "html")
    spoken = " ".join(_texts(article))
    assert words not in spoken
    assert LEAD in spoken and BODY in spoken


@pytest.mark.parametrize("attrs", [" class='post comments-open has-author'", " class='share-friendly'",
                                   " id='sidebar-article'"])
def test_the_article_itself_is_never_pruned_by_its_class(attrs):
    article = parse_article(_article(attrs=attrs), "html")
    assert LEAD in _texts(article) and BODY in _texts(article)


def test_an_unlinked_teaser_is_the_articles_own_lead():
    """A "teaser" class without links is this article's lead, not a card linking another one."""
    teaser = "Die Preise steigen kräftig, und viele Haushalte in der Innenstadt sind davon betroffen."
    page = _page(f"<article><h1>Fernwärme wird teurer</h1><div class='teaser-text'><p>{teaser}</p></div>"
                 f"<p>{LEAD}</p><p>{BODY}</p></article>")
    tree = parse_page(page)
    assert "teaser card" not in prune(tree)
    assert teaser in _texts(parse_article(page, "html"))


def test_a_page_without_h1_finds_its_lead_after_the_declared_headline():
    """itemprop=headline (an h3 in a news record) stands in for the h1 when the lead sits outside the text."""
    teaser = "Die Preise steigen kräftig, und viele Haushalte in der Innenstadt sind davon betroffen."
    inner = (f"<div itemscope itemtype='http://schema.org/Article'><h3 itemprop='headline'>Fernwärme wird teurer</h3>"
             f"<div class='meta'><p>07.12.2026 Wirtschaft</p></div><div class='teaser-text'><p>{teaser}</p></div>"
             f"<div class='bodytext'><p>{LEAD}</p><p>{BODY}</p><p>{BODY.replace('9000', '9100')}</p></div></div>")
    texts = _texts(parse_article(_page(inner), "html"))
    assert teaser in texts and texts.index(teaser) < texts.index(LEAD)
    extracted = [Block("para", LEAD), Block("para", BODY)]  # what an extractor that lost the lead returns
    assert lead_after_h1(parse_page(_page(inner)), extracted) == [Block("para", teaser)] + extracted


def test_a_named_anchor_is_no_link():
    """<a name="…"> marks a jump target; a teaser-classed block made of one is text, not a card."""
    question = "Eine der häufigsten Fragen der Leserinnen und Leser ist diese: Was sagt der Bürgermeister dazu?"
    page = _article(extra_after=f"<div class='teaser-box'><a name='frage'>{question}</a></div>")
    assert "teaser card" not in prune(parse_page(page))
    assert question in _texts(parse_article(page, "html"))


@pytest.mark.parametrize("items,kept", [
    (["1. Protokoll der letzten Sitzung vom 5.8.2026", "Die Satzung wird überarbeitet, Daniel macht eine Vorlage."],
     True),
    (["Von Max Muster | 12.03.2026"], False),
])
def test_an_agenda_item_at_the_start_is_kept(items, kept):
    body = [Block("item", t) for t in items] + [Block("para", LEAD)]
    assert (trim_edges(body)[0].text == items[0]) is kept


@pytest.mark.parametrize("tail,kept", [
    ([Block("para", "Autotuning abschalten:"), Block("code", "netsh interface tcp set global autotuninglevel=disabled")],
     True),
    ([Block("para", "Max Muster"), Block("para", "Redakteur im Ressort Wirtschaft")], False),
])
def test_code_and_the_line_announcing_it_stay_at_the_end(tail, kept):
    body = [Block("para", LEAD), Block("para", BODY)] + tail
    assert (trim_edges(body) == body) is kept


def test_a_pre_block_is_code():
    root = etree.fromstring("<main><p>So geht es:</p><code>ipconfig /flushdns</code></main>")
    assert list(xml_blocks(root))[-1] == Block("code", "ipconfig /flushdns")


def test_a_long_media_block_is_not_taken_for_image_text():
    """A "media-body" wrapper holding the article's paragraphs is text, not a caption: it is too long."""
    page = _page(f"<h1>Fernwärme wird teurer</h1><div class='media-body'><p>{LEAD}</p><p>{BODY}</p>"
                 f"<p>{BODY.replace('9000', '9100')}</p></div>")
    assert "image text" not in prune(parse_page(page))


def test_a_sub_title_beside_the_h1_is_the_teaser():
    teaser = "Die Stadtwerke begründen den Schritt mit den gestiegenen Einkaufspreisen für Gas"
    inner = (f"<div class='head'><h1>Fernwärme wird teurer</h1><h2 class='article-head__subtitle'>{teaser}</h2></div>"
             f"<div class='text'><p>{LEAD}</p><p>{BODY}</p></div>")
    texts = _texts(parse_article(_page(inner), "html"))
    assert texts[:2] == ["Fernwärme wird teurer", teaser]


def test_a_builders_widget_class_is_not_noise():
    """Page builders put "widget" in every block's class: only a whole or first word counts."""
    inner = (f"<div class='elementor-widget-container'><h1>Fernwärme wird teurer</h1></div>"
             f"<div class='elementor-widget-container'><p>{LEAD}</p></div>"
             f"<div class='elementor-widget-container'><p>{BODY}</p></div>")
    assert BODY in _texts(parse_article(_page(inner), "html"))


def test_prune_reports_each_rule():
    tree = parse_page(_article(extra_after="<nav>a</nav><aside>b</aside><div class='cookie-banner'>c</div>"))
    assert prune(tree) == {"tag nav": 1, "tag aside": 1, "class cookie": 1}


def test_json_ld_is_read_and_a_missing_declared_lead_is_put_back():
    teaser = ("Fernwärme kostet in Lüneburg bald deutlich mehr. Betroffen sind viele Haushalte in der Innenstadt. "
              "Die Stadtwerke nennen gestiegene Kosten für Gas als Grund.")
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
          f'"headline": "Fernwärme wird teurer", "articleBody": "{teaser}"}}</script>')
    page = _page(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p></article>", head=ld)
    assert declared_article(parse_page(page)).headline == "Fernwärme wird teurer"
    texts = _texts(parse_article(page, "html"))
    assert texts.index(teaser) < texts.index(LEAD)


# ── extraction choice, headings, tables ───────────────────────────────────────

PROSE = "Der Gemeinderat hat am Dienstag den Haushalt für das kommende Jahr beschlossen."


@pytest.mark.parametrize("candidates,chosen", [
    ({"default": [Block("para", PROSE)], "recall": [Block("para", PROSE), Block("para", "Teilen")]}, "default"),
    ({"default": [Block("para", PROSE)], "recall": [Block("para", PROSE)] * 3}, "recall"),
    ({"default": [], "recall": [Block("para", PROSE)]}, "recall"),
    ({"recall": [Block("para", PROSE)]}, "recall"),
])
def test_choose_extraction_by_prose(candidates, chosen):
    assert choose_extraction(candidates) == chosen


def _xml(text: str) -> etree._Element:
    return etree.fromstring(f"<main>{text}</main>")


@pytest.mark.parametrize("xml,blocks", [
    ("<head rend='h2'>Was sich ändert</head>", [("heading", "Was sich ändert")]),
    (f"<head rend='h2'>{PROSE} {PROSE}</head>", [("para", f"{PROSE} {PROSE}")]),  # too long for a heading
    ("<quote>Wir haben keine Wahl, sagte der Kämmerer.</quote>", [("para", "Wir haben keine Wahl, sagte der Kämmerer.")]),
    ("<quote><p>Ein Zitat in Absätzen.</p></quote>", [("para", "Ein Zitat in Absätzen.")]),
    ("<list><item>Erster Punkt.</item><item><p>Zweiter Punkt.</p></item></list>",
     [("item", "Erster Punkt."), ("item", "Zweiter Punkt.")]),
])
def test_xml_blocks(xml, blocks):
    assert [(b.kind, b.text) for b in xml_blocks(_xml(xml))] == blocks


def _table(rows: list[list[str]]) -> etree._Element:
    cells = "".join("<row>" + "".join(f"<cell>{c}</cell>" for c in row) + "</row>" for row in rows)
    return etree.fromstring(f"<table>{cells}</table>")


@pytest.mark.parametrize("rows,read", [
    ([["Finanzierung", "Leasing"], ["Das Auto gehört am Ende Ihnen", "Sie geben das Auto zurück"]],
     ["Finanzierung: Leasing", "Das Auto gehört am Ende Ihnen: Sie geben das Auto zurück"]),
    ([["Tarif", "Preis", "Laufzeit"], ["Basis", "29 €", "12 Monate"], ["Plus", "39 €", "24 Monate"]], []),
    ([["Vorteil", "Nachteil", "Fazit"], ["Die Raten sind klein und gut planbar", "Am Ende bleibt eine hohe "
      "Schlussrate offen", "Für Wenigfahrer ist das Modell meist günstiger"]],
     ["Vorteil, Nachteil, Fazit", "Die Raten sind klein und gut planbar, Am Ende bleibt eine hohe Schlussrate "
      "offen, Für Wenigfahrer ist das Modell meist günstiger"]),
])
def test_tables_prose_read_by_row_grids_skipped(rows, read, caplog):
    caplog.set_level("INFO")
    assert [b.text for b in table_blocks(_table(rows))] == read
    assert ("skipped a data table" in caplog.text) == (not read)


def test_kicker_inside_the_h1_is_split_off():
    page = _page("<article><h1><span class='kicker'>Interne Unterlagen im Netz</span> Daten von Stadtwerken "
                 f"gehackt</h1><p>{LEAD}</p><p>{BODY}</p></article>")
    article = parse_article(page, "html")
    assert article.title == "Daten von Stadtwerken gehackt"
    assert article.sections[0].paragraphs[0] == "Interne Unterlagen im Netz"


def test_headline_repeated_as_first_heading_is_spoken_once():
    page = _page(f"<article><h1>Fernwärme wird teurer</h1><h2>Fernwärme wird teurer</h2><p>{LEAD}</p>"
                 f"<p>{BODY}</p></article>")
    assert _texts(parse_article(page, "html")).count("Fernwärme wird teurer") == 1


# ── the article's edges and the line phrases ──────────────────────────────────

@pytest.mark.parametrize("before,after,kept", [
    (["VON MORITZ MUSTER am 21. April 2020"], [], []),
    (["20. März 2021 - 15:00 Uhr"], [], []),
    (["Lüneburg | Wirtschaft"], [], []),
    (["Was sich ändert"], [], ["Was sich ändert"]),  # a sub-heading introducing the lead stays
    ([], ["Anja Muster", "Redakteurin Wirtschaft"], []),
    ([], ["HÄUFIG GESTELLTE FRAGEN", "Weitere Informationen:"], []),
    ([], ["Das war ein langer Abend für alle im Rathaus"], []),
    ([], [f"{BODY} Danach ging es weiter ohne Punkt am Ende"], [f"{BODY} Danach ging es weiter ohne Punkt am Ende"]),
])
def test_edges_drop_non_sentences(before, after, kept):
    body = [Block("para", t) for t in before] + [Block("para", LEAD), Block("para", BODY)] + \
        [Block("para", t) for t in after]
    texts = [b.text for b in trim_edges(body)]
    assert [t for t in texts if t not in (LEAD, BODY)] == kept
    assert LEAD in texts and BODY in texts


def test_edges_keep_the_list_a_last_sentence_announces():
    body = [Block("para", LEAD), Block("para", "Die Preise steigen in drei Stufen, und zwar wie folgt:"),
            Block("item", "Juli: 4 Prozent"), Block("item", "Oktober: 8 Prozent")]
    assert trim_edges(body) == body


@pytest.mark.parametrize("line,kind", [
    ("Schon gelesen?", "list"), ("Auch lesen:", "list"), ("Mehr Themen:", "list"), ("Zum Weiterlesen:", "list"),
    ("Videos zum Thema", "list"), ("Das könnte Sie auch interessieren", "list"),
    ("Auch lesen: Neue Buslinie startet im Herbst", "noise"), ("+++ Ticker: Stau auf der A39 +++", "noise"),
    ("(dpa)", "noise"), ("(grh)", "noise"), ("%d Bloggern gefällt das:", "noise"), ("Wird geladen …", None),
    ("Wird geladen...", "noise"), ("Teilen mit:", "noise"), ("Keine Kommentare", "noise"), ("Hauptinhalt", "noise"),
    ("Zum Inhalt springen", "noise"), ("Deine Registrierung war erfolgreich!", "noise"),
    ("Über dieses Thema berichtete NDR 1 Niedersachsen am 3. Mai.", "noise"),
    ("Video verfügbar bis 12.06.2026", "noise"), ("Aktualisiert am 17.01.2021.", "date"),
    ("Sieh dir diesen Beitrag auf Instagram an", "noise"),
    ("Satzung der Stadtwerke PDF | 38 KB | nicht barrierefrei", "noise"),
    ("HÄUFIG GESTELLTE FRAGEN", "noise"), ("PARTNER", "noise"), ("NATO", None), ("POLITIK", "label"),
    ("Folgen Sie uns auf Facebook | Instagram", "noise"), ("Login oder neu registrieren?", "noise"),
    # related headings, self-promotion, adverts, counters (round 2)
    ("Mehr zum Thema auf Tagesblick.de", "list"), ("Weitere Informationen:", "list"), ("Quellenangaben:", "list"),
    ("Zusatzinformationen:", "list"), ("Vorschau auf den nächsten Artikel", "list"),
    ("Lesen Sie hier: Stadtrat streitet über Parkgebühren", "noise"),
    ("Unterstütze Stadtblog bereits mit 3 Euro!", "noise"), ("Unterstützen Sie unabhängigen Journalismus!", "noise"),
    ("Gefällt dir unser Lokalmagazin?", "noise"), (">>> Jetzt das neue Heft bestellen! <<<", "noise"),
    ("Die aktuelle Ausgabe des Stadtmagazins jetzt am Kiosk und im Abo erhältlich.", "noise"),
    ("ANZEIGE - Heute Abend essen gehen?", "noise"), ("Kommentare insgesamt: 0", "noise"),
    ("Ob Rezepte oder Gewinnspiele – mit unserem Newsletter sind Sie immer informiert.", "noise"),
    ("Der Newsletter der Partei ging an 300 Mitglieder.", None),
    ("Unterstützen Sie die Forderung der Gewerkschaft, sagte sie.", None),
    ("Die aktuelle Ausgabe erschien mit zwei Wochen Verspätung.", None),
    ("Anzeige gegen den Fahrer wurde erstattet.", None),
    # article sentences that merely mention such things stay
    ("Die dpa meldete am Abend neue Zahlen.", None), ("Der Live-Ticker lief bis Mitternacht weiter.", None),
])
def test_line_classifier(line, kind):
    assert classify(line) == kind


@pytest.mark.parametrize("caption", [
    "Das Heizwerk am Stadtrand (picture alliance / dpa / Max Muster)",
    "Wer die Leitungen verlegt, ist noch offen (Symbolbild).",
    "Die Baustelle am Sande. (Symbolbild: Max M./AdobeStock)",
])
def test_captions_with_agency_credits_are_not_spoken(caption):
    article = parse_article(f"Fernwärme wird teurer\n\n{LEAD}\n\n{caption}\n\n{BODY}\n", "txt")
    assert caption not in _texts(article) and BODY in _texts(article)


def test_a_paragraph_repeated_at_the_foot_is_spoken_once():
    article = parse_article(f"Fernwärme wird teurer\n\n{LEAD}\n\n{BODY}\n\n{LEAD}\n", "txt")
    assert _texts(article).count(LEAD) == 1


def test_lead_between_headline_and_article_container_is_put_back():
    """A teaser in its own block after the h1 (outside <article>) is read before the article."""
    teaser = "Die Preise steigen kräftig, und viele Haushalte in der Innenstadt sind davon betroffen."
    inner = (f"<header><h1>Fernwärme wird teurer</h1></header><div class='intro-box'><p>{teaser}</p></div>"
             f"<p class='image-subline'>Das Heizwerk (Symbolbild).</p>"
             f"<article><p>{LEAD}</p><p>{BODY}</p><p>{BODY.replace('9000', '9100')}</p></article>")
    texts = _texts(parse_article(_page(inner), "html"))
    assert texts.index(teaser) < texts.index(LEAD)
    assert not any("Symbolbild" in t for t in texts)


def test_txt_newsletter_box_and_quoted_subheading():
    text = ("Wirtschaft\n\nFernwärme wird teurer\n\n" + LEAD + "\n\nFoto: Stadtwerke/M. Muster\n\n"
            "„Kann die Frage noch nicht beantworten“\n\n" + BODY + "\n\n"
            "Ich möchte gerne Nachrichten aus Lüneburg und Umgebung per E-Mail erhalten.\n\n"
            "Nicht mehr anzeigen\n")
    article = parse_article(text, "txt")
    assert [s.heading for s in article.sections] == [None, "„Kann die Frage noch nicht beantworten“"]
    assert _texts(article) == ["Fernwärme wird teurer", LEAD, "„Kann die Frage noch nicht beantworten“", BODY]


# ── decoding ──────────────────────────────────────────────────────────────────

GERMAN = "Fernwärme für Lüneburg: Preise steigen um 12 Prozent.\n\nDie Kunden ärgern sich über die Erhöhung."


@pytest.mark.parametrize("name,data", [
    ("utf-16-le without BOM", GERMAN.encode("utf-16-le")),
    ("utf-16-be without BOM", GERMAN.encode("utf-16-be")),
    ("cp1252", GERMAN.encode("cp1252")),
    ("utf-8", GERMAN.encode("utf-8")),
])
def test_decoding_rules(name, data):
    assert decode_bytes(data, name) == GERMAN


def test_utf8_with_a_stray_byte_stays_utf8(caplog):
    data = GERMAN.encode("utf-8").replace(b"Kunden", b"Kun\xe4den")
    text = decode_bytes(data, "page")
    assert "ärgern" in text and "Fernwärme" in text and "Ã" not in text
    assert "invalid byte" in caplog.text


@pytest.mark.parametrize("meta", ['<meta charset="iso-8859-1">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'])
def test_declared_charset_is_honoured(meta):
    page = f"<html><head>{meta}</head><body><p>Müller sagt „ja“.</p></body></html>"
    assert "Müller" in decode_bytes(page.encode("cp1252"), "page")


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03PNG" * 50, bytes(range(256)) * 4])
def test_binary_bytes_are_refused_from_stdin_too(data):
    with pytest.raises(InputError, match="binary"):
        parse_bytes(data, "txt")


def test_cli_stdin_binary_and_one_sentence():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "narrate", "script", "-"]
    binary = subprocess.run(run, input=bytes(range(256)) * 4, capture_output=True, env=env, timeout=60)
    assert binary.returncode == 1 and b"binary" in binary.stderr and b"Traceback" not in binary.stderr
    one = subprocess.run(run, input="Der Zug fällt heute aus.\n".encode(), capture_output=True, env=env, timeout=60)
    assert one.returncode == 0 and one.stdout.decode().count("Der Zug fällt heute aus.") == 1
    assert "Artikel" not in one.stdout.decode() and b"nothing to speak" not in one.stderr  # no invented title
    title_only = subprocess.run(run, input="Nur ein Titel\n".encode(), capture_output=True, env=env, timeout=60)
    assert title_only.returncode == 1 and b"no sentence left" in title_only.stderr


def test_ten_thousand_nested_divs_keep_the_article(tmp_path):
    page = ("<html><body>" + "<div>" * 10_000 + f"<h1>Fernwärme wird teurer</h1><p>{LEAD}</p>"
            + "</div>" * 10_000 + "</body></html>")
    path = tmp_path / "tief.html"
    path.write_text(page, encoding="utf-8")
    assert LEAD in " ".join(_texts(load_article(path)))


def test_xhtml_with_xml_declaration_is_parsed():
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + _article()
    texts = _texts(parse_article(page, "html"))
    assert LEAD in texts and not any("<" in t for t in texts)
    assert isinstance(parse_page(page), lxml_html.HtmlElement)


BOLD = "Die Stadt prüft außerdem, ob sie einen Härtefallfonds für Mieter mit geringem Einkommen auflegt."


@pytest.mark.parametrize("paragraph,after", [
    (f"<p><strong>{BOLD}</strong></p>", "<div class='social-media-buttons'><a href='/fb'></a></div>"),  # share icons
    (f"<p><strong>Vorab:</strong> {BOLD}</p>", "<div class='wp-block-buttons'><a href='/a'>Mehr</a></div>"),  # not all bold
    (f"<p><strong>{BOLD}</strong></p>", "<p>Weiter im Text.</p>"),  # no button after it
])
def test_a_bold_paragraph_without_a_call_to_action_button_is_kept(paragraph, after):
    article = parse_article(_article(extra_after=paragraph + after), "html")
    assert BOLD in " ".join(_texts(article)).replace("Vorab: ", "")
