"""Page parts beside the article that neither a noise tag nor a class word declares, found by where they
sit and what they hold (rules named in narrate.article.page's docstring; each says why):

- donation box: a short box that sends the reader to a payment or membership service (a PayPal donate
  form, Steady, Patreon, Ko-fi …), or that is mostly a link to the site's own donation page ("/spenden"):
  "Online-Journalismus kostet! Unterstütze uns" asks for money, it is not the article;
- inserted block: a box the Ad Inserter plugin sets into a post ("code-block code-block-3"): its ads,
  "Das könnte Dich auch interessieren", a push prompt, the site's follow links; a code sample's box
  ("code-block", "code-block-wrapper") carries no number and stays;
- small print: a short note of a few words or more whose inline style sets a tiny type size (x-small,
  0.7em, 9px, 70 %): the page's fine print (a sponsored-content note), set smaller than the article so
  that readers skip it;
- link block: a <div> of LINK_LIST_MIN_ITEMS or more links set one per line with <br> and fewer short
  labels than links between them ("Service", "Informationen"): a menu written without a list, like the link
  paragraph (narrate.article.boxes) but in a <div> of its own.
"""

from __future__ import annotations

import re

from narrate.article.boxes import LINK_LIST_MIN_ITEMS, link_share

DONATION_BOX_MAX_CHARS = 1500  # a longer box is the page around the appeal, not the appeal
DONATION_TARGETS = re.compile(
    r"paypal\.com/(?:donate|cgi-bin/webscr)|paypal\.me/|steadyhq\.com|patreon\.com/|ko-fi\.com/|"
    r"buymeacoffee\.com/|betterplace\.org/|liberapay\.com/|flattr\.com/", re.IGNORECASE)
DONATION_PAGE = re.compile(  # a link to the site's own donation page
    r"/(?:spenden|spende|donate|donation|unterstuetzen|unterst%C3%BCtzen|support-us)(?:[/?#.]|$)", re.IGNORECASE)
DONATION_LINK_SHARE = 0.5
LINK_BLOCK_LABEL_MAX_CHARS = 30  # a label between the links ("Service"), not a sentence
SMALL_PRINT_MAX_CHARS = 300
SMALL_PRINT_MIN_WORDS = 4  # a note in words; a tiny time stamp ("3:59 PM") or label is left to the line rules
_TINY_FONT = re.compile(r"font-size\s*:\s*(?:xx?-small|0?\.[0-7]\d*(?:em|rem)|(?:[1-9]|10)px|[1-7]\d%)",
                        re.IGNORECASE)
INSERTED_BLOCK = re.compile(r"code-block-\d+")  # Ad Inserter numbers its blocks
_BLOCK_TAGS = frozenset("p div ul ol table section article h1 h2 h3 h4 h5 h6 blockquote".split())


def is_donation_box(element) -> bool:
    """A short box whose form or link goes to a donation or membership service, with text of its own
    (a bare "Spenden" button inside the article is not a box to drop: its parent is)."""
    if element.tag not in ("div", "section", "aside", "p"):
        return False
    forms = [e.get("action") or "" for e in element.iter("form")]
    links = [a.get("href") or "" for a in element.iter("a")]
    length = len(" ".join(element.text_content().split()))
    if not 0 < length <= DONATION_BOX_MAX_CHARS:
        return False
    if any(DONATION_TARGETS.search(t) for t in forms + links):
        return True
    # the site's own donation page: only a box that is mostly that link ("Ihnen hat der Artikel gefallen?
    # [Bitte helfen Sie uns und spenden Sie jetzt]"); a charity's paragraph that mentions it stays
    return any(DONATION_PAGE.search(t) for t in links) and link_share(element) >= DONATION_LINK_SHARE


def is_small_print(element) -> bool:
    if element.tag not in ("span", "small", "p", "div", "font") or not _TINY_FONT.search(element.get("style") or ""):
        return False
    words = element.text_content().split()
    return len(words) >= SMALL_PRINT_MIN_WORDS and len(" ".join(words)) <= SMALL_PRINT_MAX_CHARS and \
        element.find(".//p") is None


def is_inserted_block(element) -> bool:
    return any(INSERTED_BLOCK.fullmatch(n) for n in (element.get("class") or "").lower().split())


def is_link_block(element) -> bool:
    """<div><span>Service</span><br><a>Medienpartner</a><br><a>Newsletter</a><br><a>Impressum</a></div>:
    links one per line, nothing between them but short labels, no paragraphs of its own."""
    if element.tag != "div" or any(c.tag in _BLOCK_TAGS for c in element):
        return False
    links = [a for a in element if a.tag == "a" and a.get("href")]
    breaks = sum(1 for c in element if c.tag == "br")
    if len(links) < LINK_LIST_MIN_ITEMS or breaks < len(links) - 1:
        return False
    loose = [(element.text or "").strip()] + [(c.tail or "").strip() for c in element] + \
        [" ".join(c.text_content().split()) for c in element if c.tag != "a"]
    labels = [t for t in loose if t]
    return all(len(t) <= LINK_BLOCK_LABEL_MAX_CHARS for t in labels) and len(labels) < len(links)
