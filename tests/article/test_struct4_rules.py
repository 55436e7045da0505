"""Issue 10, round 4 (structure): page chrome found by its structure, each rule tested on short
real-looking snippets written for this project (never text of the shared pages).
"""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from narrate.article import parse_article
from narrate.article.cards import is_card_list
from narrate.article.page import parse_page, prune
from tests.article.snippets import LEAD, BODY, texts as _texts, page as _page

def _spoken(inner: str) -> str:
    return " ".join(_texts(parse_article(_page(inner), "html")))


def _card(href: str, title: str, how: str) -> str:
    """One teaser card linking another article, made a link in one of the three ways."""
    text = f"<p><span class='date'>12.03.2024</span>Was Mieter jetzt über {title} wissen müssen …</p>"
    if how == "overlay":
        return (f"<li><div class='image'><a href='{href}'></a><img src='x.jpg'></div>"
                f"<div class='title'>{title}</div>{text}</li>")
    if how == "titled":
        return f"<div class='item'><h3>{title}</h3>{text}<a href='{href}' title='{title}'>Mehr lesen …</a></div>"
    return f"<div class='item'><h3><a href='{href}'>{title}</a></h3>{text}</div>"


def _cards(how: str, n: int = 3, same: bool = False, outer: str = "ul") -> str:
    titles = ["Heizkosten sparen", "Neue Stromtarife", "Wärmepumpe im Altbau", "Solar auf dem Balkon"][:n]
    items = "".join(_card("/a" if same else f"/artikel/{i}", t, how) for i, t in enumerate(titles))
    return f"<{outer}>{items}</{outer}>"


CARD_LISTS = [
    # (name, html, is a card list)
    ("cards with a link laid over each", _cards("overlay"), True),
    ("cards whose 'Mehr lesen' link is titled like the card", _cards("titled", outer="div"), True),
    ("cards whose heading is the link", _cards("heading", outer="section"), True),
    ("only two cards", _cards("overlay", n=2), False),
    ("all cards lead to the same page (a gallery's slides, a tab's panels)", _cards("overlay", same=True), False),
    ("an article's list of sources: link text, no card link",
     "<ul><li>Bericht der <a href='/q1'>Bundesnetzagentur</a> vom März</li><li>Studie der "
     "<a href='/q2'>Verbraucherzentrale</a></li><li>Tarifrechner des <a href='/q3'>Portals</a></li></ul>", False),
    ("sections that are longer than a teaser", "<div>" + "".join(
        f"<section><h3><a href='/s{i}'>Abschnitt {i}</a></h3><p>{LEAD} {BODY} {BODY} {BODY} {BODY}</p></section>"
        for i in range(3)) + "</div>", False),
    ("a link to a place on this page is no card link", "<ul>" + "".join(
        f"<li><a href='#teil{i}'></a><div>Teil {i}</div><p>{LEAD}</p></li>" for i in range(3)) + "</ul>", False),
]


@pytest.mark.parametrize("name,snippet,expected", CARD_LISTS, ids=[c[0] for c in CARD_LISTS])
def test_card_list(name, snippet, expected):
    element = lxml_html.fragment_fromstring(snippet)
    assert is_card_list(element) is expected


def test_card_list_is_not_spoken_with_its_heading():
    """End to end: cards set inside the article container after its text, and the heading over them,
    are gone (the extractor kept them: their text is not link text); the article stays."""
    cards = f"<h2>Aus der Redaktion</h2>{_cards('overlay', n=4)}"
    spoken = _spoken(f"<main><article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p>{cards}</article></main>")
    assert LEAD in spoken and BODY in spoken
    assert "Stromtarife" not in spoken and "Was Mieter" not in spoken
    assert "Aus der Redaktion" not in spoken


# ── class words: namespaces, donation boxes, associated posts, MediaWiki chrome ──

CLASS_BOXES = [
    # (name, the box beside the article, the rule that drops it or None)
    ("a BEM component namespace before the word", "<div class='c-byline'>Von Anna Berg</div>", "class byline"),
    ("a script-hook namespace", "<div class='js-popup'>Jetzt anmelden</div>", "class popup"),
    ("a donation appeal", "<section class='Artikel-Spende'><p>Sichern Sie unseren Journalismus!</p></section>",
     "class spende"),
    ("a donation box", "<div class='c-donation-box'><p>Jetzt spenden und helfen!</p></div>", "class donation"),
    ("a plugin's associated posts", "<div class='associated-posts'><h2>Wärmepumpe im Altbau</h2></div>",
     "class associated"),
    ("MediaWiki's site line", "<div id='siteSub'>Aus Stadtwiki</div>", "class sitesub"),
    ("a blog theme's post meta", "<div class='entry-meta'>Veröffentlicht am 3. Mai 2024 von anna</div>",
     "class entry-meta"),
    ("a blog theme's post footer", "<footer class='entry-footer'>Kategorien: Energie</footer>", "tag footer"),
    ("a post-info line", "<div class='post-info'>Posted by anna in Energie</div>", "class post-info"),
    ("a script-disabled notice", "<div id='noscript'>Bitte aktivieren Sie JavaScript.</div>", "class noscript"),
    ("a longer name holding meta is no meta box", "<div class='entry-meta-data-sheet'><p>Der Tarif gilt ab Juli "
     "für alle Kunden.</p></div>", None),
    ("a namespace alone is no word", "<div class='m-stage'><p>Die Stadtwerke informieren.</p></div>", None),
    ("a word in the middle of a longer name does not count",
     "<div class='story-share-wrap'><p>Die Stadtwerke informieren.</p></div>", None),
]


@pytest.mark.parametrize("name,box,rule", CLASS_BOXES, ids=[c[0] for c in CLASS_BOXES])
def test_class_words(name, box, rule):
    tree = parse_page(_page(f"<main><article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p></article>"
                            f"{box}</main>"))
    dropped = prune(tree)
    assert (rule in dropped) if rule else dropped == {}


def test_card_list_with_its_heading_inside():
    """A heading set inside the list's box, before the cards, goes with them."""
    items = _cards("titled", n=3, outer="div")
    assert is_card_list(lxml_html.fragment_fromstring(items.replace("<div>", "<div><h2>Weitere Themen</h2>", 1)))


# ── hidden: what the page does not show is not read aloud ──

HIDDEN = [
    # (name, element beside the article, dropped as hidden)
    ("a comment form's cancel link", "<a href='#respond' style='display:none'>Antwort abbrechen</a>", True),
    ("a panel hidden from screen readers", "<div aria-hidden='true'>Menü Anmelden Registrieren</div>", True),
    ("the hidden attribute", "<div hidden>Du verwendest einen veralteten Browser.</div>", True),
    ("visibility hidden", "<p style='visibility: hidden'>Bitte Feld leer lassen</p>", True),
    ("a collapsed part of the article", "<div style='display: none'><p>Der Stadtrat will im Herbst über "
     "einen Härtefallfonds beraten, die Opposition fordert einen Aufschub.</p></div>", False),
    ("aria-hidden false is shown", "<div aria-hidden='false'>Neue Tarife ab Juli</div>", False),
    ("a style that shows the element", "<div style='display: block'>Neue Tarife ab Juli</div>", False),
]


@pytest.mark.parametrize("name,box,dropped", HIDDEN, ids=[c[0] for c in HIDDEN])
def test_hidden(name, box, dropped):
    tree = parse_page(_page(f"<main><article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p></article>"
                            f"<div class='x'>{box}</div></main>"))
    assert ("hidden" in prune(tree)) is dropped


def test_hidden_article_container_stays():
    """The article container is never dropped, even hidden until a script shows it."""
    spoken = _spoken(f"<main><article style='display:none'><h1>Fernwärme wird teurer</h1><p>{LEAD}</p>"
                     f"<p>{BODY}</p></article></main>")
    assert LEAD in spoken and BODY in spoken


SITE_HEAD = "<link rel='canonical' href='https://www.stadtwerke-beispiel.de/news/fernwaerme'>"


@pytest.mark.parametrize("host,expected", [
    ("https://www.stadtwerke-beispiel.de", True),   # the page's own site: teasers of its other articles
    ("https://stadtwerke-beispiel.de", True),       # with or without www.
    ("https://www.shop-beispiel.de", False),        # another site: a shopping list in the article
])
def test_linked_headings_are_cards_only_on_the_same_site(host, expected):
    items = "".join(f"<div><h3><a href='{host}/artikel/{i}'>Tarif {i}</a></h3><p>{LEAD}</p></div>" for i in range(3))
    tree = lxml_html.fromstring(_page(f"<div id='x'>{items}</div>", head=SITE_HEAD))
    assert is_card_list(tree.get_element_by_id("x")) is expected


# ── media caption: a short italic line under an image or player ──

MEDIA_CAPTIONS = [
    # (name, html after the article's paragraphs, dropped as a media caption)
    ("a player's caption on its own line", "<p><iframe src='https://video.example/x'></iframe><br>"
     "<em>Der Stadtwerke-Chef im Interview vom 3. Mai</em></p>", True),
    ("a caption under an image paragraph", "<p><a href='/b.jpg'><img src='/b.jpg'></a></p>"
     "<p><em>Das neue Heizkraftwerk. Foto: Stadtwerke</em></p>", True),
    ("small print under a video", "<div><video src='/v.mp4'></video></div><p><small>Video: Stadtwerke</small></p>", True),
    ("an italic line leading into the player", "<p><em>Das Interview gibt es hier zu sehen:</em></p>"
     "<p><iframe src='https://video.example/x'></iframe></p>", False),
    ("a thumbnail floated beside italic text", "<p><em><img src='/t.jpg' width='50'>Wir haben auch im Radio "
     "darüber gesprochen – das gibt es hier zu hören!</em></p>", False),
    ("a caption ending in a colon leads into what follows", "<p><img src='/b.jpg'></p>"
     "<p><em>Die neuen Preise im Überblick:</em></p>", False),
    ("plain text under an image is article text", "<p><img src='/b.jpg'></p><p>Die Preise steigen im Juli.</p>", False),
]


@pytest.mark.parametrize("name,html,dropped", MEDIA_CAPTIONS, ids=[c[0] for c in MEDIA_CAPTIONS])
def test_media_caption(name, html, dropped):
    tree = parse_page(_page(f"<main><article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p>"
                            f"<div class='x'>{html}</div></article></main>"))
    assert ("media caption" in prune(tree)) is dropped


# ── kicker h1: an h1 marked as the kicker, with the title in an h2 under it ──

KICKERS = [
    # (name, header html, headline spoken, kicker spoken)
    ("a strapline h1 over an h2 title", "<h1 class='strapline'>Tarifrunde 2024</h1><h2 class='title'>Fernwärme "
     "wird teurer</h2>", "Fernwärme wird teurer", "Tarifrunde 2024"),
    ("a Dachzeile h1", "<h1 class='article-dachzeile'>Tarifrunde 2024</h1><h2>Fernwärme wird teurer</h2>",
     "Fernwärme wird teurer", "Tarifrunde 2024"),
    ("a plain h1 over an h2 stays the headline", "<h1>Fernwärme wird teurer</h1><h2>Tarifrunde 2024</h2>",
     "Fernwärme wird teurer", None),
]


@pytest.mark.parametrize("name,header,headline,kicker", KICKERS, ids=[k[0] for k in KICKERS])
def test_kicker_h1(name, header, headline, kicker):
    cards = _cards("overlay", n=3)  # other h2s on the page, as on a magazine's article page
    article = parse_article(_page(f"<header>{header}</header><main><article><p>{LEAD}</p><p>{BODY}</p></article>"
                                  f"{cards}</main>"), "html")
    assert article.title == headline
    spoken = " ".join(_texts(article))
    assert LEAD in spoken and BODY in spoken
    if kicker:
        assert kicker in spoken
