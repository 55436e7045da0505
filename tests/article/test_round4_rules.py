"""Issue 10, round 4: rules found on the benchmark pages this round, each tested on short real-looking
snippets written for this project (never text of the shared pages).
"""

from __future__ import annotations

import pytest
from lxml import etree

from narrate.article import parse_article
from narrate.article.cleaning import Block
from narrate.article.html import lead_after_h1, unglued as read_unglued
from narrate.article.page import parse_page
from narrate.article.xmlblocks import xml_blocks
from tests.article.snippets import LEAD, BODY, texts as _texts, page as _page

MORE = ("Der Stadtrat will im Herbst über einen Härtefallfonds beraten. Die Opposition fordert, die "
        "Erhöhung bis dahin auszusetzen.")


def _spoken(inner: str) -> list[str]:
    return _texts(parse_article(_page(inner), "html"))


# ── item heading: a list item's own heading is spoken once, inside the item ──

ITEMS = [
    # (name, trafilatura XML inside <main>, blocks out as (kind, text))
    ("a step with a number, heading and text",
     "<list><item>1<head rend='h6'>Antrag stellen</head><p>Füllen Sie das Formular im Kundenportal aus.</p></item>"
     "<item>2<head rend='h6'>Bestätigung</head><p>Sie erhalten eine E-Mail mit Ihrer Vorgangsnummer.</p></item></list>",
     [("item", "1 Antrag stellen Füllen Sie das Formular im Kundenportal aus."),
      ("item", "2 Bestätigung Sie erhalten eine E-Mail mit Ihrer Vorgangsnummer.")]),
    ("a heading outside the list stays a heading",
     "<head rend='h2'>So geht es</head><list><item>Formular ausfüllen</item></list>",
     [("heading", "So geht es"), ("item", "Formular ausfüllen")]),
    ("a paragraph inside an item is not read twice either",
     "<list><item><p>Die Preise steigen zum 1. Juli.</p></item></list>",
     [("item", "Die Preise steigen zum 1. Juli.")]),
]


@pytest.mark.parametrize("name,xml,expected", ITEMS, ids=[c[0] for c in ITEMS])
def test_item_heading_is_spoken_once(name, xml, expected):
    main = etree.fromstring(f"<main>{xml}</main>")
    assert [(b.kind, b.text) for b in xml_blocks(main)] == expected


def test_item_heading_from_html():
    """End to end: a step-by-step list whose steps carry their own <h6> speaks each step title once."""
    steps = ("<h2>So beantragen Sie den Zuschuss</h2><ul>"
             "<li><span>1</span><h6>Antrag stellen</h6><p>Füllen Sie das Formular im Kundenportal aus.</p></li>"
             "<li><span>2</span><h6>Bestätigung</h6><p>Sie erhalten eine E-Mail mit Ihrer Vorgangsnummer.</p></li></ul>")
    spoken = _spoken(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p>{steps}<p>{MORE}</p></article>")
    joined = " ".join(spoken)
    assert joined.count("Antrag stellen") == 1 and joined.count("Bestätigung") == 1
    assert "Füllen Sie das Formular" in joined


# ── lead above the article: an h1 below the article's first paragraph has no lead ──

STEP = "Bitte geben Sie die bei der Bestellung verwendete E-Mail-Adresse zur Prüfung ein."


@pytest.mark.parametrize("name,inner,lead", [
    ("an h1 heading a module below the article",
     f"<main><h2>Fernwärme wird teurer</h2><p>{LEAD}</p><p>{BODY}</p></main>"
     f"<section><h1>So funktioniert die Rücksendung</h1><div><span>1</span></div><p>{STEP}</p></section>", None),
    ("the headline above the article keeps its lead",
     f"<h1>Fernwärme wird teurer</h1><div class='intro'>{MORE}</div><main><p>{LEAD}</p><p>{BODY}</p></main>", MORE),
])
def test_lead_above_the_article(name, inner, lead):
    blocks = [Block("para", LEAD), Block("para", BODY)]
    out = lead_after_h1(parse_page(_page(inner)), blocks)
    assert out == (blocks if lead is None else [Block("para", lead)] + blocks)


# ── whole-page glue: an extraction that is the whole page in one paragraph is read element by element ──

BLOG = ("<div id='header'><h1>Unser Blog</h1><p>Deutsch lernen im Kurs</p></div>"
        "<div class='post'><h2>Ratschläge geben</h2><p>Verfasst von: kursleitung | 3. März 2026</p>"
        "<p>Arbeitsblatt als PDF zum Ausdrucken</p></div><ul><li>Abonnieren</li><li>Anmelden</li></ul>")
GLUED = ("Unser Blog Deutsch lernen im Kurs Ratschläge geben Verfasst von: kursleitung | 3. März 2026 "
         "Arbeitsblatt als PDF zum Ausdrucken Abonnieren Anmelden")


@pytest.mark.parametrize("name,blocks,unglued", [
    ("the whole page in one paragraph", [Block("para", GLUED)], True),
    ("a headline and the whole page in one paragraph", [Block("title", "Unser Blog"), Block("para", GLUED)], True),
    ("one real paragraph holding a single page element", [Block("para", "Arbeitsblatt als PDF zum Ausdrucken")], False),
    ("two paragraphs are an extraction, not glue",
     [Block("para", GLUED), Block("para", "Arbeitsblatt als PDF zum Ausdrucken")], False),
])
def test_whole_page_glue(name, blocks, unglued):
    out = read_unglued(blocks, parse_page(_page(BLOG)))
    if not unglued:
        assert out == blocks
    else:
        assert [b.text for b in out] == ["Unser Blog", "Deutsch lernen im Kurs", "Ratschläge geben",
                                         "Verfasst von: kursleitung | 3. März 2026",
                                         "Arbeitsblatt als PDF zum Ausdrucken", "Abonnieren", "Anmelden"]


# ── declared headline and wrapped teaser: a news record with its headline in an h3 ──

TEASER = "Was seit Monaten erwartet wurde, haben die Stadtwerke am Montag nun offiziell bestätigt"  # no final stop


def _record(teaser_box: str, h1: str = "<div class='partner'><h1>Partner</h1></div>") -> str:
    return (f"<div class='news-single' itemscope itemtype='http://schema.org/Article'>"
            f"<div class='header'><h3 itemprop='headline'>Fernwärme wird teurer</h3></div>{teaser_box}"
            f"<div class='body'><p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p></div></div>{h1}")


@pytest.mark.parametrize("name,teaser_box,kept", [
    ("a lone paragraph in a teaser box", f"<div class='teaser-text'><p>{TEASER}</p></div>", True),
    ("a lone paragraph in the declared description", f"<div itemprop='description'><p>{TEASER}</p></div>", True),
    ("the teaser class on the paragraph itself", f"<div><p class='teaser'>{TEASER}</p></div>", True),
    ("a paragraph beside others in a plain box is no teaser", f"<div><p>{TEASER}</p><p>Mehr dazu</p></div>", False),
])
def test_wrapped_teaser_under_a_declared_headline(name, teaser_box, kept):
    """The h1 of a box after the article ("Partner") is not the headline when an itemprop="headline"
    element holds the page's title; the teaser between that headline and the article is the lead,
    also when its teaser class or itemprop sits on the box around the one paragraph."""
    tree = parse_page(_page(_record(teaser_box)))
    blocks = [Block("para", LEAD), Block("para", BODY), Block("para", MORE)]
    assert lead_after_h1(tree, blocks) == ([Block("para", TEASER)] if kept else []) + blocks


def test_declared_headline_element():
    from narrate.article.headline import headline_element
    tree = parse_page(_page(_record("")))
    assert headline_element(tree).tag == "h3"
    with_h1 = parse_page(_page("<h1>Fernwärme wird teurer</h1>" + _record("")))
    assert headline_element(with_h1).tag == "h1"  # an h1 holding the title wins
    no_title = parse_page(_page(_record("")).replace("<title>Fernwärme wird teurer</title>", ""))
    assert headline_element(no_title).tag == "h1"  # nothing agrees: the first h1, as before


# ── site name in the headline ──

from narrate.article.headline import fix_headline  # noqa: E402
from narrate.article.titles import strip_site  # noqa: E402

SITE_TITLES = [
    # (page title, site name as the metadata gives it, headline)
    ("Fernwärme wird teurer · Lüneburger Rundschau", "Lüneburger Rundschau", "Fernwärme wird teurer"),
    ("Derek Jarman · The Garden", "Filmkabinett", "Derek Jarman · The Garden"),  # a dot inside the title stays
    ("Über die Stadtwerke |", "", "Über die Stadtwerke"),  # a bar the template left empty
    ("Kein Netz mehr nach dem Update? | iPhone | MacForum", "MacForum", "Kein Netz mehr nach dem Update?"),
    ("Fernwärme wird teurer | Wirtschaft", "", "Fernwärme wird teurer"),
    ("Streik - was Pendler jetzt wissen müssen", "Rundschau", "Streik - was Pendler jetzt wissen müssen"),
    ("Rundschau | Fernwärme wird teurer", "Rundschau", "Fernwärme wird teurer"),
]


@pytest.mark.parametrize("title,site,headline", SITE_TITLES)
def test_site_name_stripped_from_the_title(title, site, headline):
    assert strip_site(title, site) == headline


@pytest.mark.parametrize("h1,headline", [
    ("Fernwärme wird teurer | STADTBLOG.DE", "Fernwärme wird teurer"),  # rule "site in the h1"
    ("Fernwärme wird teurer: was Mieter jetzt tun", "Fernwärme wird teurer: was Mieter jetzt tun"),
])
def test_site_name_in_the_h1(h1, headline):
    blocks = [Block("title", h1), Block("para", LEAD)]
    assert fix_headline(blocks, "Fernwärme wird teurer", "Stadtblog")[0] == Block("title", headline)


# ── headline run into the teaser ──

from narrate.article.reading import _fold, _without_headline_prefix  # noqa: E402

HEAD = "„Eine andere Zeit der Daten beginnt“"


@pytest.mark.parametrize("text,kept", [
    (f"{HEAD} Die Krise durch Daten überwinden: zu schön, um wahr zu sein?",
     "Die Krise durch Daten überwinden: zu schön, um wahr zu sein?"),
    (f"{HEAD}: Es ist noch nicht lange her, dass Daten als harmlos galten.",
     "Es ist noch nicht lange her, dass Daten als harmlos galten."),
    (f"{HEAD} war das Motto des Abends.", f"{HEAD} war das Motto des Abends."),  # the headline used in a sentence
    (f"{HEAD} Ja.", f"{HEAD} Ja."),  # too little after it to be a teaser
    ("Die Krise durch Daten überwinden?", "Die Krise durch Daten überwinden?"),
])
def test_headline_run_into_the_teaser(text, kept):
    key = _fold(HEAD)
    assert _without_headline_prefix(Block("para", text), key).text == kept


def test_headline_run_into_the_teaser_from_text():
    article = parse_article(f"{HEAD}\n\n{HEAD} Die Krise durch Daten überwinden: zu schön, um wahr zu sein?\n\n"
                            f"{LEAD}\n\n{BODY}\n", "txt")
    spoken = " ".join(_texts(article))
    assert spoken.count("Eine andere Zeit") == 1 and "Die Krise durch Daten" in spoken


# ── single card: one promo card for another page between the article's paragraphs ──

CARDS = [
    # (name, box put between the article's paragraphs, words, spoken?)
    ("a teaser box with a heading, a picture link and a more link",
     "<div class='teaser_wrapper'><h2>Im Video: Die Ratssitzung</h2><a href='/mediathek/7'><img src='r.jpg' alt=''></a>"
     "<p>Sehen Sie hier die Sitzung des Stadtrats in voller Länge.</p>"
     "<div class='more-link'><a href='/mediathek/7'>zur Ratssitzung</a></div></div>", "Sitzung des Stadtrats", False),
    ("a card with only a more line",
     "<div class='card'><h3>Heizkosten</h3><p>Wie viel Mieter in Lüneburg für Wärme zahlen.</p>"
     "<p><a href='/heizkosten.html'>Mehr lesen</a></p></div>", "für Wärme zahlen", False),
    ("the page's teaser box with a link inside its sentence stays",
     "<div class='teaser'><h2>Was sich ändert</h2><p>Die <a href='/tarife'>neuen Tarife</a> gelten für alle "
     "Haushalte, die nach 2020 angeschlossen wurden.</p></div>", "neuen Tarife gelten", True),
    ("a teaser box without a heading stays",
     "<div class='teaser'><p>Die neuen Tarife gelten für alle Haushalte.</p><p><a href='/tarife'>Tarife</a></p></div>",
     "neuen Tarife gelten", True),
]


@pytest.mark.parametrize("name,box,words,spoken", CARDS, ids=[c[0] for c in CARDS])
def test_single_card(name, box, words, spoken):
    joined = " ".join(_spoken(f"<article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p>{box}<p>{BODY}</p>"
                              f"<p>{MORE}</p></article>"))
    assert (words in joined) == spoken
    assert LEAD in joined and BODY in joined


# ── headline forms: a date before it, a date line after it, reprinted, another dash ──

@pytest.mark.parametrize("h1,hint,headline", [
    ("23.01.2026 - Fernwärme wird teurer", "Fernwärme wird teurer", "Fernwärme wird teurer"),
    ("Fernwärme wird teurer 02.02.2026 • Stadtwerke , Presse , Allgemein", "Fernwärme wird teurer",
     "Fernwärme wird teurer"),
    ("Fernwärme wird teurer – was Mieter jetzt tun", "Fernwärme wird teurer",
     "Fernwärme wird teurer – was Mieter jetzt tun"),  # a longer h1 than the page title, no chrome after
    ("Fernwärme wird teurer. Die Stadtwerke erhöhen.", "Fernwärme wird teurer",
     "Fernwärme wird teurer. Die Stadtwerke erhöhen."),  # a sentence after it: not chrome
    ("2026 - Das Jahr der Wärme", "", "2026 - Das Jahr der Wärme"),  # a year alone is no date line
])
def test_dates_around_the_headline(h1, hint, headline):
    assert fix_headline([Block("title", h1), Block("para", LEAD)], hint, "Stadtwerke-Blog")[0] == Block("title", headline)


def test_date_prefix_comes_off_the_page_title():
    assert strip_site("23.01.2026 - Fernwärme wird teurer", "") == "Fernwärme wird teurer"
    assert strip_site("23.01.2026 - Fernwärme wird teurer - Rundschau", "Rundschau") == "Fernwärme wird teurer"
    assert strip_site("Am 23.01.2026 - der Tag der Wahl", "Rundschau") == "Am 23.01.2026 - der Tag der Wahl"


@pytest.mark.parametrize("name,body,copies", [
    ("the headline reprinted over the body, far down",
     ["Ein Absatz vorab, den die Seite über den Text stellt.", LEAD, "***", "Kolumne - Fernwärme wird teurer", BODY], 0),
    ("the headline again with a hyphen for its dash", ["Kolumne – Fernwärme wird teurer", LEAD, BODY], 0),
    ("a quote of the headline inside a sentence stays",
     [LEAD, "Unter dem Titel Kolumne - Fernwärme wird teurer erschien der Text zuerst.", BODY], 1),
])
def test_headline_reprinted(name, body, copies):
    article = parse_article("Kolumne - Fernwärme wird teurer\n\n" + "\n\n".join(body) + "\n", "txt")
    assert article.title == "Kolumne - Fernwärme wird teurer"
    later = [t for t in _texts(article)[1:] if "Fernwärme wird teurer" in t]
    assert len(later) == copies


def test_a_short_headline_may_recur():
    article = parse_article(f"Fernwärme teurer\n\n{LEAD}\n\n{BODY}\n\n{MORE}\n\nFernwärme teurer\n\n{LEAD[:60]}.\n", "txt")
    assert _texts(article).count("Fernwärme teurer") == 2


# ── agency label: a news agency's feed named above the headline ──

from narrate.article.cleaning import classify  # noqa: E402


@pytest.mark.parametrize("line,kind", [
    ("dpa-Radsportnews", "label"), ("dpa-AFX", "label"), ("AFP", "label"), ("Reuters", "label"),
    ("dpa-Meldung über Fernwärme in Lüneburg", None),  # a headline that names the agency
    ("Dpa-Chef kritisiert Gebühren", None),
])
def test_agency_label(line, kind):
    assert classify(line) == kind


def test_agency_label_above_the_headline_is_not_spoken():
    inner = (f"<article><header><div class='topline'>dpa-Regionalnews</div><h1>Fernwärme wird teurer</h1></header>"
             f"<p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p></article>")
    assert "dpa-Regionalnews" not in " ".join(_spoken(inner))


# ── link in parentheses: a pointer at a link inside a sentence ──

from narrate.article.pointers import strip_inline_credits  # noqa: E402


@pytest.mark.parametrize("text,spoken", [
    ("Das steht in der Ausgabe 7/2026 (jetzt am Kiosk oder hier zu bestellen).", "Das steht in der Ausgabe 7/2026."),
    ("Die Stadtwerke erhöhen die Preise (mehr dazu hier).", "Die Stadtwerke erhöhen die Preise."),
    ("Der Bericht (siehe hier) nennt die Zahlen.", "Der Bericht nennt die Zahlen."),
    ("Die Studie (hier als PDF herunterladen) kommt zu einem anderen Schluss.",
     "Die Studie kommt zu einem anderen Schluss."),
    ("Er wohnt seit 2010 (hier im Viertel) in Lüneburg.", "Er wohnt seit 2010 (hier im Viertel) in Lüneburg."),
    ("Sie blieb (wie hier üblich) zu Hause.", "Sie blieb (wie hier üblich) zu Hause."),
])
def test_link_in_parentheses(text, spoken):
    assert strip_inline_credits(text) == spoken


# ── sentence in a heading: a long heading ending in a full stop is a teaser ──

@pytest.mark.parametrize("head,kind", [
    ("Französische Forscher wollen einen natürlichen Prozess beschleunigen, um Wasserstoff zu ernten.", "para"),
    ("Der traditionelle Stollen mit Puderzucker darauf blickt auf eine lange Geschichte zurück.", "para"),
    ("Was die Erhöhung der Fernwärmepreise für die Mieter in Lüneburg bedeutet", "heading"),
    ("Teil 2. Die Folgen", "heading"),
    ("Und dann kam alles ganz anders, als die Stadtwerke es geplant hatten ...", "heading"),
])
def test_sentence_in_a_heading(head, kind):
    main = etree.fromstring(f"<main><head rend='h2'>{head}</head><p>{LEAD}</p></main>")
    assert next(xml_blocks(main)).kind == kind


def test_lead_search_ends_at_a_teaser_in_a_heading_tag():
    """The article opens with its teaser set as an h3: the lead search ends there, and the site's
    self-description in the footer is not taken for the lead (rule "lead above the article")."""
    footer = "<div class='futer_desc'>Die Rundschau ist das führende Fachmagazin für die Energiebranche im Norden.</div>"
    inner = (f"<h1>Fernwärme wird teurer</h1><div><h3>{LEAD}</h3><p>{BODY}</p><p>{MORE}</p></div>{footer}")
    blocks = [Block("para", LEAD), Block("para", BODY), Block("para", MORE)]  # the teaser read as a paragraph
    assert lead_after_h1(parse_page(_page(inner)), blocks) == blocks


def test_teaser_in_a_section_element():
    """A teaser set as a <section> beside the h1 (aria-label "Anreißer") is the page's teaser."""
    from narrate.article.headline import page_header
    teaser = "Die Preise für Fernwärme steigen im Sommer kräftig. Was heißt das für die Mieter? Ein Überblick."
    tree = parse_page(_page(f"<header><div><h1>Fernwärme wird teurer</h1><section class='article-teaser'>{teaser}"
                            f"</section><p>Von Anna Muster</p></div></header><main><p>{LEAD}</p><p>{BODY}</p></main>"))
    assert page_header(tree) == ("Fernwärme wird teurer", "", teaser)
