"""German number words: cardinals, decimals, ordinals, years, digits, fractions, noun gender.

num2words supplies the words; the choices around them (the forms "ein"/"eine" before a noun,
"neunzehnhundert…" for years, digit-by-digit decimals, ordinal endings) are made here.
"""

from __future__ import annotations

import functools
import re

from num2words import num2words

from narrate.german.spoken_tables import unit_words

# A written German number: thousands dots ("1.234.567") or plain digits, optional decimal comma.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?![\d])(?:,\d+)?|\d+(?:,\d+)?"
SIGNED_NUMBER = rf"(?:(?<![\w\d])[-−])?(?:{NUMBER})"

_DIGIT_WORDS = ("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
_ORDINAL_IRREGULAR = (("eins", "erst"), ("drei", "dritt"), ("sieben", "siebt"), ("acht", "acht"))
_TEEN_ENDS = ("zwei", "vier", "fünf", "sechs", "neun", "zehn", "elf", "zwölf", "null")
# Beyond the Trillionen nobody reads a number as a word; spell it digit by digit.
_LARGEST_NAMED = 10**21

# Noun gender, guessed from a short list and the endings that decide most German nouns; used to
# choose "eine Stunde" / "ein Jahr" and ordinal endings ("die zweite Lesung", "das dritte Mal").
_FEMININE = frozenset({
    "Stunde", "Minute", "Sekunde", "Tonne", "Million", "Milliarde", "Billion", "Billiarde", "Woche",
    "Person", "Frau", "Meile", "Nacht", "Stadt", "Hand", "Uhr", "Zeit", "Wahl", "Welt", "Art",
    "Liga", "Bundesliga", "Kalorie", "Kilokalorie", "Zahl", "Tat", "Fahrt", "Saison", "Klasse",
    "Partei", "Frage", "Kraft", "Macht", "Amtszeit", "Legislaturperiode", "Instanz", "Etappe",
})
_NEUTER = frozenset({
    "Mal", "Jahr", "Jahrhundert", "Jahrtausend", "Jahrzehnt", "Quartal", "Halbjahr", "Kapitel",
    "Spiel", "Rennen", "Treffen", "Kind", "Land", "Bundesland", "Mitglied", "Semester", "Programm",
    "Paket", "Album", "Tor", "Gebot", "Amt", "Buch", "Gesetz", "Prozent", "Promille", "Gramm",
    "Kilogramm", "Milligramm", "Pfund", "Stück", "Grad", "Haus", "Konzert", "Turnier", "Finale",
    "Leben", "Mandat", "Gericht", "Urteil", "Verfahren", "Sondervermögen", "Todesopfer", "Opfer",
})
_FEMININE_ENDINGS = ("ung", "heit", "keit", "schaft", "ion", "tät", "tik", "nik", "sik", "lik",
                     "rik", "mik", "fik", "ei", "ie", "ur", "enz",
                     "anz", "in", "stunde", "minute", "sekunde", "tonne", "woche", "runde", "liga",
                     "e", "a")
_NEUTER_ENDINGS = ("chen", "lein", "ment", "tum", "um", "nis", "gramm", "meter", "liter", "spiel",
                   "jahr", "mal", "haus", "ticket")
# Masculine units that end like feminine nouns.
_MASCULINE = frozenset({"Meter", "Kilometer", "Zentimeter", "Millimeter", "Liter", "Euro", "Dollar",
                        "Cent", "Franken", "Yen", "Rubel", "Name", "Gedanke", "Kunde", "Fuß", "Bär"})


def noun_gender(noun: str) -> str:
    """'f', 'n' or 'm' for a capitalised German noun; a guess from lists and endings, 'm' if unsure."""
    if noun in _MASCULINE:
        return "m"
    if noun in _FEMININE:
        return "f"
    if noun in _NEUTER:
        return "n"
    lower = noun.lower()
    if lower.endswith(_NEUTER_ENDINGS) and not lower.endswith(("nahme", "ame")):
        return "m" if lower.endswith(("meter", "liter")) else "n"
    if lower.endswith(_FEMININE_ENDINGS):
        return "f"
    return "m"


@functools.lru_cache(maxsize=4096)
def integer_words(value: int) -> str:
    """'dreiundzwanzig', 'eine Million zweihunderttausend'; negative numbers get 'minus'."""
    if value < 0:
        return "minus " + integer_words(-value)
    if value >= _LARGEST_NAMED:
        return digit_words(str(value))
    return num2words(value, lang="de")


def digit_words(digits: str) -> str:
    """Each digit as its word, space-separated ("030" → "null drei null"); non-digits are skipped."""
    return " ".join(_DIGIT_WORDS[int(c)] for c in digits if c.isdigit())


def parse_integer(written: str) -> int:
    """The integer value of "1.234" or "-5" or "−5" (thousands dots ignored)."""
    cleaned = written.replace(".", "").replace("−", "-")
    return int(cleaned)


def number_words(written: str) -> str:
    """A written number as spoken: "1.234,56" → "eintausendzweihundertvierunddreißig Komma fünf sechs"."""
    written = written.strip().replace("−", "-")
    sign = ""
    if written.startswith("-"):
        sign, written = "minus ", written[1:]
    whole, _, fraction = written.partition(",")
    words = integer_words(parse_integer(whole or "0"))
    if fraction:
        words += " Komma " + digit_words(fraction)
    return sign + words


def is_one(written: str) -> bool:
    """Whether a written number is exactly one ("1", not "1,5" or "21")."""
    return written.strip().lstrip("-−") == "1"


def with_article_one(words: str, noun: str) -> str:
    """Turn a trailing "eins" into "ein"/"eine" before a noun ("eine Stunde", "einundzwanzig Euro")."""
    if not words.endswith("eins") or not noun[:1].isupper() or " Komma " in words:
        return words
    if words in ("eins", "minus eins") and noun[:1].isupper() and noun_gender(noun) == "f":
        return words[:-1] + "e"
    return words[:-1]


def year_words(value: int) -> str:
    """Years 1100–1999 as "neunzehnhundertneunundachtzig"; the rest as cardinals."""
    if 1100 <= value <= 1999:
        hundreds, rest = divmod(value, 100)
        return integer_words(hundreds) + "hundert" + (integer_words(rest) if rest else "")
    return integer_words(value)


def ordinal_stem(value: int) -> str:
    """The ordinal without its ending: 3 → "dritt", 20 → "zwanzigst", 1000 → "eintausendst"."""
    words = integer_words(value).replace(" ", "").lower()
    words = re.sub(r"^eine(?=million|milliard|billion)", "ein", words)
    words = re.sub(r"(million|milliard|billion|billiard)e?n?$", r"\1", words)
    for end, stem in _ORDINAL_IRREGULAR:
        if words.endswith(end):
            return words[: -len(end)] + stem
    if words.endswith(_TEEN_ENDS):
        return words + "t"
    return words + "st"


def ordinal_words(value: int, ending: str) -> str:
    """An inflected ordinal: (3, "en") → "dritten", (100, "er") → "einhundertster"."""
    return ordinal_stem(value) + ending


def denominator_words(value: int, plural: bool) -> str:
    """The fraction noun: 4 → "Viertel", 2 → "halb"/"halbe", 20 → "Zwanzigstel"."""
    if value == 2:
        return "halbe" if plural else "halb"
    return (ordinal_stem(value) + "el").capitalize()


def fraction_words(numerator: int, denominator: int) -> str:
    """"3/4" → "drei Viertel", "1/2" → "ein halb", "4/2" → "vier halbe"."""
    head = "ein" if numerator == 1 else integer_words(numerator)
    return f"{head} {denominator_words(denominator, numerator != 1)}"


# ── context: the words around a match, read from the sentence being rewritten ────────────────

_LAST_WORD = re.compile(r"([\w.]+)[\s,]*$")
_NEXT_WORD = re.compile(r"\s*([^\W\d][\w-]*)")
_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember")
MONTHS = frozenset(_MONTHS)
# Words after which a number 1100–1999 is a year even when a noun follows.
_YEAR_STRONG = MONTHS | {"Jahr", "Jahre", "Jahres", "Jahrgang", "Baujahr", "Sommer", "Winter",
                         "Frühjahr", "Herbst", "Frühling", "Anfang", "Mitte", "Ende", "Sommers",
                         "Winters", "Herbstes", "Jahreswechsel", "Silvester", "Weihnachten"}
# Words after which a number 1100–1999 is a year unless a noun follows ("seit 1500 Jahren").
_YEAR_WEAK = {"im", "seit", "bis", "ab", "von", "vor", "nach", "um", "in", "zwischen", "und",
              "oder", "bereits", "schon", "erst", "noch", "damals", "Seit", "Im", "Bis", "Ab",
              "Von", "Vor", "Nach", "Um", "In", "Zwischen", "(", "aus", "von", "dem"}


def month_name(number: int) -> str:
    """1 → "Januar"; raises IndexError outside 1–12."""
    if not 1 <= number <= 12:
        raise IndexError(number)
    return _MONTHS[number - 1]


def word_before(text: str, position: int) -> str:
    """The word just before `position` (punctuation other than dots stripped), or ""."""
    match = _LAST_WORD.search(text, max(0, position - 40), position)
    return match.group(1).rstrip(".") if match else ""


def word_after(text: str, position: int) -> str:
    """The word starting just after `position` (letters first), or ""."""
    match = _NEXT_WORD.match(text, position)
    return match.group(1) if match else ""


# Rule "years 1100–1999": a plain four-digit number in that span is a year unless it counts a
# noun. A counted noun is a unit or currency, or carries a plural ending: after a preposition
# that takes the dative ("seit 1500 Jahren") that is -n or -s; with no cue also -e and the plurals
# that end like their singular (listed). "seit 1988 Finanzminister" is thus a year.
_MONEY_WORDS = frozenset("Euro Dollar Mark DM Franken Pfund Yen Rubel Cent Gulden Schilling Lire "
                         "Kronen Prozent Punkte Stück".split())
_SAME_PLURAL = frozenset("Einwohner Mitglieder Kinder Zuschauer Teilnehmer Besucher Mitarbeiter "
                         "Arbeiter Wähler Bürger Häuser Länder Bilder Fahrer Spieler Schüler "
                         "Lehrer Helfer Flüchtlinge Opfer Tote Verletzte Beamte Mal".split())
# Before the number: words that count ("auf 1500", "rund 1500"), so a final number is no year.
_COUNTING = frozenset("auf um über unter rund etwa circa knapp fast nur mehr als insgesamt genau "
                      "exakt gut von bis zu ca zwischen".split())


def _counts_noun(after: str, dative_cue: bool) -> bool:
    """Whether the capitalised word after a number is what it counts (see the rule above)."""
    if not after[:1].isupper() or after in MONTHS:
        return False
    if after in _MONEY_WORDS or after in unit_words() or after in _SAME_PLURAL:
        return True
    if after.endswith("in"):
        return False  # "seit 1990 Ministerin"
    return after.endswith(("n", "s") if dative_cue else ("n", "s", "e"))


def is_year(value: int, before: str, after: str, opening: bool = False) -> bool:
    """Whether a plain four-digit number is read as a year ("1989" → "neunzehnhundert…").

    `opening`: the number opens the sentence ("1519 wurde er Kaiser").
    """
    if not 1100 <= value <= 1999:
        return False
    if before in _YEAR_STRONG:
        return True
    if before in _YEAR_WEAK:
        return not _counts_noun(after, dative_cue=True)
    if after[:1].isupper():
        return not _counts_noun(after, dative_cue=False)
    if opening:
        return after != ""  # "1126" alone is a count; "1519 wurde …" a year
    if after == "":
        return before.lower() not in _COUNTING and not before[:1].isdigit()  # "starb 1399."
    return 1700 <= value


def spoken_cardinal(written: str, before: str = "", after: str = "", opening: bool = False) -> str:
    """A number in running text: years as years, "ein"/"eine" before a noun, leading zeros as digits."""
    bare = written.lstrip("-−")
    if bare.isdigit():
        if len(bare) > 1 and bare.startswith("0"):
            return digit_words(bare)
        value = int(bare)
        if len(bare) == 4 and bare == written and is_year(value, before, after, opening):
            return year_words(value)
    words = number_words(written)
    if after in ("Uhr", "mal"):
        return words[:-1] if words.endswith("eins") else words  # "ein Uhr", "ein mal"
    return with_article_one(words, after) if after else words
