"""An HTML page's structure, read before extraction: parse safely, drop what the page declares as noise.

Noise is decided by what a block *is* on the page, not by its words (rules, each named in the log):
- tag: <nav>, <footer>, <aside>, <form>, <figure>/<figcaption>, <dialog>, <button>, <select>,
  <iframe>, scripts (JSON-LD read first), styles, templates, <noscript>;
- role: ARIA navigation, complementary, contentinfo, search, dialog, alertdialog;
- hidden: the hidden attribute, aria-hidden="true", inline display:none (unless it holds prose; chrome);
- class/id word: cookie, consent, newsletter, related, share, social, comment, login, byline, author,
  caption, credit, ad/anzeige/werbung, sponsor, paywall, breadcrumb, sidebar, widget, appstores,
  infobox, legal, disclaimer, kleingedrucktes, adslot, adunit, navigation, flyout, … as a whole class name
  or its first part ("ad-slot"), or a strong last part
  ("article-comments", "article-infobox", a dialog's "reveal-modal", "article-disclaimer"); "header"
  or "download" never match "ad", "elementor-widget-container" never matches "widget";
- link list: a <ul>/<ol> of 3 or more items whose text is nearly all link text (a related list);
- card list: 3 or more short items each made a link by a link laid over it, titled like its heading
  or by its heading (teasers of other articles whose text is not link text; narrate.article.cards);
- teaser card: an element whose class says teaser/card/promo and whose text is nearly all link text
  (a card linking another article; the page's own teaser, unlinked, stays); single card: such a box
  with a heading and a picture link or a "more" line linking another page (narrate.article.cards);
  card article: an <article> is checked for these card rules only (HTML5 sets each teaser as one);
- promo box: an element whose class (split at camelCase too: "PetitionTeaser") says teaser, promo
  or cta, of at most PROMO_BOX_MAX_CHARS, holding a button link: it asks the reader to act elsewhere;
- media object: an element declared a schema.org AudioObject/VideoObject (itemtype) is a player's
  card: its title (the headline again, in quotes) and its blurb describe the recording, not the article;
- plugin box: the class prefix of a widely used author-box, related-posts or share plugin
  (PLUGIN_PREFIXES: saboxplugin, yarpp, jp-relatedposts, sharedaddy, addtoany, shariff, wpdiscuz) or
  a page builder's list of other posts (et_pb_posts);
- image text: a short element (≤ IMAGE_TEXT_MAX_CHARS) whose class or id starts with an image word
  (image, img, photo, foto, bild, media, picture, carousel, slider, slide, gallery) and that holds no
  <p> of its own paragraphs:
  a caption or credit outside <figure> ("image-box", "media__description");
Boxes found by their shape (their code is in narrate.article.boxes):
- call to action: a <p> all in bold directly followed by a button block (a promo in the article), or
  a short <p> closing a box with a button as its last element ("Klicke dich durch … [Mehr Homestorys]");
- link paragraph: a <p> of LINK_LIST_MIN_ITEMS or more links set one per line with <br> and nearly
  nothing else (a related list written as a paragraph);
- about box: an element whose class or id says it is about the site, the series or its makers
  ("ueber_uns", "about-this-series", "about-us"); a heading so named takes its box with it;
- caption copy: a short text that the page also shows as a <figcaption> (the caption repeated beside
  the image, e.g. under the headline).
Asides found by what they hold (narrate.article.asides): a donation box (a short box whose form or link
goes to a donation or membership service), a link block (a <div> of links one per line with <br>,
nothing between them but short labels: a menu without a list), an inserted block (an ad plugin's
numbered "code-block-3") and small print (a short note whose inline style sets a tiny type size).
Found by what a box holds (narrate.article.chrome): a gallery box (three or more <figure>s and only a
title or one-line intro) is dropped; a layout table (a cell holds the h1 or a column of paragraphs) is
read as <div>s; an h1 whose class marks it the kicker, over an h2, is the kicker (the h2 the headline);
a box with a noise class that opens with an unlinked copy of the h1 is the article's header column (its
teaser stays); a ruled note (a paragraph all in italics right after an <hr>: a source, partner or
credit note set apart) is dropped, and so is a media caption (a short italic paragraph right after an
image or player); a list heading (its box holds nothing but it and a link list that is dropped) goes
before the lists are dropped.
Guard: an element holding the headline (h1), the article container (itemprop=articleBody) or the
page's largest block of text (an element's loose text plus its direct paragraphs, from HOLDER_MIN_CHARS
on: a short widget is no article to shield) is never dropped, whatever its class says (WordPress puts
"comments-open" on <article>).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from lxml import etree, html as lxml_html

from narrate.article.asides import is_donation_box, is_inserted_block, is_link_block, is_small_print
from narrate.article.boxes import (CLASS_SPLIT, LINK_LIST_LINK_SHARE, LINK_LIST_MIN_ITEMS, about_boxes, caption_copy,
                                   caption_texts, is_call_to_action, is_link_paragraph, is_promo_box, is_related_box,
                                   link_share)
from narrate.article.classwords import NOISE_WORDS, class_words
from narrate.article.cards import is_card_list, is_single_card
from narrate.article.chrome import (drop_list_headings, is_gallery_box, is_hidden, is_media_caption, is_ruled_note,
                                    opens_with_headline, promote_title_under_kicker, unwrap_anchors,
                                    unwrap_layout_tables)
from narrate.article.headline import headline_h1

log = logging.getLogger(__name__)

MAX_HTML_DEPTH = 200  # deeper nesting than this is flattened before parsing (libxml2 stops at 256)
PLUGIN_PREFIXES = ("saboxplugin", "yarpp", "jp-relatedposts", "sharedaddy", "addtoany", "shariff", "wpdiscuz",
                   "et_pb_posts")  # et_pb_posts: the Divi builder's list of other posts
IMAGE_WORDS = frozenset("image img photo foto bild media picture pic carousel slider slide gallery galerie".split())
IMAGE_TEXT_MAX_CHARS = 300
HOLDER_MIN_CHARS = 400  # a largest block shorter than this is a widget's text, not an article to protect
CARD_WORDS = frozenset("teaser teasers card cards promo-box more-articles".split())

NOISE_TAGS = ("nav", "footer", "aside", "form", "figure", "figcaption", "dialog", "button", "select",
              "iframe", "style", "template", "noscript", "script", "svg", "label")
NOISE_ROLES = frozenset("navigation complementary contentinfo search dialog alertdialog".split())
MEDIA_OBJECT = re.compile(r"schema\.org/(?:Audio|Video)Object", re.IGNORECASE)  # a player's card: its title, its blurb
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_WRAPPER_TAG = re.compile(r"<(/?)(div|span|section)\b[^>]*>", re.IGNORECASE)
_DEPTH_TAG = re.compile(r"<(/?)[a-zA-Z][^>]*?(/?)>")


@dataclass(frozen=True)
class Declared:
    """What the page says about its article in schema.org JSON-LD; "" where it says nothing."""

    headline: str = ""
    body: str = ""


def parse_page(text: str) -> etree._Element | None:
    """The page as an lxml tree; nesting deeper than libxml2 allows is flattened first (logged)."""
    if _max_depth(text) > MAX_HTML_DEPTH:
        log.warning("the page nests elements deeper than %d levels; reading it without its div/span/section "
                    "wrappers", MAX_HTML_DEPTH)
        text = _WRAPPER_TAG.sub("", text)
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses str input that declares an encoding
    try:
        return lxml_html.fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _max_depth(text: str) -> int:
    """Rough element depth from the tag stream; void elements and self-closing tags do not nest."""
    depth = deepest = 0
    for m in _DEPTH_TAG.finditer(text[:2_000_000]):
        if m.group(1):
            depth = max(0, depth - 1)
        elif not m.group(2) and not m.group(0).lower().startswith(("<br", "<img", "<meta", "<link",
                                                                     "<input", "<hr", "<!", "<source")):
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def declared_article(tree: etree._Element) -> Declared:
    """headline and articleBody of the first schema.org Article-like object in JSON-LD."""
    for item in json_ld_objects(tree):
        body = item.get("articleBody") if isinstance(item.get("articleBody"), str) else ""
        headline = item.get("headline") if isinstance(item.get("headline"), str) else ""
        if body or (headline and "Article" in str(item.get("@type", ""))):
            return Declared(headline.strip(), body.strip())
    return Declared()


def json_ld_objects(tree: etree._Element):
    """Every JSON object, nested ones included, in the page's schema.org JSON-LD scripts, in order;
    a script that is not valid JSON is passed over."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        yield from _walk(data)


def _walk(data):
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def prune(tree: etree._Element) -> dict[str, int]:
    """Drop the declared noise from the tree in place; returns how many elements each rule dropped."""
    unwrap_anchors(tree)
    promote_title_under_kicker(tree)
    unwrap_layout_tables(tree)
    drop_list_headings(tree, _noise_rule)
    keep = _protected(tree)
    dropped: dict[str, int] = {}
    for box in about_boxes(tree, keep):
        box.drop_tree()
        dropped["about box"] = dropped.get("about box", 0) + 1
    captions = caption_texts(tree)
    stack = [tree]
    while stack:  # a stack, not recursion: pages nest deeply
        for child in list(stack.pop()):
            if not isinstance(child.tag, str):
                continue
            rule = None if child in keep else _noise_rule(child) or caption_copy(child, captions)
            if rule:
                child.drop_tree()
                dropped[rule] = dropped.get(rule, 0) + 1
            else:
                stack.append(child)
    if dropped:
        log.info("page noise dropped by structure: %s", dropped)
    return dropped


def _noise_rule(element) -> str | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in NOISE_TAGS:
        return None if tag == "script" and element.get("type", "").lower() == "application/ld+json" else f"tag {tag}"
    if (element.get("role") or "").lower() in NOISE_ROLES:
        return f"role {element.get('role').lower()}"
    if tag == "article":
        return _card_rule(element)  # rule "card article": a teaser card may be an <article>; nothing else is
    if tag in ("body", "html", "main", "h1"):
        return None
    if is_hidden(element):
        return "hidden"
    hit = next((w for w in class_words(element) if w in NOISE_WORDS), None)
    if hit and not opens_with_headline(element):
        return f"class {hit}"
    if tag in ("ul", "ol") and _is_link_list(element):
        return "link list"
    if is_card_list(element):
        return "card list"
    if any(n.startswith(PLUGIN_PREFIXES) for n in f"{element.get('class', '')} {element.get('id', '')}".lower().split()):
        return "plugin box"
    rule = _card_rule(element)
    if rule:
        return rule
    if MEDIA_OBJECT.search(element.get("itemtype") or ""):
        return "media object"  # rule "media object": an audio/video player's card says what the player plays
    if is_promo_box(element):
        return "promo box"
    if is_related_box(element):
        return "related box"
    if is_donation_box(element):
        return "donation box"
    if is_link_block(element):
        return "link block"
    if is_inserted_block(element):
        return "inserted block"
    if is_small_print(element):
        return "small print"
    if _is_image_text(element):
        return "image text"
    if is_gallery_box(element):
        return "gallery box"
    if tag == "p" and is_ruled_note(element):
        return "ruled note"
    if tag == "p" and is_media_caption(element):
        return "media caption"
    if tag == "p" and is_call_to_action(element):
        return "call to action"
    if tag == "p" and is_link_paragraph(element):
        return "link paragraph"
    return None


def _card_rule(element) -> str | None:
    if any(w in CARD_WORDS for w in class_words(element)):
        if link_share(element) >= LINK_LIST_LINK_SHARE:
            return "teaser card"
        if is_single_card(element):
            return "single card"
    return None


def _is_image_text(element) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')}".lower().split()
    if not any(CLASS_SPLIT.split(n)[0] in IMAGE_WORDS for n in names):
        return False
    text = " ".join("".join(element.itertext()).split())
    return 0 < len(text) <= IMAGE_TEXT_MAX_CHARS and len(element.findall(".//p")) <= 1


def _is_link_list(element) -> bool:
    items = [li for li in element if li.tag == "li"]
    return len(items) >= LINK_LIST_MIN_ITEMS and link_share(element) >= LINK_LIST_LINK_SHARE


def _text_block_length(element) -> int:
    """Characters of text the element holds as one block: its own text (its text and its children's
    tails: a blog post's <div> of loose text and <br>s) plus its direct <p> children. The article's
    container, a run of paragraphs, outweighs a box beside it whose single paragraph is longer than any
    of the article's (an info box, a sidebar widget); scripts and styles do not count."""
    if element.tag in ("script", "style", "noscript", "template"):
        return 0
    own = len((element.text or "").strip()) + sum(len((c.tail or "").strip()) for c in element)
    return own + sum(len(" ".join(c.text_content().split())) for c in element if c.tag == "p")


def _protected(tree) -> set:
    """The headline (headline_h1: the h1 holding the page's title, else the first), the declared article
    body and the largest text block, with all their ancestors."""
    h1 = headline_h1(tree)
    anchors = [h1] if h1 is not None else []
    anchors += tree.xpath("//*[@itemprop='articleBody']")[:1]
    holder = max(tree.iter(etree.Element), key=_text_block_length, default=None)
    if holder is not None and _text_block_length(holder) >= HOLDER_MIN_CHARS:
        anchors.append(holder)
    keep = set()
    for anchor in anchors:
        keep.add(anchor)
        keep.update(anchor.iterancestors())
    return keep
