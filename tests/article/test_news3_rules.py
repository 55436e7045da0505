"""Issue 10, round 3 (news pages): noise kinds still spoken on news sites, each a named rule tested on
short real-looking snippets written for this project (never text of the shared pages).
"""

from __future__ import annotations

import pytest

from narrate.article import parse_article
from narrate.article.cleaning import Block
from narrate.article.html import lead_after_h1
from narrate.article.page import parse_page, prune
from narrate.article.repeats import without_repeats

LEAD = ("Die Stadtwerke Lüneburg erhöhen zum 1. Juli die Preise für Fernwärme um zwölf Prozent, wie ein "
        "Sprecher am Montag mitteilte.")
BODY = ("Betroffen sind rund 9000 Haushalte in der Innenstadt und in Kaltenmoor. Die Verbraucherzentrale "
        "rät, die Abrechnung genau zu prüfen und gegebenenfalls Widerspruch einzulegen.")
MORE = ("Der Stadtrat will im Herbst über einen Härtefallfonds beraten. Die Opposition fordert, die "
        "Erhöhung bis dahin auszusetzen.")


def _texts(article) -> list[str]:
    return [article.title] + [t for s in article.sections for t in ((s.heading or ""), *s.paragraphs) if t]


def _page(inner: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>Fernwärme wird teurer</title>{head}</head><body>"
            f"{inner}</body></html>")


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
]


@pytest.mark.parametrize("card,words", LINKED_CARDS)
def test_text_inside_a_link_is_never_taken_for_the_lead(card, words):
    """The lead search after the h1 passes over a card linking another article (a quiz promo at the page
    end that the search reached because the article's first block is an h2)."""
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
