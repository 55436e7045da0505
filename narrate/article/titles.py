"""The page's title: which of its declared titles is the headline, and its site name taken off.

Split out of narrate.article.headline (which finds the headline, kicker and teaser among the page's
elements). Sources: og:title, the JSON-LD headline, <title> and trafilatura's metadata title, which
on some pages is a sidebar heading ("Ansprechpartner") or the site's name. Rules:
- title hint ("headline agreement"): trafilatura's title when it agrees with one of the page's own
  candidates (og:title, JSON-LD headline, <title>, an h1), else the first of those;
- the site's name is taken off: "Headline | Site", "Headline · Site", "Site | Headline", a section
  segment after it ("… | iPhone | Site") and a bar left empty at the end.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from narrate.article.cleaning import squash

log = logging.getLogger(__name__)

_TITLE_SUFFIX = re.compile(r"\s+[|–—·•-]\s+[^|–—·•-]{1,60}$")
DATE_PREFIX = re.compile(r"^\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{2}|\d{4})\s+[-–—|:]\s+(?=\S)")  # "23.01.2022 - Headline"
_TRAILING_BAR = re.compile(r"\s+[|·•]\s*$")  # "Über uns |": a site name the template left empty
SECTION_SUFFIX_MAX_WORDS = 3  # "Headline | iPhone | Site": a bar segment this short after the site's is a section
AGREE_SHARE = 0.5  # two titles agree when this share of the shorter one's words (by stem) is in the other
STEM_CHARS = 5
_WORD = re.compile(r"\w{4,}")
_BAR = re.compile(r"\s+\|\s+")
AGREE_MAX_RATIO = 3  # a text over three times the title's length does not agree with it (a paragraph)
_SITE_PREFIX = re.compile(r"^([^|]{1,60}?)\s+\|\s+(.+)$")


def title_hints(tree: etree._Element) -> list[str]:
    """og:title, else <title>, without a " | Site" suffix, and each part of it around a " | " of two
    words or more ("BMJV | Transparenz bei Preisanpassungen"): which h1 is the headline."""
    og = tree.xpath("//meta[@property='og:title']/@content")
    title = squash(og[0] if og else (tree.findtext(".//title") or ""))
    parts = [p for p in _BAR.split(title) if len(p.split()) >= 2]
    return [t for t in [strip_site(title, "")] + parts if t]


def strip_site(title: str, site: str) -> str:
    """"Headline | Site", "Headline · Site" and "Site | Headline" → "Headline"; keeps titles whose dash
    is part of the headline ("Derek Jarman · The Garden"): a dash or dot suffix goes only when it names
    the site. After the site's suffix, a short bar segment is the site's section ("… | iPhone |
    MacTechNews") and goes too; so does a bar left at the end ("Über uns |") and a date set before
    the headline ("23.01.2022 - Headline": the archive's date, spoken as a date line if at all)."""
    title = DATE_PREFIX.sub("", _TRAILING_BAR.sub("", squash(title)))
    prefix = _SITE_PREFIX.match(title)
    if prefix and site and is_site(prefix.group(1), site):
        title = prefix.group(2)
    m = _TITLE_SUFFIX.search(title)
    if m and (not site or site.lower() in m.group(0).lower() or m.group(0).strip()[0] == "|"):
        title = title[: m.start()]
        section = _TITLE_SUFFIX.search(title)
        if section and section.group(0).strip()[0] == "|" and len(section.group(0).split()) - 1 <= SECTION_SUFFIX_MAX_WORDS:
            title = title[: section.start()]
    return title


def title_hint(tree: etree._Element, found: str, site: str, declared: str) -> str:
    """The page's title: trafilatura's (found) where one of the page's own candidates agrees with it,
    else the first of og:title, the JSON-LD headline and <title> (headline agreement).

    trafilatura's metadata title is on some pages a sidebar heading ("Ansprechpartner"), a section
    name or the site's name taken from "Site | Headline"; the page's declared titles say otherwise.
    """
    og = tree.xpath("string(//meta[@property='og:title']/@content)") or ""
    own = [strip_site(c, site) for c in (og, declared, tree.findtext(".//title") or "")]
    own = [c for c in own if c and not is_site(c, site)]
    h1s = [squash(h.text_content()) for h in tree.iter("h1")]
    found = strip_site(found, site)
    if found and not is_site(found, site) and any(agrees(found, c) for c in own + h1s if c):
        return found
    if own and own[0] != found:
        log.info("headline agreement: the page's own title %r, not the extractor's %r", own[0], found)
    return own[0] if own else found


def agrees(text: str, title: str) -> bool:
    """One contains the other, or AGREE_SHARE of the shorter one's words share their stem with the
    other's ("Brexit: Nervenkrieg geht in nächste Runde" ~ "Der Nervenkrieg um den Brexit geht …")."""
    a, b = _norm(text), _norm(title)
    if not a or not b or max(len(a), len(b)) > AGREE_MAX_RATIO * min(len(a), len(b)):
        return False
    if min(len(a), len(b)) >= 4 and (a in b or b in a):
        return True
    stems = [{w[:STEM_CHARS] for w in _WORD.findall(t.casefold())} for t in (text, title)]
    short, other = sorted(stems, key=len)
    return len(short) >= 2 and len(short & other) >= AGREE_SHARE * len(short)


def is_site(text: str, site: str) -> bool:
    a, b = _norm(text), _norm(site)
    return bool(a) and bool(b) and (a == b or (len(a) >= 3 and a in b))


def _norm(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())
