"""Rule "closing marks": what a paragraph's last sentence carries that is no text of the article.

Pages end a paragraph with a pointer to a link ("… blickt sie auf 50 Jahre zurück. Lesen Sie hier
mehr.", "Die vollständigen Ergebnisse finden Sie hier zum Download.") or with the author's or
agency's initials ("… gegenüber dem Vorjahr. (amo)", "… ungeklärt.(wal)") or a byline run into a
teaser ("… sammeln sich die Geier. Von Anna Muster"), a video's title or a picture credit ("… genügen. Im
Video: Workout zum Mitmachen", "… Credit: MPI-M."), or a bare web address or a "Quelle: ©/www…" line
after the last sentence ("… zum Download bereit. https://example.de/antrag.pdf"). The listener cannot follow
the link, and the initials are a sign-off, not a word; the phrase table (narrate.article.phrases)
drops such a pointer when it stands alone, this rule when it is glued to the paragraph's end. Only
the last sentence is looked at, and only a whole sentence of POINTER's form goes: an article sentence
that mentions a website ("Die Liste steht auf der Website des Amtes.") has no "hier" to click.
"""

from __future__ import annotations

import re
from typing import Final

from narrate.article.phrases import POINTER

POINTER_MAX_CHARS: Final = 140  # a pointer is one short sentence
_LAST_SENTENCE = re.compile(r"(?<=[.!?…“”\"])\s+(?=[A-ZÄÖÜ„\"])(?!.*[.!?…][“”\"]?\s+[A-ZÄÖÜ„\"])")
_SIGN_OFF = re.compile(r"(?<=[.!?“”\"'])\s*\(\s*[a-z]{2,4}(?:/[a-z]{2,4})*\s*\)$")
# a bare web address after the last sentence ("… bereit. https://example.de/formular.pdf", "… Schweiz. www.x.ch"),
# or a source line with a copyright or web address ("… das Gericht. Quelle: © www.agentur.de - Rechtsnews")
_TRAILING_ADDRESS = re.compile(r"(?<=[.!?“”\"])\s+(?:(?:https?://|www\.)\S+|Quelle\s*:\s*(?:©|\(c\)|www\.|https?://).{0,150})$")
# a video's title or a picture credit run into the end ("… genügen. Im Video: Workout zum Mitmachen", "… rechts.
# Credit: MPI-M, DKRZ.")
_TRAILING_LABEL = re.compile(r"(?<=[.!?“”\"])\s+(?:(?:Vorab |Hier |Mehr |Auch )?[Ii]m Video\s*:\s*[^.!?]{1,120}|"
                             r"(?:Bild|Foto)?[Cc]redits?\s*:\s*[^:!?]{1,80})$")
_BYLINE = re.compile(r"(?<=[.!?“”\"])\s+Von\s+(?:(?:Dr|Prof)\.\s*)?[A-ZÄÖÜ][\wäöüß'’-]+(?:\s+(?:von |van |de )?"
                     r"[A-ZÄÖÜ][\wäöüß'’-]+){1,2}$")


# Rule "glued sentences": a sentence end with no space after it ("… nichts bemerkt.Geraten wir …", "… 500 Euro.Verkauft
# wird …"), left where the page broke a line with markup; the next sentence is then read as one long word.
_GLUED_END = re.compile(r"(?<=[a-zäöüß]{3}[.!?])(?!(?:Com|Net|Org|Info|Biz)\b)(?=[A-ZÄÖÜ][a-zäöüß]{2,}\b(?![\w.-]*@))")


# Rule "credit in the text": a photo credit in parentheses where a picture stood in the paragraph ("… eröffnete
# den Park (Foto: Stadt Nordheim) „Für das Quartier …"), or where the picture stands ("(Bild nebenstehend)"): it
# names a picture the listener cannot see.
_INLINE_CREDIT = re.compile(r"\s*\((?:(?:Fotos?|Bild|Bildquelle|Grafik|Archivfoto|Archivbild)\s*:\s*[^()]{1,60}|"
                            r"Symbolbild|Symbolfoto|Archivbild|Archivfoto|"
                            r"(?:Bild|Foto|Abb\.|Abbildung)(?: (?:oben|unten|links|rechts|Mitte|nebenstehend|anbei))+)\)")


# Rule "link in parentheses": a pointer at a link set in parentheses inside a sentence ("… in seiner Ausgabe
# 7/2019 (jetzt am Kiosk oder hier zu bestellen).", "(mehr dazu hier)", "(siehe hier)"): "hier" is the link,
# which a listener cannot follow. Only a short parenthesis whose "hier" goes with a verb of getting or reading.
_INLINE_POINTER = re.compile(r"\s*\((?=[^()]{0,60}\bhier\b)(?:[^()]{0,60}\b(?:bestellen|kaufen|abonnieren|"
                             r"herunterladen|downloaden|lesen|nachlesen|anhören|ansehen|anschauen)|siehe hier|mehr (?:dazu |davon )?hier|"
                             r"hier (?:klicken|entlang))[^()]{0,20}\)")


def strip_inline_credits(text: str) -> str:
    """text without photo credits and link pointers in parentheses; "(Bild)" alone may be the newspaper
    and stays."""
    return _INLINE_POINTER.sub("", _INLINE_CREDIT.sub("", text))


def unglue_sentences(text: str) -> str:
    """text with a space after a sentence end that runs into the next sentence (an e-mail address,
    "Anna.Muster@example.de", stays as it is)."""
    return _GLUED_END.sub(" ", text)


def strip_closing_marks(text: str) -> str:
    """text without the marks at its end (see the module docstring), however many follow each other."""
    while True:
        shorter = _strip_one(text)
        if shorter == text:
            return text
        text = shorter


def _strip_one(text: str) -> str:
    for mark in (_SIGN_OFF, _BYLINE, _TRAILING_ADDRESS, _TRAILING_LABEL):
        text = mark.sub("", text).rstrip()
    cut = [m.end() for m in _LAST_SENTENCE.finditer(text)]
    if cut:
        last = text[cut[-1]:]
        if len(last) <= POINTER_MAX_CHARS and POINTER.fullmatch(last):
            return text[:cut[-1]].rstrip()
    return text
