"""Teaser cards of other articles, found by how they link, not by their class or their words.

A news or magazine page closes with rows of cards ("Mehr zum Thema", "Das könnte Sie auch
interessieren", a grid of events): each card a kicker, a title, a date and the first lines of another
article. Their text is mostly *not* link text: the card is made clickable by a link laid over it (an
<a href> with no text of its own, stretched over the card by CSS), by a "Mehr lesen" link titled like
the card, or by its heading alone being the link. So the link-list rules, which look for text that is
nearly all links, let them through, and a listener heard a dozen teasers after the article.

Rule "card list" (named in narrate.article.page's docstring): an element of CARD_LIST_MIN_ITEMS or
more element children, each of which holds text (empty ad slots and layout sizers are passed over, and
a heading over the cards goes with them), where every such child is a card: at most CARD_MAX_CHARS of
text, holding a card link to a page (none to a place on this page), the links of the children going to
different pages. A card link
is an <a href> without text or picture of its own (a link laid over the card), an <a href> whose
title attribute is the card's heading, or a heading (h2–h6) all of whose text is one link to a page of
the same site (relative, or on the host of the page's canonical or og:url address): a shopping list or a
list of sources in the article links its headings to other sites. An article's own list of links
(sources, downloads) has link text and no headings, and its sections are longer.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from narrate.article.cleaning import squash

CARD_LIST_MIN_ITEMS = 3
CARD_MAX_CHARS = 600  # a teaser's kicker, title, date and first lines; an article's section is longer
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_LIST_PARENTS = frozenset("ul ol div section".split())


def _target(a) -> str:
    """The page an <a> leads to; "" for none, a place on this page or a script."""
    href = (a.get("href") or "").strip()
    return "" if not href or href.startswith(("#", "javascript:")) else href


def card_link(item) -> str:
    """The page the item's card link leads to (see the module docstring), or ""."""
    headings = {squash(h.text_content()) for h in item.iter(*_HEADINGS)} - {""}
    for a in item.iter("a"):
        target = _target(a)
        if not target:
            continue
        own = squash(a.text_content())
        if not own and not _has_picture(a):
            return target  # a link laid over the card
        if squash(a.get("title") or "") in headings:
            return target  # "Mehr lesen …" titled like the card
        parent = a.getparent()
        if parent is not None and parent.tag in _HEADINGS and own == squash(parent.text_content()) \
                and _same_site(target, item):
            return target  # the card's heading is the link to another page of this site
    return ""


def _has_picture(a) -> bool:
    return a.find(".//img") is not None or a.find(".//picture") is not None


def _same_site(href: str, element) -> bool:
    """href is relative, or on the host of the page's canonical or og:url address."""
    host = urlsplit(href).netloc.lower()
    if not host:
        return True
    root = element.getroottree().getroot()
    page = root.xpath("string((//link[@rel='canonical']/@href | //meta[@property='og:url']/@content)[1])")
    return bool(page) and urlsplit(page.strip()).netloc.lower().removeprefix("www.") == host.removeprefix("www.")


def is_card_list(element) -> bool:
    """Rule "card list": see the module docstring."""
    if element.tag not in _LIST_PARENTS:
        return False
    items = [c for c in element if isinstance(c.tag, str) and c.tag not in _HEADINGS and squash(c.text_content())]
    if len(items) < CARD_LIST_MIN_ITEMS:
        return False
    targets = set()
    for item in items:
        target = card_link(item) if len(squash(item.text_content())) <= CARD_MAX_CHARS else ""
        if not target or target in targets:
            return False
        targets.add(target)
    return True


SINGLE_CARD_MAX_CHARS = 400
MORE_LINK_MAX_WORDS = 5


def is_single_card(element) -> bool:
    """Rule "single card": a box whose class says teaser or card (the caller checks), holding a heading
    and a link to another page that stands on its own: a picture link or a line that is all link of at
    most MORE_LINK_MAX_WORDS words ("zum täglichen Gottesdienst", "Mehr lesen"; on a line of its own or
    closing the card after its blurb, "… ein paar Tipps. [mehr erfahren]"), in at most
    SINGLE_CARD_MAX_CHARS of text. It is a promo for another page set between the article's
    paragraphs. The page's own teaser has no heading of its own and no such link; a link inside a
    sentence does not count."""
    text = squash(element.text_content())
    if not text or len(text) > SINGLE_CARD_MAX_CHARS or next(element.iter(*_HEADINGS), None) is None:
        return False
    for a in element.iter("a"):
        if not _target(a):
            continue
        own = squash(a.text_content())
        if not own and _has_picture(a):
            return True
        parent = a.getparent()
        if own and len(own.split()) <= MORE_LINK_MAX_WORDS and parent is not None and parent.tag not in _HEADINGS \
                and (squash(parent.text_content()) == own or _closes(element, a)):
            return True
    return False


def _closes(card, link) -> bool:
    """The link is the card's last text and starts its own line ("… ein paar Tipps. [mehr erfahren]"):
    a closing "more" line set as a block of its own, not a link inside a sentence."""
    inside = set(card.iter())
    after = [t for t in link.xpath("following::text()") if t.getparent() in inside]
    previous = link.getprevious()
    before = previous.tail if previous is not None else link.getparent().text
    return not "".join(after).strip() and not (before or "").strip()
