"""Issue 10, round 3 (news pages): noise kinds still spoken on news sites, each a named rule tested on
short real-looking snippets written for this project (never text of the shared pages).
"""

from __future__ import annotations

import pytest

from narrate.article import parse_article
from narrate.article.bios import without_author_boxes
from narrate.article.cleaning import Block, classify, clean_blocks, split_date_line
from narrate.article.header_order import header_first
from narrate.article.headline import page_header
from narrate.article.html import lead_after_h1
from narrate.article.lines import join_datelines
from narrate.article.page import parse_page, prune
from narrate.article.reading import _assemble
from narrate.article.repeats import without_repeats
from narrate.models import ArticleMeta
from tests.article.snippets import LEAD, BODY, texts as _texts, page as _page

MORE = ("Der Stadtrat will im Herbst über einen Härtefallfonds beraten. Die Opposition fordert, die "
        "Erhöhung bis dahin auszusetzen.")


def _spoken(inner: str) -> str:
    return " ".join(_texts(parse_article(_page(inner), "html")))


# ── page structure: media objects, recommendation boxes ───────────────────────

BOXES = [
    # (rule, HTML put inside <article> between the paragraphs, words that must not be spoken)
    ("media object: podcast player",
     "<div class='player' itemscope itemtype='http://schema.org/AudioObject'><h2>(12) \"Fernwärme wird teurer\"</h2>"
     "<p>Die Folge erklärt, was die Erhöhung für Mieter bedeutet, und wer jetzt handeln muss.</p></div>",
     "Die Folge erklärt"),
    ("media object: video card",
     "<div itemscope itemtype='https://schema.org/VideoObject'><h3>Video: So funktioniert ein Heizwerk</h3>"
     "<p>Unser Reporter hat sich im Heizwerk am Stadtrand umgesehen und mit den Technikern gesprochen.</p></div>",
     "Unser Reporter hat sich"),
    ("class ts-recommendation: a linked teaser mid-article",
     "<div class='ts-recommendation'><h2>Mehr zum Thema</h2><article class='ts-teaser'><a href='/x.html'>"
     "<h4><span>Heizkosten im Vergleich</span> <span>So viel zahlen Mieter in Niedersachsen</span></h4></a>"
     "</article></div>",
     "So viel zahlen Mieter"),
]


@pytest.mark.parametrize("rule,box,words", BOXES, ids=[c[0] for c in BOXES])
def test_boxes_of_other_content_are_not_spoken(rule, box, words):
    spoken = _spoken(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p>{box}<p>{BODY}</p><p>{MORE}</p></article>")
    assert words not in spoken
    assert LEAD in spoken and BODY in spoken and MORE in spoken


@pytest.mark.parametrize("box,rule", [(BOXES[0][1], "media object"), (BOXES[2][1], "class recommendation")])
def test_prune_names_the_rule(box, rule):
    tree = parse_page(_page(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p>{box}<p>{BODY}</p></article>"))
    assert prune(tree).get(rule) == 1


def test_a_media_object_holding_the_article_is_kept():
    """A video page whose article is marked up as the VideoObject keeps its text: the guard protects the
    page's largest block of text, whatever its itemtype says."""
    inner = (f"<div itemscope itemtype='http://schema.org/VideoObject'><h1>Fernwärme wird teurer</h1>"
             f"<p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p></div>")
    tree = parse_page(_page(inner))
    assert "media object" not in prune(tree)
    spoken = _spoken(inner)
    assert LEAD in spoken and BODY in spoken


# ── lead search: a linked card is no lead ─────────────────────────────────────

LINKED_CARDS = [
    ("<a href='/quiz.html'><div class='teaser-content'><h3>Quiz</h3><h3>Wie gut kennen Sie Ihre Stadtwerke?</h3>"
     "</div></a>", "Wie gut kennen Sie"),
    ("<div class='card'><a href='/b.html'><p>Warum die Fernwärme im Norden so teuer ist und was Kunden tun können.</p>"
     "</a></div>", "im Norden so teuer"),
    ("<div class='field-content'><a href='/audio/x'>Braucht die Stadt all die teuren Heizwerke?</a></div>",
     "teuren Heizwerke"),
    ("<div class='views-teaser'><span>Immer mehr Haushalte heizen mit Holz, vor allem auf dem Land,...</span></div>",
     "mit Holz"),
]


@pytest.mark.parametrize("card,words", LINKED_CARDS)
def test_text_inside_a_link_is_never_taken_for_the_lead(card, words):
    """The lead search after the h1 passes over a card linking another article (a quiz promo at the page
    end that the search reached because the article's first block is an h2, a link title, a teaser cut
    short with "…")."""
    inner = (f"<ul class='crumbs'><li><h1>Fernwärme wird teurer</h1></li></ul>"
             f"<article><h2>Fernwärme wird teurer: was die Erhöhung für Kunden bedeutet?</h2>"
             f"<div class='intro'><p>{LEAD}</p></div><p>{BODY}</p><p>{MORE}</p></article>{card}")
    blocks = [Block("heading", "Fernwärme wird teurer: was die Erhöhung für Kunden bedeutet?"),
              Block("para", LEAD), Block("para", BODY), Block("para", MORE)]
    assert lead_after_h1(parse_page(_page(inner)), blocks) == blocks
    assert words not in _spoken(inner)


# ── repeated text ─────────────────────────────────────────────────────────────

P, I, H = "para", "item", "heading"
TEASER = "Die Preise für Fernwärme steigen im Sommer kräftig."
OUTER = "stufenweise Erhöhung der Tarife"
INNER1 = "ab 1. Juli 2026 für Fernwärme aus dem Heizwerk am Stadtrand,"
INNER2 = "ab 1. Januar 2027 für Fernwärme aus dem Blockheizkraftwerk."
REPEATS = [
    # (name, blocks in as (kind, text), blocks out)
    ("a teaser repeated at the foot goes", [(P, TEASER), (P, LEAD), (P, BODY), (P, TEASER)],
     [(P, TEASER), (P, LEAD), (P, BODY)]),
    ("a lead repeated inside a later block is kept there, the later copy of it alone goes",
     [(P, f"{LEAD} {BODY}"), (P, MORE), (P, LEAD)], [(P, f"{LEAD} {BODY}"), (P, MORE)]),
    ("a teaser glued to its date line, then the teaser alone: the teaser is read once",
     [(P, LEAD), (P, BODY), (P, f"{TEASER} 19. Oktober 2026, 19:08 Uhr"), (P, MORE), (P, TEASER)],
     [(P, LEAD), (P, BODY), (P, f"{TEASER} 19. Oktober 2026, 19:08 Uhr"), (P, MORE)]),
    ("a short refrain may come twice", [(P, "Ja."), (P, LEAD), (P, "Ja."), (P, "Nein, nie wieder.")],
     [(P, "Ja."), (P, LEAD), (P, "Ja."), (P, "Nein, nie wieder.")]),
    ("a nested list: the outer item keeps its own words, the inner items are read",
     [(P, LEAD), (I, f"{OUTER} {INNER1} {INNER2}"), (I, INNER1), (I, INNER2), (P, BODY)],
     [(P, LEAD), (I, OUTER), (I, INNER1), (I, INNER2), (P, BODY)]),
    ("a holder made only of the blocks after it goes", [(P, f"{LEAD} {BODY}"), (P, LEAD), (P, BODY)],
     [(P, LEAD), (P, BODY)]),
    ("a heading quoting an earlier sentence stays (only an exact copy of a heading goes)",
     [(P, f"{LEAD} {BODY}"), (H, BODY[:72]), (P, MORE)], [(P, f"{LEAD} {BODY}"), (H, BODY[:72]), (P, MORE)]),
    ("an exact copy of a long heading goes", [(H, "Was die Erhöhung für Mieter in der Innenstadt bedeutet"), (P, LEAD),
                                             (H, "Was die Erhöhung für Mieter in der Innenstadt bedeutet"), (P, BODY)],
     [(H, "Was die Erhöhung für Mieter in der Innenstadt bedeutet"), (P, LEAD), (P, BODY)]),
]


@pytest.mark.parametrize("name,blocks,expected", REPEATS, ids=[c[0] for c in REPEATS])
def test_repeated_text_is_spoken_once(name, blocks, expected):
    out = without_repeats([Block(kind, text) for kind, text in blocks])
    assert [(b.kind, b.text) for b in out] == expected


def test_a_teaser_repeated_after_the_article_is_spoken_once_from_html():
    teaser = "Weltweit steigen die Preise für Fernwärme, und Millionen Haushalte zahlen mehr."
    inner = (f"<article><h1>Fernwärme wird teurer</h1><p>{teaser}</p><p>{LEAD}</p><p>{BODY}</p>"
             f"<p>{MORE}</p><div class='foot'><p>{teaser}</p></div></article>")
    assert _spoken(inner).count(teaser) == 1


# ── the header: innermost teaser, header first, glued date lines ───────────────

def test_the_innermost_teaser_is_taken_not_its_box():
    """An intro box holding the summary, the byline and the date line: the summary is the teaser."""
    tree = parse_page(_page("<header><h1><span class='kicker'>Energie</span> Fernwärme wird teurer</h1>"
                            "<div class='article__intro'><div class='summary'>Die Preise steigen kräftig.</div>"
                            "<div class='byline'>Von Anna Muster</div><time>19. Oktober 2026, 19:08 Uhr</time>"
                            "</div></header><article><p>" + LEAD + "</p></article>"))
    assert page_header(tree) == ("Fernwärme wird teurer", "Energie", "Die Preise steigen kräftig.")


PAYWALLED = ("<header><h1><span class='article-heading__kicker'>Energie</span><span>: </span>"
             "<span class='article-heading__title'>Fernwärme wird teurer</span></h1>"
             "<div class='article__intro'><div class='summary'>{teaser}</div><div class='meta'>"
             "<time>19. Oktober 2026, 19:08 Uhr</time> <span>Editiert am 19. Oktober 2026, 19:08 Uhr</span></div>"
             "</div></header><div class='article-body'><section><p>{lead}</p>"
             "<aside class='gate'><h3>Wählen Sie Ihren Zugang:</h3></aside></section></div>")


def test_header_first_when_the_extractor_put_the_body_above_it():
    teaser = "Die Preise für Fernwärme steigen im Sommer kräftig, und viele Haushalte trifft es hart."
    blocks = [Block("para", LEAD), Block("para", "Energie"), Block("title", "Fernwärme wird teurer"),
              Block("para", teaser)]
    tree = parse_page(_page(PAYWALLED.format(teaser=teaser, lead=LEAD)))
    assert header_first(tree, blocks) == blocks[1:] + blocks[:1]  # as trafilatura returns a paywalled page
    article = _assemble_blocks(header_first(tree, blocks))
    assert article.kicker == "Energie" and article.title == "Fernwärme wird teurer"
    assert _texts(article)[1:] == ["Energie", teaser, LEAD]


def _assemble_blocks(blocks):
    """The article reading.py builds from extracted blocks (headline, kicker, sections)."""
    return _assemble(blocks, "", False, None, ArticleMeta())


@pytest.mark.parametrize("blocks", [
    # the page shows the text before the headline: the extractor's order stands
    [Block("para", BODY), Block("title", "Fernwärme wird teurer"), Block("para", LEAD)],
    # article text after the header as well: the extractor's order stands
    [Block("para", LEAD), Block("title", "Fernwärme wird teurer"), Block("para", MORE)],
])
def test_header_first_leaves_the_extractors_order(blocks):
    page = _page(f"<div><p>{BODY}</p></div><header><h1>Fernwärme wird teurer</h1></header>"
                 f"<article><p>{LEAD}</p><p>{MORE}</p></article>")
    assert header_first(parse_page(page), blocks) == blocks


GLUED_DATES = [
    # (block text, text kept, date line split off)
    ("19.10.2026, 15:30 UhrAm Sonntag treffen sich die Stadtwerke mit dem Rat.",
     "Am Sonntag treffen sich die Stadtwerke mit dem Rat.", "19.10.2026, 15:30 Uhr"),
    ("Die Preise steigen kräftig. 19. Oktober 2026, 19:08 Uhr Editiert am 19. Oktober 2026, 19:08 Uhr",
     "Die Preise steigen kräftig.", "19. Oktober 2026, 19:08 Uhr Editiert am 19. Oktober 2026, 19:08 Uhr"),
    ("19.10.2026 12.09 Online seit heute, 12.09 Uhr Die Preise steigen.", "Die Preise steigen.",
     "19.10.2026 12.09 Online seit heute, 12.09 Uhr"),
    # a sentence that opens with a bare date, or holds a time, is left whole
    ("12. Mai 2026: Der Stadtrat beschließt die Erhöhung.", "12. Mai 2026: Der Stadtrat beschließt die Erhöhung.", ""),
    ("Am 12. Mai 2026, 12:00 Uhr beginnt die Sitzung.", "Am 12. Mai 2026, 12:00 Uhr beginnt die Sitzung.", ""),
    ("Die Sitzung beginnt am 3. 4. 2026, 12:00 Uhr.", "Die Sitzung beginnt am 3. 4. 2026, 12:00 Uhr.", ""),
]


@pytest.mark.parametrize("text,kept,date", GLUED_DATES)
def test_a_glued_date_line_is_split_off(text, kept, date):
    assert split_date_line(text) == (kept, date)
    cleaned = clean_blocks([Block("title", "Fernwärme wird teurer"), Block("para", text)])
    assert cleaned.blocks[-1].text == kept
    assert cleaned.date == ("2026-10-19" if date else "")


# ── author box ────────────────────────────────────────────────────────────────

BIO = "Anna Muster ist Energieberaterin bei der Verbraucherzentrale in Lüneburg."
BOOK = ("Ihr Buch über Heizkosten ist im Frühjahr erschienen. " * 20).strip()
AUTHOR_BOXES = [
    # (name, blocks after the article text, blocks kept of them)
    ("Zur Person, one paragraph", [(H, "Zur Person"), (P, BIO), (H, "Was Kunden tun können"), (P, MORE)],
     [(H, "Was Kunden tun können"), (P, MORE)]),
    ("Über die Autorin: at the end, whole", [(P, "Über die Autorin:"), (P, "Dr. Anna Muster (37) arbeitet als "
                                              "Energieberaterin."), (P, "Sie lebt mit ihrer Familie in Lüneburg.")],
     []),
    ("a long section under the heading: only the bio goes", [(H, "Zur Person"), (P, BIO), (P, BOOK)], [(P, BOOK)]),
    ("no name opening the paragraph: a real section stays", [(H, "Zur Person"), (P, "Die Stadtwerke schweigen dazu.")],
     [(H, "Zur Person"), (P, "Die Stadtwerke schweigen dazu.")]),
    ("another heading over a bio stays", [(H, "Die Beraterin"), (P, BIO)], [(H, "Die Beraterin"), (P, BIO)]),
]


@pytest.mark.parametrize("name,tail,kept", AUTHOR_BOXES, ids=[c[0] for c in AUTHOR_BOXES])
def test_author_box(name, tail, kept):
    head = [Block(P, LEAD), Block(P, BODY)]
    out = without_author_boxes(head + [Block(kind, text) for kind, text in tail])
    assert [(b.kind, b.text) for b in out] == [(P, LEAD), (P, BODY)] + kept


def test_author_box_from_html():
    inner = (f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p><div class='fazit'><h2>Zur Person</h2>"
             f"<p>{BIO}</p></div><h2>Was Kunden tun können</h2><p>{MORE}</p></article>")
    spoken = _spoken(inner)
    assert "Energieberaterin" not in spoken and "Zur Person" not in spoken and MORE in spoken


# ── lone dateline ─────────────────────────────────────────────────────────────

DATELINES = [
    # (paragraph, joined to the next one?)
    ("Düsseldorf -", True),
    ("Bogotá (dpa) –", True),
    ("Frankfurt/Main (AFP) —", True),
    ("Bad Homburg -", True),
    ("Düsseldorf", False),  # no dash: a label, not a dateline
    ("Die Stadtwerke sagen -", False),  # words in lower case: a broken sentence
    ("Düsseldorf - Tierschützer laufen Sturm.", False),  # a dateline with its text is a paragraph already
]


@pytest.mark.parametrize("text,joined", DATELINES)
def test_a_lone_dateline_opens_the_next_paragraph(text, joined):
    out = join_datelines([Block(P, text), Block(P, LEAD)])
    assert [b.text for b in out] == ([f"{text} {LEAD}"] if joined else [text, LEAD])


def test_a_lone_dateline_from_html():
    inner = (f"<article><h1>Fernwärme wird teurer</h1><p class='ortsmarke'><strong>Lüneburg -</strong></p>"
             f"<p>{LEAD}</p><p>{BODY}</p></article>")
    assert f"Lüneburg - {LEAD}" in _texts(parse_article(_page(inner), "html"))


@pytest.mark.parametrize("separator", [":", " –", " |", " /"])
def test_kicker_and_headline_split_at_their_separator(separator):
    """'„Wärme sparen“ / Fernwärme wird teurer': the kicker is read without the separator."""
    page = _page(f"<article><h1>„Wärme sparen“{separator} Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p>"
                 f"</article>", head="<meta property='og:title' content='Fernwärme wird teurer'>")
    texts = _texts(parse_article(page, "html"))
    assert texts[:2] == ["Fernwärme wird teurer", "„Wärme sparen“"]


@pytest.mark.parametrize("line", ["Mehr lesen: Demonstranten in Lüneburg online und auf der Straße bedroht",
                                  "Lies mehr: Warum die Fernwärme so teuer ist"])
def test_a_single_related_link_line_is_noise(line):
    assert classify(line) == "noise"


@pytest.mark.parametrize("line,noise", [
    ("Weitere Infos unter www.stadtwerke-lueneburg.de.", True),
    ("Weitere Infos gibt's unter stadtwerke-lueneburg.de.", True),
    ("Mehr Informationen zum Tarif auf der Seite des Versorgers unter https://www.example.de/tarife/", True),
    ("Weitere Informationen geben die Mitarbeiter der Stadtwerke am Telefon.", False),  # no address: a sentence
    ("Weitere Infos unter www.stadtwerke.de und in der Kundenzeitschrift, die jeden Monat erscheint und "
     "über die Preise berichtet.", False),  # goes on after the address
])
def test_a_web_pointer_line_is_noise(line, noise):
    assert (classify(line) == "noise") == noise
