"""Rule "closing chrome": what pages print below the article's last paragraph, known by what it is.

Below the last paragraph, pages print a press contact, the rules of their comment section, an appeal
to support or share the site, and a line that announced something the extraction did not bring
(a download, an embedded video, a list of links: "Hier gibt es die Studie zum Nachlesen:"). None of
it is the article, and each is too long or too sentence-like for the short-line rule in
narrate.article.lines, so this pass walks back from the end and drops, while they come:
- a contact block: a paragraph with an e-mail address, a labelled phone number ("Tel.: 0211 …") or a
  bank account for donations ("Spendenkonto: DE10 …")
  that is not a sentence, a "Pressekontakt:" label, or a name with "Pressesprecherin" and no verb;
- comment rules: from a paragraph that opens with them ("Die Kommentare geben nicht die Meinung der
  Redaktion wieder …") to the end;
- a support appeal ("Hat dir dieser Artikel gefallen? …", "Tragen Sie mit Ihrem Beitrag … bei"), from
  its paragraph to the end, with the short paragraphs right above it in which the site speaks of itself
  ("Wir bieten profunden Journalismus") — at most APPEAL_LEAD_MAX of them, none quoting anyone;
- a note on the writer among the last AUTHOR_NOTE_WINDOW paragraphs ("Geboren 1983, ist seit 2015
  Redakteur bei …"), with what follows it: a person and a job in journalism, in a short paragraph;
- a dangling introducer: a last paragraph ending in a colon, whose list, link or embed is not there;
- a short line that is no sentence ("Twitter: @Amt_Bund"), which would hide the chrome above it.
Only the tail is searched (CLOSING_WINDOW paragraphs): the same words inside the article stay.
"""

from __future__ import annotations

import logging
import re
from typing import Final

from narrate.article.cleaning import Block
from narrate.article.shapes import CLOSERS, EDGE_LINE_MAX_CHARS, INNER_SENTENCE_END

log = logging.getLogger(__name__)

CLOSING_WINDOW: Final = 8  # paragraphs from the end searched for comment rules and appeals
APPEAL_LEAD_MAX: Final = 4  # site-voice paragraphs above an appeal that go with it
APPEAL_LEAD_MAX_CHARS: Final = 400
CONTACT_MAX_CHARS: Final = 300
CONTACT_LINE_MAX_CHARS: Final = 100
DANGLING_MAX_CHARS: Final = 200

AUTHOR_NOTE_WINDOW: Final = 3  # the note on the writer is among the last paragraphs
AUTHOR_NOTE_MAX_CHARS: Final = 500
_WRITER = re.compile(r"Geboren\b|(?:(?:Dr|Prof)\.\s*)*[A-ZÄÖÜ][\wäöüß'’-]+(?:\s+[A-ZÄÖÜ][\wäöüß'’-]+){1,2}\s*(?:\(\d{2}\))?,?"
                     r"\s+(?:ist|arbeitet|schreibt|lebt)\b")
_JOURNALIST = re.compile(r"\b(?:Chef)?(?:Redakteur|Journalist|Volontär|Reporter|Kolumnist|Korrespondent)(?:in)?\b|"
                         r"\bfreie[r]? (?:Autor|Journalist)(?:in)?\b|\bschreibt (?:für|als)\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?\d{4}){4,7}(?: ?\d{1,3})?\b|\b(?:Spendenkonto|Bankverbindung|IBAN)\b")
_PHONE = re.compile(r"\b(?:Tel(?:efon)?|Fax|Mobil|Handy)\.?\s*:?\s*\+?\d[\d /()-]{5,}")
_CONTACT_LABEL = re.compile(r"(?:Presse|Medien)?[Kk]ontakt(?:e| für (?:Medien|Journalist\w*|die Presse))?|"
                            r"(?:Ihr[e]? )?Ansprechpartner(?:in|innen)?(?: für (?:Medien|die Presse))?|Pressestelle",
                            re.IGNORECASE)
_PRESS_ROLE = re.compile(r"\b(?:Pressesprecher(?:in)?|Pressereferent(?:in)?|Pressestelle|Pressekontakt|"
                         r"Medienkontakt|Leiter(?:in)? (?:der )?(?:Presse|Kommunikation))\b")
_COMMENT_RULES = re.compile(
    r"(?:Die )?(?:Kommentare|Beiträge|Leserkommentare|Postings) (?:der |von |unserer )?(?:User|Nutzer|Leser)?\S*\s*"
    r"(?:geben|spiegeln) (?:nicht (?:notwendigerweise |unbedingt |zwingend )?)?die (?:Meinung|Ansicht)|"
    r"(?:Die )?(?:Kommentare|Leserkommentare|Beiträge) werden (?:von (?:den |unseren )?Moderatoren |vor (?:der|ihrer) "
    r"Veröffentlichung )?(?:stichprobenartig |redaktionell )?(?:überprüft|geprüft|moderiert|freigeschaltet)")
_APPEAL = re.compile(
    r"\b(?:Hat|Haben) (?:dir|Ihnen|euch) (?:dieser|der|unser|dieses|das) (?:Artikel|Beitrag|Text|Interview|Test)\w* gefallen\?|"
    r"\b(?:Dir|Ihnen|Euch) hat (?:dieser|der|unser) (?:Artikel|Beitrag|Text)\w* gefallen\?|"
    r"\bWie hat (?:dir|Ihnen|euch) (?:das|dieser|der|unser) ?(?:Artikel|Beitrag|Text|Rezept|Test)?\w* gefallen\?|"
    r"\bunterstütze(?:n Sie)? uns\b|\bTragen Sie mit Ihre[mr] (?:Beitrag|Spende|Unterstützung)\b|"
    r"\b(?:Jetzt )?Supporter(?:in)? werden\b|\bhinterlasse(?:t)? uns (?:doch )?(?:ein(?:en)? )?(?:Like|Kommentar)\b|"
    r"\bteile(?:n Sie)? (?:den|diesen) (?:Artikel|Beitrag)\b|\bLinks?, um \S+ zu unterstützen\b|"
    r"\bspenden Sie (?:jetzt|noch heute)\b")
_SITE_VOICE = re.compile(r"\b(?:[Ww]ir|uns|unser\w*|Unser\w*|euch|[Ee]ure?\w*)\b")
_QUOTES = re.compile(r"[„“”\"»«]")
_QUOTED_SPEECH = re.compile(r"[“”\"«»]\s*,?\s*(?:sagte|sagt|so|erklärte|erklärt|betonte|meinte|schreibt|schrieb)\b")


def without_closing_chrome(body: list[Block]) -> list[Block]:
    """body without the closing chrome at its end (see the module docstring)."""
    end = len(body)
    while end:
        cut = _closing_start(body, end)
        if cut is None:
            break
        log.info("left out closing chrome below the article: %s", [b.text[:40] for b in body[cut:end]])
        end = cut
    return body[:end]


def _closing_start(body: list[Block], end: int) -> int | None:
    """Where the closing chrome that ends at end starts, or None when body[end - 1] is article text."""
    last = body[end - 1]
    if last.kind in ("para", "heading") and (_is_contact(last.text) or _dangles(body, end - 1) or _is_stub(last.text)):
        return end - 1
    note = next((k for k in range(max(0, end - AUTHOR_NOTE_WINDOW), end) if _is_author_note(body[k])), None)
    if note is not None:
        return note
    window = range(max(0, end - CLOSING_WINDOW), end)
    rules = next((k for k in window if body[k].kind == "para" and _COMMENT_RULES.match(body[k].text)), None)
    if rules is not None:
        return rules
    appeal = next((k for k in window if body[k].kind in ("para", "heading") and _APPEAL.search(body[k].text)
                   and not _QUOTED_SPEECH.search(body[k].text)), None)
    if appeal is None:
        return None
    for _ in range(APPEAL_LEAD_MAX):
        if appeal == 0 or not _site_voice(body[appeal - 1]):
            break
        appeal -= 1
    return appeal


def _is_author_note(block: Block) -> bool:
    """A short note on the writer: "Geboren 1983, ist seit 2015 Redakteur bei …", "Anna Muster ist freie
    Journalistin und schreibt für …" — a person and a job in journalism, in a short paragraph."""
    text = block.text
    return block.kind == "para" and len(text) <= AUTHOR_NOTE_MAX_CHARS and bool(_WRITER.match(text)) \
        and bool(_JOURNALIST.search(text))


def _is_contact(text: str) -> bool:
    """A press contact: an address, phone or contact label, not a sentence of the article."""
    text = text.strip()
    if _CONTACT_LABEL.fullmatch(text.rstrip(":").strip()):
        return True
    if len(text) <= CONTACT_LINE_MAX_CHARS and re.match(r"(?:Presse|Medien)?[Kk]ontakt\s*:", text):
        return True  # "Kontakt: anna (at) example.at": an address written so that robots cannot read it
    if len(text) > CONTACT_MAX_CHARS or text.endswith((".", "!", "?")):
        return False  # a sentence ("Hinweise nimmt die Polizei unter Tel. … entgegen.") is article text
    return bool(_EMAIL.search(text) or _PHONE.search(text) or _PRESS_ROLE.search(text) or _IBAN.search(text))


def _is_stub(text: str) -> bool:
    """A short line that is no sentence ("Twitter: @Amt_Bund #Digital"): below the article, the short-line
    rule of narrate.article.lines drops it anyway; it must not hide the chrome above it from this pass."""
    text = text.strip()
    return len(text) <= EDGE_LINE_MAX_CHARS and not text.rstrip(CLOSERS).endswith((".", "!", "?", "…", ":")) \
        and not INNER_SENTENCE_END.search(text)


def _dangles(body: list[Block], k: int) -> bool:
    """A last paragraph that is one short sentence ending in a colon: what it introduces is not there
    (a colon after a word: "… Ohrringen (:" is a smiley)."""
    text = body[k].text.strip()
    return body[k].kind == "para" and bool(re.search(r"\w:$", text)) and len(text) <= DANGLING_MAX_CHARS \
        and not INNER_SENTENCE_END.search(text)


def _site_voice(block: Block) -> bool:
    """A short paragraph in which the site speaks of itself ("Wir bieten …"), quoting nobody."""
    text = block.text
    return block.kind in ("para", "heading") and len(text) <= APPEAL_LEAD_MAX_CHARS \
        and not _QUOTES.search(text) and bool(_SITE_VOICE.search(text))
