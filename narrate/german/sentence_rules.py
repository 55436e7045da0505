"""German rules for a full stop: does "word. Next" end a sentence? Word lists and one decision.

Used by narrate.german.sentences; kept apart so the lists can grow without crowding the splitter.
Abbreviation keys are lower case, inner dots kept, spaces and the final dot removed ("z. B." → "z.b").
"""

from __future__ import annotations

import re
from typing import Final

# Never end a sentence: titles, "z. B."-style connectors, words that always precede something.
ABBREV_PREFIX: Final = frozenset("""
    dr prof hr hrn fr frl mr mrs ms st nr vgl ca bzw sog ggf evtl inkl exkl gem lt ggü zzgl abzgl
    tel med rer nat phil jur pol oec theol kath ev evang dipl ing dipl.-ing dr.-ing hrsg geb gest
    gebr bsp bspw insb bzgl vs vllt ugs urspr eigtl jew ehem vorm gegr stv stellv vors präs abg
    pfr ggfs einschl ausschl allg zit dt österr europ int bes zw tlw gg nrn az hg
    rd ges inst bez reg lkr kr gde hl hll
    z.b d.h u.a z.t z.z z.zt u.u o.g z.hd i.v i.a i.d.r u.e m.e v.a d.i i.e e.g i.s.d
    engl frz ital span lat griech
""".split())

# Rule "abbreviations keep their case": those written with a capital (titles and nouns) match
# that spelling only, the others lower case or capitalised ("Vgl.", "Dt. Gewerkschaftsbund");
# a token in capitals is an acronym, never one of these ("die FR. Sie …" ends a sentence).
CAPITALISED: Final = frozenset("""
    dr prof hr hrn fr frl mr mrs ms st nr nrn tel hrsg bsp abg präs pfr inst ges reg bez lkr kr gde
    hg az dipl dipl.-ing dr.-ing gebr stv vors hl hll
""".split())

# May end a sentence, but usually precede a capitalised word ("1,5 Mio. Euro", "Art. 5"):
# a boundary only before a typical sentence opening (SENTENCE_STARTERS).
ABBREV_WEAK: Final = frozenset("""
    max mind mio mrd tsd jh jhd jahrh str art abs bd min std sek co inc ltd corp jr sr gen hbf bhf pl verf
    kap aufl anm tab abb ziff a.d a.a.o v.chr n.chr ff jg pkt ztg red
    jan feb mär apr jun jul aug sep sept okt nov dez
""".split())

# Close an enumeration and often end the sentence: a boundary before any capitalised word.
ABBREV_END: Final = frozenset("usw etc usf u.ä o.ä u.v.m u.a.m u.dgl s.o s.u".split())

# Capitalised words that open sentences but practically never follow an ordinal ("am 3. Der"),
# so "bei 12. Dort" ends a sentence while "am 12. Juni" does not.
SENTENCE_STARTERS: Final = frozenset("""
    Der Die Das Dem Den Des Ein Eine Einer Eines Einem Einen Er Sie Es Wir Ich Ihr Man Du
    Auch Doch Aber Damit Dann Danach Dabei Dadurch Dafür Dagegen Daher Darauf Darum Davor Dazu
    Darüber Deshalb Deswegen Denn Dort Hier Nun Jetzt Heute Gestern So Somit Sonst Trotzdem Zudem
    Zuvor Zwar Zuletzt Außerdem Allerdings Also Als Am An Auf Aus Bei Bis Durch Für Gegen In Im
    Ins Mit Nach Neben Nicht Noch Ob Oder Ohne Seit Sein Seine Seiner Ihre Ihren Ihrer Unter Um
    Und Über Vom Von Vor Während Wegen Weil Wenn Wer Was Wie Wo Warum Wann Wieso Weshalb Welche
    Welcher Dies Diese Dieser Dieses Diesem Diesen Jedoch Viele Alle Alles Einige Kein Keine
    Nur Schon Bereits Insgesamt Laut Zum Zur Beim Gleichzeitig Inzwischen Mittlerweile Später
    Zunächst Erst Immer Vielleicht Ebenfalls Bisher Seitdem Stattdessen Jeder Jede Jedes Sogar
    Etwa Mehrere Weiterhin Zugleich Ferner Hingegen Ansonsten Unterdessen Derzeit Damals
    Anschließend Schließlich Letztlich Offenbar Tatsächlich Ja Nein Worauf Womit Wozu Wovon
    Unser Unsere Unseren Unserem Unserer Mein Meine Meinen Meinem Meiner Dein Deine Euer Eure
    Ihm Ihnen Uns Mir Mich Dich Sich Solche Solcher Manche Mancher Jene Jener Beide Wenige
    Andere Weitere Nachdem Obwohl Sobald Solange Falls Trotz Dank Hinzu Hierbei Hierzu Demnach
    Dennoch Ebenso Zuerst Zusätzlich Kaum Fast Rund Knapp Mehr Weniger Nie Niemand Nichts
""".split())

# Nouns (and months) that follow ordinals: "am 3. März", "zum 10. Mal", "im 19. Jahrhundert".
ORDINAL_NOUNS: Final = frozenset("""
    januar jänner februar märz april mai juni juli august september oktober november dezember
    jan feb mär apr jun jul aug sep sept okt nov dez
    mal lesung jahrhundert jahrtausend jahrzehnt platz rang stock stockwerk etage klasse runde
    spieltag liga bundesliga geburtstag todestag jahrestag jubiläum auflage staffel folge teil
    kapitel artikel absatz satz halbzeit minute tag woche monat quartal halbjahr semester
    weltkrieg sinfonie symphonie amtszeit legislaturperiode wahlgang durchgang versuch stufe
    advent sonntag bezirk armee division kompanie sitzung parteitag gipfel lauf etappe akt
""".split())

_ORDINAL_NUMBER = re.compile(r"\d{1,3}|\d{1,2}\.\d{1,2}")  # "3", "19", "3.10" (day.month)
_ROMAN = re.compile(r"M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})")
_OPENERS: Final = "„\"“”‚‘’'«»‹›([{¿¡-–—"


def _key(tokens: list[str]) -> str:
    return "".join(tokens).lower().rstrip(".")


def _case_fits(token: str, key: str) -> bool:
    """Whether `token` is written as the abbreviation `key` is (rule above)."""
    if token[1:2].isupper():
        return False
    return token[:1].isupper() or key not in CAPITALISED


def abbreviation_class(tokens: list[str]) -> str | None:
    """'prefix', 'weak' or 'end' for the abbreviation closing `tokens`, else None.

    `tokens` are the words before the full stop, the last one without it ("z.", "B"); up to three
    are joined so that spaced forms ("u. v. m.") match their table keys.
    """
    for size in (3, 2, 1):
        if len(tokens) < size or not all(t.endswith(".") for t in tokens[-size:-1]):
            continue
        key = _key(tokens[-size:])
        if key in ABBREV_PREFIX:
            if size == 1 and not _case_fits(tokens[-1].lstrip(_OPENERS), key):
                continue
            return "prefix"
        if key in ABBREV_WEAK:
            return "weak"
        if key in ABBREV_END:
            return "end"
    if len(tokens[-1]) > 3 and tokens[-1].lower().endswith("str"):
        return "weak"  # "Goethestr. 14", "Hauptstr."
    return None


def is_ordinal_noun(word: str) -> bool:
    """Whether `word` (or it less a case ending) is a noun that follows ordinals ("Mal", "Jahrhunderts")."""
    folded = word.casefold()
    return any(folded[: len(folded) - cut] in ORDINAL_NOUNS for cut in (0, 1, 2) if len(folded) > cut)


def _number_ends(token: str, next_word: str, next_is_digit: bool) -> bool:
    """A full stop after a number: ordinal ("am 3. März") or the sentence's end ("bei 12. Dort")."""
    ordinal_like = _ORDINAL_NUMBER.fullmatch(token) is not None
    if next_is_digit:
        return not ordinal_like  # "am 3. 10." vs "im Jahr 1990. 20 Jahre später"
    if is_ordinal_noun(next_word):
        return False
    if ordinal_like:
        return next_word in SENTENCE_STARTERS
    return True  # years, dates, decimals, footnotes glued to a word ("Jahr10."): cardinals


def period_ends_sentence(tokens: list[str], next_word: str, next_is_digit: bool) -> bool:
    """Whether a full stop ends the sentence when the next word is capitalised or a number.

    `tokens`: up to three words before the stop (the last without its stop); `next_word`: the
    letters the next word begins with (opening quotes stripped); `next_is_digit`: it is a number.
    """
    token = tokens[-1].lstrip(_OPENERS) if tokens else ""
    if not token:
        return True
    kind = abbreviation_class(tokens[:-1] + [token])
    if kind == "prefix":
        return False
    if kind == "end":
        return True
    starter = next_word in SENTENCE_STARTERS
    if kind == "weak":
        return starter
    if token[-1].isdigit():
        return _number_ends(token, next_word, next_is_digit)
    if len(token) == 1 and token.isalpha():
        return token.isupper() and starter  # "z." never; initials "J. R. R." only before "Er"
    if len(token) > 1 and _ROMAN.fullmatch(token):
        return starter  # "Ludwig XIV. regierte", "des III. Geschwaders"
    return True
