"""Round 3 noise rules (chrome.py, siblings.py, loose.py), each on short real-looking snippets written for
this project (never the shared pages): the noise goes, the article's text stays."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from narrate.article import parse_article
from narrate.article.chrome import (is_gallery_box, is_list_heading, is_ruled_note, opens_with_headline,
                                    unwrap_layout_tables)
from narrate.article.cleaning import Block
from narrate.article.loose import wrap_heading_tails
from narrate.article.page import _noise_rule, parse_page, prune
from narrate.article.siblings import sibling_sections
from tests.article.snippets import LEAD, BODY, texts as _texts, page as _page

MORE = ("Der Stadtrat will die Erhöhung in seiner nächsten Sitzung im Juni noch einmal beraten, wie die "
        "Fraktionen am Dienstag ankündigten.")


def _spoken(html: str) -> str:
    return " ".join(_texts(parse_article(html, "html")))


def _figures(count: int) -> str:
    return "".join(f"<div class='col'><figure><a href='/b{i}.png'><img src='/b{i}.png'></a></figure></div>"
                   for i in range(count))


# ── gallery box ───────────────────────────────────────────────────────────────

GALLERIES = [
    # (box, is a gallery)
    (f"<div><p><b>Preisentwicklung</b></p><p>Die Tarife dieses Jahres im Überblick.</p>{_figures(4)}</div>", True),
    (f"<section><h3>Bilder vom Stadtfest</h3>{_figures(3)}</section>", True),
    (f"<div><p>Die Tarife dieses Jahres im Überblick.</p>{_figures(2)}</div>", False),  # two pictures: no gallery
    (f"<div><p>{LEAD}</p><p>{BODY}</p>{_figures(4)}</div>", False),  # an article with pictures
    (f"<div><p>Kurz</p><p>Noch kürzer</p><p>Dritte Zeile</p>{_figures(4)}</div>", False),  # three paragraphs
    ("<div><span>Teilen</span> <span>Drucken</span>" + "<img src='/i.svg'>" * 4 + "</div>", False),  # icons
    (f"<div><span>Merken 0 18</span>{_figures(3)}</div>", False),  # loose text, not a title or an intro
]


@pytest.mark.parametrize("box,gallery", GALLERIES)
def test_gallery_box(box, gallery):
    tree = parse_page(_page(box))
    assert is_gallery_box(tree.find(".//body")[0]) is gallery


def test_a_gallery_intro_is_not_spoken():
    html = _page(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p>"
                 f"<div class='prices'><p><b>Preisentwicklung</b></p><p>Die Tarife dieses Jahres im Überblick.</p>"
                 f"{_figures(5)}</div></article>")
    spoken = _spoken(html)
    assert "Tarife dieses Jahres" not in spoken and "Preisentwicklung" not in spoken
    assert LEAD in spoken and BODY in spoken and MORE in spoken


# ── layout table ──────────────────────────────────────────────────────────────

SIDEBAR = ("<td><h2>Suche</h2><p>Durchsuchen Sie unser Archiv:</p><h2>Meistgelesen</h2>"
           "<p><a href='/a'>Streit um die Fähre</a></p></td>")


def _layout(article_cell: str) -> str:
    return _page(f"<table><tr><td><a href='/'>Start</a></td><td><a href='/login'>Login</a></td></tr>"
                 f"<tr>{SIDEBAR}{article_cell}</tr></table>")


def test_a_layout_table_is_read_by_its_paragraphs():
    html = _layout(f"<td><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p></td>")
    article = parse_article(html, "html")
    paragraphs = [p for s in article.sections for p in s.paragraphs]
    assert LEAD in paragraphs and BODY in paragraphs and MORE in paragraphs  # each on its own, not glued
    assert not any("Archiv" in p for p in paragraphs)


@pytest.mark.parametrize("cell,layout", [
    (f"<td><h1>Fernwärme wird teurer</h1><p>{LEAD}</p></td>", True),  # the headline's cell
    ("<td><p>eins</p><p>zwei</p><p>drei</p></td>", True),  # a column of paragraphs
    ("<td>12,5 Prozent</td><td>9000 Haushalte</td>", False),  # a table of data
    ("<td><p>Tarif A</p><p>Tarif B</p></td>", False),
])
def test_unwrap_layout_tables(cell, layout):
    tree = parse_page(_page(f"<table><tr>{cell}</tr></table>"))
    assert unwrap_layout_tables(tree) == int(layout)
    assert (tree.find(".//table") is None) is layout


def test_a_data_table_inside_a_layout_table_stays_a_table():
    tree = parse_page(_page(f"<table><tr><td><h1>Fernwärme</h1><p>{LEAD}</p><table><tr><td>Tarif</td>"
                            f"<td>12 ct</td></tr></table></td></tr></table>"))
    unwrap_layout_tables(tree)
    assert [t.tag for t in tree.iter("table", "td")] == ["table", "td", "td"]


def test_prune_names_the_gallery_box():
    tree = parse_page(_page(f"<article><h1>Fernwärme</h1><p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p></article>"
                            f"<div><p>Die Tarife im Überblick.</p>{_figures(3)}</div>"))
    assert prune(tree).get("gallery box") == 1


def test_an_author_box_beside_the_headline_is_not_spoken():
    """class="authorbox" (one word) is a byline box like "author-box": its name is not spoken, neither
    alone nor in the header block it shares with the headline and the teaser."""
    html = _page(f"<div class='wideblock'><div class='introBox'><h1>Fernwärme wird teurer</h1><div class='authorbox'>"
                 f"<span class='pictureblock'></span><div class='textblock'><strong>von</strong> <span>Erika "
                 f"Mustermann</span></div></div><p class='intro'><span class='date'>19.10.2019, 15:30 Uhr</span>"
                 f"<span class='text'>{LEAD}</span></p></div></div><div id='content'><div class='article'>"
                 f"<div id='articleBody'><div class='paragraph'>{BODY} {MORE}</div><h3>Tarife</h3>{BODY}</div>"
                 f"</div></div>")
    spoken = _spoken(html)
    assert "Mustermann" not in spoken and BODY in spoken


# ── headline column ───────────────────────────────────────────────────────────

TEASER = ("Auf einen Blick: Die Stadtwerke erhöhen die Preise für Fernwärme zum Juli deutlich, betroffen sind "
          "viele Haushalte in der Innenstadt.")


@pytest.mark.parametrize("box,header", [
    (f"<div class='sidebar'><div class='sidebar__item'><p class='h1'>Fernwärme wird teurer in Lüneburg</p>"
     f"<p class='teaser'>{TEASER}</p></div></div>", True),  # the article's header column
    ("<div class='sidebar'><p><a href='/a'>Fernwärme wird teurer in Lüneburg</a></p><p><a href='/b'>Neue "
     "Buslinie ab Juni</a></p></div>", False),  # a list of articles that links this one
    ("<div class='sidebar'><p>Meistgelesen</p><p>Fernwärme wird teurer in Lüneburg</p></div>", False),
    ("<div class='share'><span>Teilen:</span> Fernwärme wird teurer in Lüneburg</div>", False),
    ("<p class='breadcrumbs'><span class='breadcrumb_last'>Fernwärme wird teurer in Lüneburg</span></p>", False),
    ("<div class='author'>Fernwärme wird teurer in Lüneburg 3.17 5 12 1 2 3 4 5 12 Stimmen, 3.17</div>", False),  # no teaser
])
def test_a_noise_class_box_opening_with_the_headline_is_the_header(box, header):
    html = _page(f"<main><h1>Fernwärme wird teurer in Lüneburg</h1>{box}<div class='text'><p>{LEAD}</p>"
                 f"<p>{BODY}</p><p>{MORE}</p></div></main>")
    tree = parse_page(html)
    assert opens_with_headline(tree.find(".//main/div")) is header


def test_the_teaser_in_a_headline_column_is_spoken():
    html = _page(f"<main><div class='header'><h1>Fernwärme wird teurer in Lüneburg</h1></div><div class='sidebar'>"
                 f"<div class='sidebar__item'><p class='h1'>Fernwärme wird teurer in Lüneburg</p><p class='teaser'>"
                 f"{TEASER}</p></div><div class='sidebar__item'><p>Jetzt den Newsletter abonnieren und nichts "
                 f"verpassen, jeden Morgen um sieben.</p></div></div><div class='text'><p>{LEAD}</p><p>{BODY}</p>"
                 f"<p>{MORE}</p></div></main>")
    spoken = _spoken(html)
    assert TEASER in spoken and LEAD in spoken and MORE in spoken


# ── ruled note ────────────────────────────────────────────────────────────────

NOTE = ("Das Portal stadtwerke-vergleich.de prüft strittige Tarife in der Region genauer. Ein Team entscheidet, "
        "ob ein Preis fair ist.")


@pytest.mark.parametrize("before,note,is_note", [
    ("<hr>", f"<p><em>{NOTE}</em></p>", True),
    ("<div class='wrapper'><hr class='line'></div>", "<p><em>Das Portal </em><a href='/x'><em>vergleich.de</em>"
                                                     "</a><em> prüft strittige Tarife genauer.</em></p>", True),
    ("<hr>", "<p><i>Foto: Erika Mustermann / Stadtwerke</i></p>", True),
    ("", f"<p><em>{NOTE}</em></p>", False),  # italics alone: a closing note or a quote may be article text
    ("<p>Ein Absatz davor.</p>", f"<p><em>{NOTE}</em></p>", False),
    ("<hr>", f"<p>{NOTE}</p>", False),  # upright text after a rule: the article goes on
    ("<hr>", "<p><em>Das Portal</em> prüft strittige Tarife in der Region genauer und entscheidet über sie.</p>",
     False),
])
def test_ruled_note(before, note, is_note):
    html = _page(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p>{before}{note}"
                 f"<p>{MORE}</p></article>")
    tree = parse_page(html)
    paragraph = [p for p in tree.iter("p") if "Portal" in p.text_content() or "Foto" in p.text_content()][0]
    assert is_ruled_note(paragraph) is is_note


def test_an_italic_lead_after_a_rule_is_no_note():
    """A note closes an article; an italic paragraph after a rule at its start is its lead."""
    tree = parse_page(_page(f"<article><h1>Fernwärme wird teurer</h1><hr><p><em>{LEAD}</em></p><p>{BODY}</p>"
                            f"</article>"))
    assert not is_ruled_note(next(p for p in tree.iter("p") if LEAD in p.text_content()))


def test_a_ruled_note_is_not_spoken_and_the_article_goes_on():
    html = _page(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p><div><hr></div>"
                 f"<p><em>{NOTE}</em></p><div><hr></div><h2>Die Tarife im Vergleich</h2><p>{MORE}</p></article>")
    spoken = _spoken(html)
    assert "stadtwerke-vergleich" not in spoken and LEAD in spoken and MORE in spoken


# ── list heading ──────────────────────────────────────────────────────────────

LINKS = "<ul><li><a href='/a'>Radwege am See</a></li><li><a href='/b'>Mit dem E-Bike</a></li><li><a href='/c'>" \
        "Fahrradverleih</a></li></ul>"


@pytest.mark.parametrize("box,dropped", [
    (f"<div class='tipps'><div class='head'><span class='copyright'>Foto © Max Muster</span><h4>So macht es sonst "
     f"noch Spaß</h4></div>{LINKS}</div>", True),  # heading, a credit and a link list: all noise
    (f"<section><h3>Weitere Touren</h3>{LINKS}</section>", True),
    (f"<div><h4>Unsere Tipps</h4><p>Diese Touren empfehlen wir für Familien.</p>{LINKS}</div>", False),
    ("<div><h4>Was Sie brauchen</h4><ul><li>Helm</li><li>Licht</li><li>Schloss</li></ul></div>", False),
    ("<div><h4>Unsere Tipps</h4></div>", False),  # nothing dropped under it
])
def test_list_heading(box, dropped):
    html = _page(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p></article>{box}")
    tree = parse_page(html)
    heading = next(tree.iter("h3", "h4"))
    assert is_list_heading(heading, _noise_rule) is dropped


def test_a_list_heading_goes_with_its_list_and_a_section_heading_stays():
    html = _page(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><h2>Was der Stadtrat plant</h2><p>{BODY}</p>"
                 f"<div class='tipps'><h4>So macht Radeln noch mehr Spaß</h4>{LINKS}</div><p>{MORE}</p></article>")
    spoken = _spoken(html)
    assert "Radeln" not in spoken and "Was der Stadtrat plant" in spoken and MORE in spoken


# ── framed module (siblings) and a heading's tail after a line break (loose) ──────

FIRST = ("Wer einen Kredit aufnimmt, zahlt neben der Tilgung vor allem Zinsen an die Bank. Wie hoch sie "
         "ausfallen, hängt von Betrag, Laufzeit und Zinssatz ab.")
SECOND = "Banken prüfen vor allem die Bonität, also wie sicher die Raten gezahlt werden können."
THIRD = "Eine feste Zinsbindung schützt vor steigenden Zinsen während der gesamten Laufzeit."
TIMELINE = ("<div class='timeline'><h3>Die fünf besten Tipps</h3><p>Vergleichen Sie immer mindestens drei "
            "Angebote.</p></div>")
ABOUT = ("<div class='about'><p>Seit vielen Jahren vergleichen wir Kredite für Sie, kostenlos und "
         "unverbindlich.</p></div>")


@pytest.mark.parametrize("after,wanted,unwanted", [
    ([TIMELINE, f"<div class='box text'><p>{THIRD}</p></div>"], [THIRD], ["Angebote"]),  # framed: passed over
    ([ABOUT, f"<div class='box other'><p>{THIRD}</p></div>"], [], ["Seit vielen", THIRD]),  # not framed: the end
    ([ABOUT], [], ["Seit vielen"]),
    ([ABOUT.replace("'about'", "'about-us'"), f"<div class='box text'><p>{THIRD}</p></div>"], [],
     ["Seit vielen", THIRD]),  # a box about the site ends the article even so
])
def test_framed_module(after, wanted, unwanted):
    tree = lxml_html.fromstring("<html><body><div class='page'><div class='head'><h1>Zinsen beim Kredit</h1></div>"
                                f"<div class='box text'><p>{FIRST}</p></div><div class='box text'><p>{SECOND}</p>"
                                f"</div>{''.join(after)}</div></body></html>")
    extracted = [Block("title", "Zinsen beim Kredit"), Block("para", FIRST), Block("para", SECOND)]
    added = " ".join(b.text for b in sibling_sections(tree, extracted)[3:])
    assert all(w in added for w in wanted) and not any(u in added for u in unwanted), added


@pytest.mark.parametrize("inner,wrapped", [
    (f"<div>{FIRST}<br><br>{SECOND}<br><br><h2>Neue Konditionen</h2><br>Die Bank nennt <a href='/z'>die Zinsen</a> "
     f"ab sofort für jede Laufzeit.<br><br>{THIRD}</div>", ["Die Bank nennt die Zinsen ab sofort für jede Laufzeit."]),
    (f"<div>{FIRST}<br><br>{SECOND}<br><br><h2>Neue Konditionen</h2><br><br><p>{THIRD}</p></div>", []),
])
def test_a_line_break_after_a_heading_does_not_end_its_tail(inner, wrapped):
    tree = lxml_html.fromstring(f"<html><body>{inner}</body></html>")
    assert wrap_heading_tails(tree) == len(wrapped)
    assert [" ".join(p.text_content().split()) for p in tree.iter("p") if THIRD not in p.text_content()] == wrapped
