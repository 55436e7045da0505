"""Issue 10, round 4 (structure, pages 169-337): page chrome found by its structure, each rule tested on
short real-looking snippets written for this project (never text of the shared pages).
"""

from __future__ import annotations

import pytest

from narrate.article.page import parse_page, prune
from tests.article.snippets import LEAD, BODY, page as _page

ARTICLE = f"<main><article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p></article>"


def _dropped(box: str) -> dict[str, int]:
    return prune(parse_page(_page(f"{ARTICLE}{box}</main>")))


# ── class words: a dialog over the page, the fine print under the comments ──

CLASS_BOXES = [
    # (name, box beside the article, rule expected to drop it or None)
    ("a framework's modal dialog", "<div id='hilfe' class='reveal-modal'><h2>Hilfe</h2><p>Sie können "
     "Suchbegriffe mit und, oder verknüpfen.</p></div>", "class modal"),
    ("a sign-up popup", "<div class='signup-popup'><p>Nichts mehr verpassen!</p></div>", "class popup"),
    ("the comments' legal notes", "<div class='legal'><strong>Rechtliche Hinweise:</strong><p>Die Kommentare "
     "geben nicht die Meinung der Redaktion wieder.</p></div>", "class legal"),
    ("the fine print in German", "<p class='kleingedrucktes'>Ein Kommentar ist auf 1000 Zeichen beschränkt.</p>",
     "class kleingedrucktes"),
    ("an ad slot's box", "<div class='adslot-wrap'><small>Anzeige</small></div>", "class adslot"),
    ("an ad slot's label", "<div class='adunit-label'><small>Anzeige</small></div>", "class adunit"),
    ("a word that only starts like an ad word is none", "<div class='adboxer'><p>Die Stadtwerke informieren.</p>"
     "</div>", None),
    ("a site menu built of divs", "<div class='navigation flyout'><article class='page-teaser'><a href='/fotos'>"
     "<header><div class='title'>Fotostream</div></header></a></article></div>", "class navigation"),
    ("a mega menu", "<div id='megamenu'><a href='/wohnen'>Wohnen</a></div>", "class megamenu"),
    ("an article's table of contents named 'nav' is not a site menu", "<div class='article-nav'><p>Die "
     "Stadtwerke informieren.</p></div>", None),
    ("a disclaimer box", "<p class='article-disclaimer'>Alle Angaben ohne Gewähr.</p>", "class disclaimer"),
    ("modal in the middle of a name does not count",
     "<div class='page-modal-wrap'><p>Die Stadtwerke informieren.</p></div>", None),
    ("a word that only contains modal is no dialog", "<div class='bimodal'><p>Die Stadtwerke informieren.</p>"
     "</div>", None),
    ("legal in the middle of a name does not count", "<div class='post-legal-text'><p>Die Stadtwerke "
     "informieren.</p></div>", None),
]


@pytest.mark.parametrize("name,box,rule", CLASS_BOXES, ids=[c[0] for c in CLASS_BOXES])
def test_class_words(name, box, rule):
    dropped = _dropped(box)
    assert (rule in dropped) if rule else dropped == {}


# ── donation box: an appeal for money beside or under the article ──

APPEAL = ("<h3>Journalismus kostet!</h3><p>Gut recherchierte Inhalte brauchen Zeit. Deshalb unterstütze uns, "
          "monatlich oder einmalig.</p>")
DONATION_BOXES = [
    # (name, box, dropped as a donation box)
    ("a PayPal donate form", f"<div class='fr-wrap'>{APPEAL}<form action='https://www.paypal.com/donate' "
     "method='post'><input type='hidden' name='id' value='1'></form></div>", True),
    ("a membership link", f"<section>{APPEAL}<a href='https://steadyhq.com/de/stadtblatt'>Mitglied werden</a>"
     "</section>", True),
    ("a Ko-fi link in a paragraph", "<p>Dir gefällt der Blog? <a href='https://ko-fi.com/anna'>Spendier mir "
     "einen Kaffee</a></p>", True),
    ("a line that is mostly a link to the site's donation page", "<p>Ihnen hat der Artikel gefallen? <a "
     "href='https://www.stadtblatt.de/spenden'>Bitte helfen Sie uns und spenden Sie jetzt!</a></p>", True),
    ("a paragraph that only mentions the donation page stays", f"<p>{LEAD} Der Verein sammelt seit Jahren "
     "<a href='/spenden'>Spenden</a> für betroffene Familien.</p>", False),
    ("a box without a payment link", f"<div>{APPEAL}<a href='/abo'>Abo abschließen</a></div>", False),
    ("a long part of the page is no box", f"<div>{APPEAL}" + f"<p>{LEAD} {BODY}</p>" * 8 +
     "<a href='https://www.paypal.me/stadtblatt'>Spenden</a></div>", False),
]


@pytest.mark.parametrize("name,box,dropped", DONATION_BOXES, ids=[c[0] for c in DONATION_BOXES])
def test_donation_box(name, box, dropped):
    assert ("donation box" in _dropped(box)) is dropped


def test_donation_link_in_the_article_leaves_the_article():
    """The article that ends with a donation link keeps its text: the box is the link's paragraph."""
    tree = parse_page(_page(f"<main><article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p>"
                            "<p><a href='https://www.paypal.me/stadtblatt'>Unterstütze uns</a></p></article></main>"))
    assert prune(tree) == {"donation box": 1}
    text = " ".join(tree.text_content().split())
    assert LEAD in text and BODY in text and "Unterstütze" not in text


# ── link block: a menu of links set one per line in a <div> ──

LINK_BLOCKS = [
    # (name, box, dropped as a link block)
    ("labelled links one per line", "<div id='bottom_box'><span>Service</span><br><br><a href='/partner'>Partner"
     "</a><br><a href='/newsletter'>Newsletter</a><br><span>Informationen</span><br><a href='/impressum'>"
     "Impressum</a><br><a href='/datenschutz'>Datenschutz</a><br></div>", True),
    ("three bare links", "<div><a href='/a'>Energie</a><br><a href='/b'>Wohnen</a><br><a href='/c'>Verkehr</a></div>",
     True),
    ("two links are no menu", "<div><a href='/a'>Energie</a><br><a href='/b'>Wohnen</a></div>", False),
    ("links in a sentence", "<div>Mehr dazu bei der <a href='/a'>Verbraucherzentrale</a><br>und beim "
     "<a href='/b'>Mieterbund</a>, der seit Jahren vor steigenden Kosten warnt<br><a href='/c'>Quelle</a></div>",
     False),
    ("a div holding paragraphs is a box of its own", "<div><p><a href='/a'>Energie</a></p><p><a href='/b'>Wohnen"
     "</a></p><p><a href='/c'>Verkehr</a></p></div>", False),
]


@pytest.mark.parametrize("name,box,dropped", LINK_BLOCKS, ids=[c[0] for c in LINK_BLOCKS])
def test_link_block(name, box, dropped):
    assert ("link block" in _dropped(f"<div class='x'>{box}</div>")) is dropped


# ── image text: a slider's caption is a caption ──

IMAGE_TEXTS = [
    # (name, box, dropped as image text)
    ("a carousel's caption", "<div class='carousel slide'><div class='item'><img src='a.jpg'>"
     "<div class='carousel-caption'><p>Die Gründerinnen mit einem ihrer Messgeräte.</p></div></div></div>", True),
    ("a slider's credit", "<div class='slider-credit'>Foto: Stadtwerke Lüneburg</div>", True),
    ("a gallery's text of several paragraphs stays",
     f"<div class='gallery-text'><p>{LEAD}</p><p>{BODY}</p></div>", False),
]


@pytest.mark.parametrize("name,box,dropped", IMAGE_TEXTS, ids=[c[0] for c in IMAGE_TEXTS])
def test_image_text(name, box, dropped):
    assert ("image text" in _dropped(box)) is dropped


def test_ad_slot_inside_a_sentence_leaves_the_sentence_whole():
    """An ad slot set inside a paragraph takes its "Anzeige" label with it; the sentence closes around it."""
    tree = parse_page(_page("<main><article><h1>Fernwärme wird teurer</h1><p>Die Stadtwerke erweitern ihr Netz"
                            "<span id='content_ad_1'><div class='adunit-label'><small>Anzeige</small></div></span>"
                            f" um zwölf Kilometer.</p><p>{LEAD}</p><p>{BODY}</p></article></main>"))
    prune(tree)
    assert "Die Stadtwerke erweitern ihr Netz um zwölf Kilometer." in " ".join(tree.text_content().split())


# ── inserted block: what an ad plugin sets into the post ──

INSERTED = [
    # (name, box inside the article, dropped as an inserted block)
    ("a numbered plugin block", "<div class='code-block code-block-3'><b>ANZEIGE</b><br><strong>Nutze die "
     "Glocke unten rechts!</strong><br>Folge uns auf <a href='https://example.org/f'>Facebook</a></div>", True),
    ("a code sample's box stays", "<div class='code-block'><pre>make install</pre></div>", False),
    ("a code sample's wrapper stays", "<div class='code-block-wrapper'><pre>make install</pre></div>", False),
]


@pytest.mark.parametrize("name,box,dropped", INSERTED, ids=[c[0] for c in INSERTED])
def test_inserted_block(name, box, dropped):
    tree = parse_page(_page(f"<main><article><h1>Fernwärme wird teurer</h1><div class='entry'><p>{LEAD}</p>"
                            f"{box}<p>{BODY}</p></div></article></main>"))
    assert ("inserted block" in prune(tree)) is dropped


# ── card article: a teaser card set as an <article> of its own ──

def _card_article(cls: str, href: str) -> str:
    return (f"<article class='{cls}'><a href='{href}'><img src='k.jpg'></a><h3>Katzen testen Nassfutter</h3>"
            "<p>3.000 Katzenbesitzer haben das neue Futter getestet.</p></article>")


CARD_ARTICLES = [
    # (name, box beside the article, rule expected to drop it or None)
    ("a teaser card as an <article>", _card_article("teaser", "/tests/katzenfutter"), "single card"),
    ("an <article> whose class says nothing stays", _card_article("entry", "/tests/katzenfutter"), None),
]


@pytest.mark.parametrize("name,box,rule", CARD_ARTICLES, ids=[c[0] for c in CARD_ARTICLES])
def test_card_article(name, box, rule):
    dropped = _dropped(f"<section class='x'>{box}</section>")
    assert (rule in dropped) if rule else dropped == {}


def test_the_page_article_with_a_teaser_class_stays():
    """The article that holds the headline is never a card, whatever its class says."""
    tree = parse_page(_page(f"<main><article class='teaser'><h1>Fernwärme wird teurer</h1><a href='/b'><img "
                            f"src='b.jpg'></a><p>{LEAD}</p><p>{BODY}</p></article></main>"))
    prune(tree)
    assert LEAD in " ".join(tree.text_content().split())


# ── small print: a note set in tiny type ──

SMALL_PRINT = [
    # (name, element, dropped as small print)
    ("a sponsored-content note in 0.7em", "<span style='font-size:0.7em'>Diese Seite zeigt gesponserte Inhalte "
     "und extern eingespielte Banner.</span>", True),
    ("a note in x-small", "<div style='color:#999; font-size: x-small'>Alle Angaben ohne Gewähr, Fotos sind "
     "Symbolbilder.</div>", True),
    ("a tiny time stamp is left to the line rules", "<div style='float:right;font-size:9px'>3:59 PM</div>", False),
    ("normal type stays", f"<div style='font-size:1.1em'>{LEAD}</div>", False),
    ("a box of paragraphs set small stays", f"<div style='font-size:0.7em'><p>{LEAD}</p><p>{BODY}</p></div>", False),
]


@pytest.mark.parametrize("name,box,dropped", SMALL_PRINT, ids=[c[0] for c in SMALL_PRINT])
def test_small_print(name, box, dropped):
    assert ("small print" in _dropped(f"<div class='x'>{box}</div>")) is dropped


# ── single card: a "more" link that closes the card after its blurb ──

def _teaser(content: str) -> str:
    return f"<div class='teaser'><h3>10 Tipps für weniger Plastik</h3><div class='teaser-content'>{content}</div></div>"


CLOSING_LINKS = [
    # (name, card, dropped as a single card)
    ("a 'more' link closing the card", _teaser("<p>Plastik ist leicht zu vermeiden. Wir haben Tipps.</p>"
                                               "<a href='/tipps/plastik'>mehr erfahren</a>"), True),
    ("a link at the end of a sentence stays", _teaser("Plastik ist leicht zu vermeiden, mehr dazu "
                                                      "<a href='/tipps/plastik'>hier</a>"), False),
    ("a link followed by more text stays", _teaser("<a href='/tipps/plastik'>mehr erfahren</a><p>Plastik ist "
                                                   "leicht zu vermeiden.</p>"), False),
]


@pytest.mark.parametrize("name,box,dropped", CLOSING_LINKS, ids=[c[0] for c in CLOSING_LINKS])
def test_single_card_closing_link(name, box, dropped):
    assert ("single card" in _dropped(f"<section class='x'>{box}</section>")) is dropped
