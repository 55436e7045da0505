"""Page chrome found by what a box holds and where it stands, not by its class: a heading over nothing
but a dropped link list, an image gallery's title, a note set apart by a rule, a layout table around
the whole page; and the one box a noise class does not make noise, the column holding the headline.
Also what the page hides (rule "hidden") and anchors that are no links (rule "an anchor is no link").

Each rule is named in the log and listed in narrate.article.page's docstring; each says why.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from narrate.article.cleaning import is_prose_paragraph
from narrate.article.headline import headline_h1

log = logging.getLogger(__name__)

HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
LIST_RULES = frozenset(["link list", "card list", "link paragraph", "related box", "teaser card", "plugin box"] + [
    f"class {w}" for w in "related recommended recommendations mostread most-read meistgelesen toplist".split()])
HEADED_BOX_MAX_CHARS = 3000  # a box longer than this is a page section, never a heading's box
BOX_LEVELS = 3  # a heading's box is at most this many levels up (its wrapper, the box, the column)
GALLERY_MIN_IMAGES = 3
GALLERY_TEXT_MAX_CHARS = 150
GALLERY_MAX_PARAGRAPHS = 2
LAYOUT_CELL_MIN_PARAGRAPHS = 3  # a cell holding this many <p> is a page column, not a table cell
NOTE_ITALIC_SHARE = 0.9
NOTE_MAX_CHARS = 600
NOTE_AFTER_CHARS = 200
MEDIA_CAPTION_MAX_CHARS = 200
_MEDIA = ("img", "picture", "video", "iframe", "embed", "object", "audio")
TEASER_MIN_WORDS = 8
HEADLINE_MIN_WORDS = 3  # a shorter h1 ("News", a site name) is too common to mark the article's header
_SENTENCE = re.compile(r"[^.!?]+[.!?]")
_LETTER = re.compile(r"[^\W\d_]")
_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _squashed_length(text: str | None) -> int:
    return len("".join((text or "").split()))


def drop_list_headings(tree, noise) -> int:
    """Drop every list heading (is_list_heading), looked at before the lists under them are dropped."""
    headings = [h for h in tree.iter(*HEADING_TAGS) if is_list_heading(h, noise)]
    for heading in headings:
        heading.drop_tree()
    if headings:
        log.info("list heading: dropped %d heading(s) over nothing but a dropped link list", len(headings))
    return len(headings)


def is_list_heading(heading, noise) -> bool:
    """Rule "list heading": a heading (h2–h6) whose box (<div>, <section>, up to BOX_LEVELS up) holds,
    besides it, only a link list or related box that other rules drop ("So macht Radfahren sonst noch
    Spaß" over six links to other pages): without its list the heading would be spoken alone before
    the next section. noise(child) is the page's noise rule (a rule name or None); text it drops
    anyway (a credit) does not count. A heading over any text of its own (a paragraph, an item that is
    not a link) stays."""
    if heading.tag not in HEADING_TAGS:
        return False
    for box in list(heading.iterancestors())[:BOX_LEVELS]:
        if box.tag not in ("div", "section") or _squashed_length(box.text_content()) > HEADED_BOX_MAX_CHARS:
            return False
        lists, own = _list_and_own_text(box, noise)
        if own:
            return False
        if lists:
            return True
    return False


def _list_and_own_text(box, noise) -> tuple[int, int]:
    """How many link lists the box holds that noise drops, and its characters outside headings and noise."""
    lists, own = 0, _squashed_length(box.text)
    stack = list(box)
    while stack:
        child = stack.pop()
        if not isinstance(child.tag, str):
            continue
        own += _squashed_length(child.tail)
        if child.tag in HEADING_TAGS:
            continue
        rule = noise(child)
        if rule:
            lists += rule in LIST_RULES
            continue
        own += _squashed_length(child.text)
        stack.extend(child)
    return lists, own


def is_gallery_box(element) -> bool:
    """Rule "gallery box": a box of GALLERY_MIN_IMAGES or more <figure>s whose only text is a title or
    a one-line intro in paragraphs or headings ("Gefahrenentwicklung", "Die Bulletins dieser Woche im
    Überblick."): the gallery's caption, which says nothing without the pictures. At most
    GALLERY_MAX_PARAGRAPHS short ones (GALLERY_TEXT_MAX_CHARS together); an article with pictures has
    more text than that, and a row of icons is no gallery."""
    if element.tag not in ("div", "section") or len(element.findall(".//figure")) < GALLERY_MIN_IMAGES:
        return False
    text = _squashed_length(element.text_content())
    if not 0 < text <= GALLERY_TEXT_MAX_CHARS:
        return False
    blocks = [p for p in element.iter("p", *HEADING_TAGS) if _squashed_length(p.text_content())]
    return len(blocks) <= GALLERY_MAX_PARAGRAPHS and sum(_squashed_length(p.text_content()) for p in blocks) == text


def opens_with_headline(element) -> bool:
    """Rule "headline column" (an exception to the class words): a box that opens with an unlinked copy
    of the page's headline (h1) is the article's header, whatever its class says: a magazine sets
    headline, teaser and date in a sticky "sidebar" column beside the text, and the teaser was lost
    with it. A list of other articles naming this one links it; a breadcrumb or share box opens with
    other words. The headline must be HEADLINE_MIN_WORDS words or more, and a sentence of
    TEASER_MIN_WORDS words must follow it in the box (the teaser): a breadcrumb ending in the headline
    or an author line with rating stars holds none."""
    headline = _headline(element)
    if len(headline.split()) < HEADLINE_MIN_WORDS:
        return False
    text = " ".join(element.text_content().split())
    if not text.startswith(headline) or not _holds_sentence(text[len(headline):]):
        return False
    first = element.xpath("(.//text()[normalize-space()])[1]")
    holder = first[0].getparent() if first else None  # a tail's parent holds the text too
    if holder is not None and first[0].is_tail:
        holder = holder.getparent()
    return holder is not None and holder.tag != "a" and not any(a.tag == "a" for a in holder.iterancestors())


def _holds_sentence(text: str) -> bool:
    """A sentence of TEASER_MIN_WORDS words (not figures) or more, ended by . ! or ?, is in text."""
    words = (sum(1 for w in part.split() if _LETTER.search(w)) for part in _SENTENCE.findall(text))
    return any(count >= TEASER_MIN_WORDS for count in words)


def _headline(element) -> str:
    """The page's headline (headline_h1), squashed; "" when the page has no h1."""
    h1 = headline_h1(element.getroottree().getroot())
    return " ".join(h1.text_content().split()) if h1 is not None else ""


def is_ruled_note(element) -> bool:
    """Rule "ruled note": a paragraph set wholly in italics (NOTE_ITALIC_SHARE of its text in <em>/<i>)
    right after a horizontal rule (<hr>, or a wrapper holding only one): a note set apart from the
    article ("Das Portal … nimmt strittige Entscheidungen unter die Lupe", a photo credit, a partner's
    blurb). Italics alone are no sign (a closing question, a book's details, a quote are article
    text set in italics); the rule drawn above it is. At most NOTE_MAX_CHARS, and after
    NOTE_AFTER_CHARS of paragraphs in its box: a note closes an article, an italic lead after a rule
    opens one."""
    if element.tag != "p":
        return False
    text = _squashed_length(element.text_content())
    if not 0 < text <= NOTE_MAX_CHARS:
        return False
    italic = sum(_squashed_length(e.text_content()) for e in element.iter("em", "i")
                 if not any(a.tag in ("em", "i") for a in e.iterancestors()))
    if italic < NOTE_ITALIC_SHARE * text or not _is_rule(element.getprevious()):
        return False
    before = sum(_squashed_length(p.text_content()) for p in element.itersiblings("p", preceding=True))
    return before >= NOTE_AFTER_CHARS


def is_media_caption(element) -> bool:
    """Rule "media caption": a short paragraph (at most MEDIA_CAPTION_MAX_CHARS) set in italics or
    small print (NOTE_ITALIC_SHARE of its text) that follows an image, video or embedded player: inside
    the paragraph on a line of its own under it (<p><iframe/><br><em>… über Geheimdienste</em></p>; a
    thumbnail floated beside the text has no line break after it), or in the element just before it,
    which holds the media and no text. It is the caption or credit of what a
    listener cannot see, set outside a <figure>. Italic text before the media ("Das gibt es hier zu
    hören!") or ending in a colon leads into it: article text, kept."""
    if element.tag != "p":
        return False
    text = " ".join(element.text_content().split())
    if not 0 < len(text) <= MEDIA_CAPTION_MAX_CHARS or text.endswith(":"):
        return False
    italic = sum(_squashed_length(e.text_content()) for e in element.iter("em", "i", "small")
                 if not any(a.tag in ("em", "i", "small") for a in e.iterancestors()))
    if italic < NOTE_ITALIC_SHARE * _squashed_length(text):
        return False
    first = element.xpath("(.//text()[normalize-space()])[1]")
    media = next(element.iter(*_MEDIA), None)
    if media is not None and first:  # the media, then a line break, then the paragraph's first text
        after = media.xpath("following::text()[normalize-space()][1]")
        breaks = [b for b in media.xpath("following::br") if b in set(element.iter("br"))]
        return bool(after) and _same_text_node(after[0], first[0]) and any(
            b.xpath("following::text()[normalize-space()][1]") and
            _same_text_node(b.xpath("following::text()[normalize-space()][1]")[0], first[0]) for b in breaks)
    before = element.getprevious()
    return before is not None and isinstance(before.tag, str) and not _squashed_length(before.text_content()) \
        and (before.tag in _MEDIA or next(before.iter(*_MEDIA), None) is not None)


def _same_text_node(a, b) -> bool:
    """Two xpath text results are the same node (lxml gives a new string object for each result)."""
    return a.getparent() is b.getparent() and a.is_tail == b.is_tail and str(a) == str(b)


def _is_rule(element) -> bool:
    """<hr>, or a wrapper without text whose only element is an <hr>."""
    if element is None or not isinstance(element.tag, str):
        return False
    inner = [e for e in element.iter(etree.Element)]
    return inner[-1].tag == "hr" and len(inner) <= 2 and not _squashed_length(element.text_content())


def unwrap_layout_tables(tree) -> int:
    """Rule "layout table": a <table> one of whose cells holds the headline (h1) or
    LAYOUT_CELL_MIN_PARAGRAPHS paragraphs is the page's layout (old sites set menu, article and
    sidebar in columns of one table), not a table of data. The extractor reads a table cell as one
    block, so the search box, the "most discussed" list and the article came out glued into a single
    line; as <div>s, each column is read by its paragraphs and its chrome found by the other rules.
    Tables nested in a cell are left as they are unless they are layout themselves."""
    count = 0
    for table in list(tree.iter("table")):
        cells = [c for c in table.iter("td", "th") if _owner(c) is table]
        if not any(c.find(".//h1") is not None or len(c.findall(".//p")) >= LAYOUT_CELL_MIN_PARAGRAPHS for c in cells):
            continue
        for part in [table] + [e for e in table.iter(*_TABLE_PARTS) if _owner(e) is table]:
            part.tag = "div"
        count += 1
    if count:
        log.info("layout table: read %d table(s) holding the page's columns as blocks", count)
    return count


def _owner(element):
    """The nearest <table> above element."""
    return next(element.iterancestors("table"), None)


def is_hidden(element) -> bool:
    """Rule "hidden": an element the page does not show or hides from screen readers (the `hidden`
    attribute, aria-hidden="true", an inline display:none or visibility:hidden) is not read aloud: a
    listener is in a screen reader user's place. It is the page's own chrome waiting for a click: the
    "Antwort abbrechen" link of a comment form, a login or share panel, a menu, a modal's "×
    Schließen", a slider's duplicates. A hidden element holding a paragraph of prose stays: a
    collapsed part of the article ("weiterlesen") or an accordion's answer is article text."""
    style = element.get("style") or ""
    if element.get("hidden") is None and (element.get("aria-hidden") or "").lower() != "true" and \
            not _HIDDEN_STYLE.search(style):
        return False
    blocks = [element] if element.tag == "p" else element.iter("p", "li", "dd", "blockquote")
    return not any(is_prose_paragraph(" ".join(b.text_content().split())) for b in blocks)


_PROSE_TAGS = frozenset("p li dd blockquote strong em b i span".split())


def unwrap_anchors(tree: etree._Element) -> int:
    """Rule "an anchor is no link": <a name="pcr"> (or id) without href, inside a paragraph, only marks
    a place to jump to, but trafilatura counts its text as link text and drops a paragraph wrapped in
    one as a link list (an interview's questions, each an anchor, were lost). The tag goes, its text
    stays. An <a> with neither href nor a name is a script's button (menus, tabs): left as it is."""
    anchors = [a for a in tree.iter("a") if not a.get("href") and (a.get("name") or a.get("id"))
               and a.getparent() is not None and a.getparent().tag in _PROSE_TAGS]
    for anchor in anchors:
        anchor.drop_tag()
    return len(anchors)


KICKER_CLASS_WORDS = frozenset("kicker strapline dachzeile topline overline roofline eyebrow".split())
KICKER_MAX_CHARS = 80


def promote_title_under_kicker(tree) -> int:
    """Rule "kicker h1": an h1 whose class says it is the kicker (strapline, Dachzeile, topline …) and
    that is followed by an h2 is the line above the headline; the h2 is the headline. Some magazine
    systems mark up "Strava-Update: POI bei Routen-Tool" as the h1 and the title under it as an h2:
    read as it stands, the title was lost once the page's other h2s (teaser cards) were gone. The h1
    becomes a paragraph marked "kicker" (still spoken, above the headline), the h2 the h1."""
    count = 0
    for h1 in list(tree.iter("h1")):
        words = {w for name in (h1.get("class") or "").lower().split() for w in re.split(r"[-_]+", name)}
        after = h1.getnext()
        text = " ".join(h1.text_content().split())
        if words & KICKER_CLASS_WORDS and 0 < len(text) <= KICKER_MAX_CHARS and after is not None \
                and after.tag == "h2" and " ".join(after.text_content().split()):
            h1.tag, after.tag = "p", "h1"
            h1.set("class", f"{h1.get('class', '')} kicker")  # the header reader takes it as the kicker
            count += 1
    if count:
        log.info("kicker h1: read %d kicker h1(s) as the line above the h2 headline", count)
    return count
