"""Issue 10, round 2 (the kept side): rules that keep article text, each on short snippets written for
this project (never the shared pages): sibling page modules, FAQ accordions, headings that are
sentences, and how the headline is chosen."""

from __future__ import annotations

import json

import pytest
from lxml import etree, html as lxml_html

from narrate.article import parse_article
from narrate.article.cleaning import Block
from narrate.article.faq import declared_faq, with_declared_faq
from narrate.article.headline import complete_header, fix_headline, page_header
from narrate.article.titles import agrees, title_hint
from narrate.article.html import lead_after_h1, with_lead
from narrate.article.lines import trim_edges
from narrate.article.loose import wrap_heading_tails
from narrate.article.siblings import module_blocks, same_kind, sibling_sections
from narrate.article.xmlblocks import is_sentences, table_blocks, xml_blocks

FIRST = ("Wer einen Kredit aufnimmt, zahlt neben der Tilgung vor allem Zinsen an die Bank. Wie hoch sie "
         "ausfallen, hängt von Betrag, Laufzeit und Zinssatz ab.")
SECOND = "Banken prüfen vor allem die Bonität, also wie sicher die Raten gezahlt werden können."
THIRD = "Eine feste Zinsbindung schützt vor steigenden Zinsen während der gesamten Laufzeit."
QUESTION = "Kann ich einen Kredit vorzeitig zurückzahlen?"
ANSWER = "Ja, eine Sondertilgung ist bei den meisten Ratenkrediten jederzeit möglich."


def _module(attrs: str, inner: str) -> str:
    return f"<div {attrs}>{inner}</div>"


def _page(*modules: str) -> str:
    return ("<html><body><div class='page'><div class='head'><h1>Zinsen beim Kredit</h1></div>"
            + "".join(modules) + "</div></body></html>")


FIRST_MODULE = _module("id='module-2' class='box text'", f"<h2>So rechnen Banken</h2><p>{FIRST}</p>")
SECOND_MODULE = _module("id='module-3' class='box image-text'", f"<h3>Was die Bonität ausmacht</h3><p>{SECOND}</p>")
SAME_CLASS = _module("class='box text'", f"<h2>Zinsbindung</h2><p>{THIRD}</p>")
FAQ = _module("id='module-4' class='box faq'",
              f"<h2>Häufige Fragen</h2><div class='card'><div class='title' aria-controls='a1'>{QUESTION}</div>"
              f"<div id='a1' class='collapse'><p>{ANSWER}</p></div></div>")
LINKS = _module("id='module-5' class='box links'",
                "<h2>Mehr zum Thema</h2><p><a href='/a'>Kredit ohne Schufa</a> <a href='/b'>Autokredit im "
                "Vergleich</a> <a href='/c'>Umschuldung</a></p>")
ABOUT = _module("class='about-us'", "<h2>Über uns</h2><p>Seit vielen Jahren vergleichen wir Kredite für Sie, "
                                    "kostenlos und unverbindlich.</p>")
TABLE = _module("class='grid'", "<table><tr><td>5.000 €</td><td>2,0 %</td></tr></table>")

SIBLING_CASES = [
    # (name, modules after the extracted first one, texts that must be added, texts that must not)
    ("id numbered modules", [SECOND_MODULE, FAQ], [SECOND, "Was die Bonität ausmacht", QUESTION, ANSWER], []),
    ("same class list", [SAME_CLASS], [THIRD, "Zinsbindung"], []),
    ("links module ends", [LINKS, SECOND_MODULE], [], ["Mehr zum Thema", SECOND]),
    ("other kind with prose ends", [ABOUT, SECOND_MODULE], [], ["Seit vielen Jahren", SECOND]),
    ("box without prose passed over", [TABLE, SECOND_MODULE], [SECOND], ["5.000 €"]),
]


@pytest.mark.parametrize("name,after,wanted,unwanted", SIBLING_CASES, ids=[c[0] for c in SIBLING_CASES])
def test_sibling_sections(name, after, wanted, unwanted):
    tree = lxml_html.fromstring(_page(FIRST_MODULE, *after))
    extracted = [Block("title", "Zinsen beim Kredit"), Block("heading", "So rechnen Banken"), Block("para", FIRST)]
    blocks = sibling_sections(tree, extracted)
    assert blocks[:3] == extracted
    added = " ".join(b.text for b in blocks[3:])
    assert all(w in added for w in wanted), added
    assert not any(u in added for u in unwanted), added


def test_sibling_sections_need_a_module_page():
    """An article with one text container and one box after it is no module page: nothing is added."""
    tree = lxml_html.fromstring(f"<html><body><div class='page'><article><p>{FIRST}</p></article>"
                                f"<div class='box text'><p>{SECOND}</p></div></div></body></html>")
    blocks = [Block("para", FIRST)]
    assert sibling_sections(tree, blocks) == blocks


def test_faq_accordion_reads_questions_as_headings():
    module = lxml_html.fromstring(FAQ)
    assert [(b.kind, b.text) for b in module_blocks(module)] == [
        ("heading", "Häufige Fragen"), ("heading", QUESTION), ("para", ANSWER)]


@pytest.mark.parametrize("first,second,same", [
    ("<div id='module-4' class='a'>x</div>", "<div id='module-5' class='b'>y</div>", True),
    ("<div class='box text'>x</div>", "<div class='box text'>y</div>", True),
    ("<div class='box text'>x</div>", "<div class='box teaser'>y</div>", False),
    ("<div id='main'>x</div>", "<div id='main'>y</div>", False),
    ("<div class='box'>x</div>", "<section class='box'>y</section>", False),
])
def test_same_kind(first, second, same):
    assert same_kind(lxml_html.fromstring(first), lxml_html.fromstring(second)) is same


# ── a heading made of sentences is a paragraph ────────────────────────────────

@pytest.mark.parametrize("text,prose", [
    ("Der Reporter legt ein falsches Profil an. Es stützt seine Version.", True),
    ("Die Bilanz ist ernüchternd. Man könnte sagen, dass sie vorhersehbar war.", True),
    ("Was tun? Ein Überblick", False),
    ("Dr. Weber im Gespräch.", False),
    ("Teil 2. Die Folgen", False),
    ("Die Szenen sind beeindruckend. Wie haben Sie sich vorbereitet?", False),  # an interview question
    ("Musik beim Sport? Einfach mal ausprobieren!", False),
    ("Warum die Mieten steigen", False),
])
def test_heading_of_sentences(text, prose):
    assert is_sentences(text) is prose


def test_heading_of_sentences_is_read_as_paragraph():
    main = etree.fromstring("<main><head rend='h2'>Die Folgen</head><p>Der Rat tagt am Montag erneut.</p>"
                            "<head rend='h4'>Der Reporter legt ein falsches Profil an. Es stützt seine Version."
                            "</head></main>")
    assert [b.kind for b in xml_blocks(main)] == ["heading", "para", "para"]


# ── the headline: agreement of the page's title sources ──────────────────────

def _head(og: str = "", title: str = "", h1: str = "") -> str:
    meta = f"<meta property='og:title' content='{og}'>" if og else ""
    return (f"<html><head><title>{title}</title>{meta}</head><body>{h1}<p>{FIRST}</p>"
            "<h2>Ansprechpartner</h2></body></html>")


TITLE_HINT_CASES = [
    # (name, extractor's title, og:title, <title>, h1, site, expected hint)
    ("a sidebar heading loses to <title>", "Ansprechpartner", "", "Neue Halle für den Tennisclub", "", "",
     "Neue Halle für den Tennisclub"),
    ("a sidebar heading loses to og:title", "Aktuelles", "Mit dem Hund durch den Winter",
     "Mit dem Hund durch den Winter - Hundeschule", "", "", "Mit dem Hund durch den Winter"),
    ("the site part of 'Site | Headline' goes", "BMV", "", "BMV | Klare Regeln für Preisanpassungen", "", "BMV",
     "Klare Regeln für Preisanpassungen"),
    ("an agreeing extractor title stays", "Der Streit um die Mieten geht weiter", "Streit um Mieten geht weiter",
     "", "", "", "Der Streit um die Mieten geht weiter"),
    ("an h1 agreeing is enough", "Zinsen im Vergleich", "", "Ratgeber", "<h1>Zinsen im Vergleich</h1>", "",
     "Zinsen im Vergleich"),
]


@pytest.mark.parametrize("name,found,og,title,h1,site,expected", TITLE_HINT_CASES,
                         ids=[c[0] for c in TITLE_HINT_CASES])
def test_title_hint(name, found, og, title, h1, site, expected):
    tree = lxml_html.fromstring(_head(og, title, h1))
    assert title_hint(tree, found, site, "") == expected


@pytest.mark.parametrize("text,title,same", [
    ("Der Nervenkrieg um den Brexit geht in die nächste Runde", "Brexit: Nervenkrieg geht in nächste Runde", True),
    ("Chorgeschichte", "Geschichte", True),
    ("Aufgaben", "Masse des Quaders", False),
    ("Die Masse eines Körpers berechnest du, indem du das Volumen mit der Dichte malnimmst.",
     "Masse des Quaders", False),  # a paragraph naming the title's words is no title
    ("Detailansicht", "Tag des Zweinutzungshuhns am 22. Januar", False),
])
def test_agrees(text, title, same):
    assert agrees(text, title) is same


FIX_CASES = [
    # (name, blocks as (kind, text), hint, site, expected (kind, text))
    ("a label after the text becomes a heading, the title goes first",
     [("para", FIRST), ("title", "Aufgaben"), ("para", SECOND)], "Masse des Quaders", "",
     [("title", "Masse des Quaders"), ("para", FIRST), ("heading", "Aufgaben"), ("para", SECOND)]),
    ("a label at the top is a label, an agreeing heading becomes the title",
     [("title", "Details"), ("heading", "Rieslinge zum Geburtstag gewinnen"), ("para", FIRST)],
     "Rieslinge zum Geburtstag gewinnen", "",
     [("label", "Details"), ("title", "Rieslinge zum Geburtstag gewinnen"), ("para", FIRST)]),
    ("the site's name as h1 goes", [("title", "Stadtblatt"), ("para", FIRST)], "Neue Halle eröffnet", "stadtblatt.de",
     [("title", "Neue Halle eröffnet"), ("para", FIRST)]),
    ("a real headline that differs stays", [("title", "Wie hoch sind die Zinsen?"), ("para", FIRST)],
     "Kreditzinsen: So rechnen Sie", "", [("title", "Wie hoch sind die Zinsen?"), ("para", FIRST)]),
    ("a headline set on two h1 is one", [("title", "Naturkosmetik –"), ("title", "die bessere Wahl?"),
                                         ("para", FIRST)], "Naturkosmetik – die bessere Wahl?", "",
     [("title", "Naturkosmetik – die bessere Wahl?"), ("para", FIRST)]),
]


@pytest.mark.parametrize("name,blocks,hint,site,expected", FIX_CASES, ids=[c[0] for c in FIX_CASES])
def test_fix_headline(name, blocks, hint, site, expected):
    out = fix_headline([Block(k, t) for k, t in blocks], hint, site)
    assert [(b.kind, b.text) for b in out] == expected


def test_kicker_inside_the_h1_by_category_class():
    tree = lxml_html.fromstring("<html><body><h1><span class='category'>Verbraucherschutz</span> Klare Regeln für "
                                f"Preisanpassungen</h1><p>{FIRST}</p></body></html>")
    assert page_header(tree)[:2] == ("Klare Regeln für Preisanpassungen", "Verbraucherschutz")


@pytest.mark.parametrize("h1,title,expected", [
    ("Interne Unterlagen im Netz Daten von Rheinmetall gehackt", "Daten von Rheinmetall gehackt",
     [("para", "Interne Unterlagen im Netz"), ("title", "Daten von Rheinmetall gehackt")]),
    ("Energiewende: Norden meldet Rekord", "Norden meldet Rekord",
     [("para", "Energiewende"), ("title", "Norden meldet Rekord")]),
    ("Unsere drei wichtigsten Schritte zur Nachhaltigkeit im Laden", "Nachhaltigkeit im Laden",
     [("title", "Unsere drei wichtigsten Schritte zur Nachhaltigkeit im Laden")]),  # one sentence
])
def test_split_kicker(h1, title, expected):
    out = complete_header([Block("title", h1), Block("para", FIRST)], title, ("", "", ""))
    assert [(b.kind, b.text) for b in out[:-1]] == expected


# ── a lead set without its final full stop, in an element declared the intro ──

INTRO = ("Die Kommunalwahlen endeten mit einem klaren Sieg der Opposition, und der Regierungschef kündigte noch "
         "in der Wahlnacht seinen Rücktritt an")


@pytest.mark.parametrize("name,element,kept", [
    ("intro class", f"<div class='page-intro__copy'>{INTRO}</div>", True),
    ("no class", f"<div>{INTRO}</div>", False),
    ("teaser card with a link", f"<div class='teaser'><a href='/anderer-artikel'>{INTRO}</a></div>", False),
    ("inside a link", f"<a href='/anderer-artikel'><div class='teaser-content'>{INTRO}</div></a>", False),
    ("a short intro line", "<div class='intro'>Erdrutschsieg der Opposition</div>", False),
])
def test_lead_without_full_stop(name, element, kept):
    page = (f"<html><body><h1>Wahlen im Norden</h1>{element}<article><p>{FIRST}</p><p>{SECOND}</p></article>"
            "</body></html>")
    blocks = lead_after_h1(lxml_html.fromstring(page), [Block("title", "Wahlen im Norden"), Block("para", FIRST),
                                                        Block("para", SECOND)])
    assert (INTRO in [b.text for b in blocks]) is kept


@pytest.mark.parametrize("h1,expected", [
    ("<h1><span><small>Training der Woche</small><br>Pyramide über 1000 Meter</span></h1>",
     ("Pyramide über 1000 Meter", "Training der Woche")),
    ("<h1>Theater am Hafen:<br/>Ein Abend voller Wasser</h1>", ("Ein Abend voller Wasser", "Theater am Hafen")),
    ("<h1>Ein Abend voller Wasser</h1>", ("Ein Abend voller Wasser", "")),
])
def test_kicker_above_a_line_break_in_the_h1(h1, expected):
    tree = lxml_html.fromstring(f"<html><body>{h1}<p>{FIRST}</p></body></html>")
    assert page_header(tree)[:2] == expected


# ── an FAQ declared as JSON-LD FAQPage, read where the extraction lost it ─────

FAQ_LD = json.dumps({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
    {"@type": "Question", "name": QUESTION, "acceptedAnswer": {"@type": "Answer", "text": f"<p>{ANSWER}</p>"}},
    {"@type": "Question", "name": "Was kostet ein Kredit?",
     "acceptedAnswer": {"@type": "Answer", "text": "Das hängt vom Zinssatz und der Laufzeit ab."}},
]})


def test_declared_faq_is_read():
    tree = lxml_html.fromstring(f"<html><head><script type='application/ld+json'>{FAQ_LD}</script></head>"
                                f"<body><p>{FIRST}</p></body></html>")
    faq = declared_faq(tree)
    assert faq == [(QUESTION, ANSWER), ("Was kostet ein Kredit?", "Das hängt vom Zinssatz und der Laufzeit ab.")]
    blocks = with_declared_faq([Block("para", FIRST)], faq)
    assert [(b.kind, b.text) for b in blocks[1:]] == [("heading", QUESTION), ("para", ANSWER),
                                                      ("heading", "Was kostet ein Kredit?"),
                                                      ("para", "Das hängt vom Zinssatz und der Laufzeit ab.")]


def test_declared_faq_is_never_spoken_twice():
    faq = [(QUESTION, ANSWER), ("Was kostet ein Kredit?", "Das hängt vom Zinssatz ab.")]
    blocks = [Block("para", FIRST), Block("heading", QUESTION), Block("para", ANSWER)]
    assert with_declared_faq(blocks, faq) == blocks


def test_faq_page_through_the_front_end():
    page = (f"<!doctype html><html><head><title>Zinsen beim Kredit</title><script type='application/ld+json'>"
            f"{FAQ_LD}</script></head><body><article><h1>Zinsen beim Kredit</h1><p>{FIRST}</p><p>{SECOND}</p>"
            f"<p>{THIRD}</p></article></body></html>")
    article = parse_article(page, "html")
    assert QUESTION in [s.heading for s in article.sections]
    assert ANSWER in [p for s in article.sections for p in s.paragraphs]


# ── loose text after a heading ────────────────────────────────────────────────

BR_BODY = f"{FIRST}<br><br>{SECOND}<br><br>"
TAIL = "„Wir zeigen mehr als Zahlen“, schrieb die Bank in ihrer Mitteilung."

HEADING_TAIL_CASES = [
    # (name, the body's inner HTML, wrapped paragraph texts)
    ("tail in a body of loose text", f"<div>{BR_BODY}<h2>Neue Konditionen</h2>{TAIL}<br><br>{THIRD}</div>", [TAIL]),
    ("tail with a link in it", f"<div>{BR_BODY}<h2>Neue Konditionen</h2>Die Bank nennt <a href='/z'>die Zinsen</a> "
                               f"ab sofort für jede Laufzeit.<br>{THIRD}</div>",
     ["Die Bank nennt die Zinsen ab sofort für jede Laufzeit."]),
    ("a promo box of one heading", "<div><h2>Nichts mehr versäumen!</h2>Dieser kostenlose Kalender hilft Ihnen, "
                                   "keine Frist zu verpassen.<a href='/k'>Jetzt laden</a></div>", []),
    ("terms separated by commas", f"<div>{BR_BODY}<h4>kredit zinsen</h4>,&nbsp;<h4>zinsen rechner</h4>, </div>", []),
]


@pytest.mark.parametrize("name,inner,wrapped", HEADING_TAIL_CASES, ids=[c[0] for c in HEADING_TAIL_CASES])
def test_heading_tail(name, inner, wrapped):
    tree = lxml_html.fromstring(f"<html><body>{inner}</body></html>")
    assert wrap_heading_tails(tree) == len(wrapped)
    texts = [" ".join(h.getnext().text_content().split()) for h in tree.iter("h2", "h4") if h.getnext() is not None
             and h.getnext().tag == "p"]
    assert texts == wrapped


# ── a fact table at the article's end is kept like a list ─────────────────────

@pytest.mark.parametrize("rows,kind", [
    ("<row><cell>Rebsorte</cell><cell>Riesling</cell></row><row><cell>Restzucker</cell><cell>7 g/l</cell></row>",
     "item"),
    ("<row><cell>Teilen</cell></row><row><cell>Mehr Reisetipps mit Hotelangeboten</cell></row>", "para"),
])
def test_table_rows_kind(rows, kind):
    blocks = list(table_blocks(etree.fromstring(f"<table>{rows}</table>")))
    assert blocks and all(b.kind == kind for b in blocks)


def test_fact_table_at_the_end_survives_the_edge_trim():
    main = etree.fromstring(f"<main><p>{FIRST}</p><table><row><cell>Rebsorte</cell><cell>Riesling</cell></row>"
                            "<row><cell>Trinktemperatur</cell><cell>8 °C</cell></row></table></main>")
    texts = [b.text for b in trim_edges(list(xml_blocks(main)))]
    assert texts == [FIRST, "Rebsorte: Riesling", "Trinktemperatur: 8 °C"]


def test_headline_above_a_date_line_is_no_kicker():
    tree = lxml_html.fromstring("<html><head><title>Zuschauer kehren in die Hallen zurück</title></head><body>"
                                "<h1>Zuschauer kehren in die Hallen zurück<br><small>02.02.2022 • Verband</small></h1>"
                                f"<p>{FIRST}</p></body></html>")
    assert page_header(tree)[1] == ""


@pytest.mark.parametrize("above,kept", [
    ("Die Sängerin stellt ihr neues Album vor", True),
    ("Stars (1 / 1) 06.11.2023 13:30 von Olga", False),  # a date line and byline set as a heading
])
def test_with_lead_takes_the_heading_above_the_first_paragraph(above, kept):
    chosen = [Block("para", FIRST), Block("para", SECOND)]
    other = [Block("heading", "Musik"), Block("heading", above), Block("para", FIRST)]
    texts = [b.text for b in with_lead(chosen, other)]
    assert texts == ([above] if kept else []) + [FIRST, SECOND]


def test_loose_text_after_a_picture_block_is_wrapped():
    # a drop cap after a picture <section>: <section>…</section><span class="initial">D</span>ie Bank …
    inner = (f"<div>{BR_BODY}<section class='inlinepicture'><img src='a.jpg'><p class='caption'>Die Filiale am "
             f"Markt.</p></section><span class='initial'>D</span>ie Bank senkt die Zinsen ab Montag um einen halben "
             f"Punkt.<br><br>{THIRD}</div>")
    tree = lxml_html.fromstring(f"<html><body>{inner}</body></html>")
    assert wrap_heading_tails(tree) == 1
    wrapped = tree.find(".//section").getnext()
    assert wrapped.tag == "p" and " ".join(wrapped.text_content().split()).startswith("Die Bank senkt")
