"""Spoken forms of amounts: money, scale words, units, percent, §, fractions, ranges, scores, phones.

The first rules only move and name symbols ("€5" → "5 Euro", "3 km" → "3 Kilometer") and leave the
digits for the number rules, which then see the noun that follows each number.
"""

from __future__ import annotations

import functools
import re

from narrate.german import spoken_tables
from narrate.german.spoken_numbers import (
    NUMBER, SIGNED_NUMBER, denominator_words, digit_words, fraction_words, integer_words, is_one, number_words,
    noun_gender, spoken_cardinal, with_article_one, word_after, word_before, year_words,
)

_AMOUNT = rf"(?:{SIGNED_NUMBER})(?:\s?[-–]\s?(?:{NUMBER}))?"
_SCALES = {"Mio": ("Million", "Millionen"), "Mill": ("Million", "Millionen"),
           "Mrd": ("Milliarde", "Milliarden"), "Tsd": ("Tausend", "Tausend"),
           "Million": ("Million", "Millionen"), "Milliarde": ("Milliarde", "Milliarden"),
           "Billion": ("Billion", "Billionen"), "Billiarde": ("Billiarde", "Billiarden")}
_SCALE = (r"(?:(?:Mio|Mill|Mrd|Tsd)(?:\.|$)|(?i:million(?:en)?|milliarde[n]?|billion(?:en)?"
          r"|billiarde[n]?)(?!\w))")
_CURRENCIES = {"€": "Euro", "EUR": "Euro", "Euro": "Euro", "$": "Dollar", "US-$": "US-Dollar",
               "US$": "US-Dollar", "USD": "US-Dollar", "£": "Pfund", "GBP": "Pfund",
               "¥": "Yen", "JPY": "Yen", "CHF": "Franken", "₽": "Rubel", "₹": "Rupien"}
_CURRENCY = r"(?:US-?\$|[€$£¥₽₹]|(?:EUR|USD|GBP|JPY|CHF)(?![A-Za-z]))"
# Rule "whole amounts": "14,-", "14,--", "10, --", "14.--" and "25.00 €" mark an amount without cents.
_WHOLE_AMOUNT = re.compile(r"(?<=\d)(?:, ?[-–]{1,2}|\.[-–]{2}|\.00(?=\s?(?:€|Euro|EUR)))(?![\d-])")
_PERCENT_POINTS = re.compile(r"(?<=\d)\s?%-Punkt")
_NO_CENTS = r"(?:,[-–]{1,2})?"
_PREFIX_MONEY = re.compile(
    rf"(?<![\w$€£])(?P<cur>{_CURRENCY})\s?(?P<num>{_AMOUNT}){_NO_CENTS}(?P<scale>\s?{_SCALE})?")
_SUFFIX_MONEY = re.compile(rf"(?P<num>{_AMOUNT}){_NO_CENTS}(?P<scale>\s?{_SCALE})?\s?(?P<cur>{_CURRENCY})")
_SCALED = re.compile(rf"(?<![\d.,])(?P<num>{_AMOUNT})\s?(?P<scale>{_SCALE})")
_SUBUNITS = {"Euro": ("Cent", "Cent"), "Dollar": ("Cent", "Cent"), "US-Dollar": ("Cent", "Cent"),
             "Pfund": ("Penny", "Pence"), "Franken": ("Rappen", "Rappen")}
_CENTS = re.compile(rf"(?<![\d.,])(?P<num>{SIGNED_NUMBER}) (?P<cur>Euro|Dollar|US-Dollar|Pfund|Franken)\b")
_METRES = re.compile(r"(?<![\d.,])(?P<whole>[1-9]),(?P<cm>\d\d) Meter\b")
_PARAGRAPH = re.compile(r"(§§?)\s?(?=\d)")
_FRACTION = re.compile(r"(?<![\d/.,])(?P<sign>(?<![\w-])[-−])?(?:(?P<whole>\d+) )?(?P<num>\d+)/(?P<den>\d+)(?![\d/])")
_RANGE = re.compile(rf"(?<![\d.,\w])(?P<a>{SIGNED_NUMBER})(?: ?[-–] ?| [-–] )(?P<b>{NUMBER})(?![\d\w])")
_SCORE = re.compile(r"(?<![\d.,:])(\d+):(\d+)(?![\d:])")
_TIMES = re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)")
_COMPARISON = re.compile(r"(?<![<>=-])[<>]=?\s?(?=[-−]?\d)")
_COMPARISON_WORDS = {"<": "weniger als ", ">": "mehr als ", "<=": "höchstens ", ">=": "mindestens "}
_PLUS = re.compile(r"(?<![\w+])\+\s?(?=\d)")
_APPROX = re.compile(r"~\s?(?=\d)|\bca\.\s?(?=\d)")
_PHONE = re.compile(
    r"(?<![\w+])\+\d{1,3}(?:\s?\(0\))?(?:(?:\s?[/-]\s?|\s)?\d+){2,}"
    r"|\(0\d{2,5}\)\s?\d+(?:[ /-]\d+)*"
    r"|(?<![\d.,])0\d{2,5}(?: ?/ ?| |-)\d{3,}(?:[ -]\d+)*(?![\d.,])"
    r"|(?<=Tel\. )\d[\d /-]{4,}\d|(?<=Telefon )\d[\d /-]{4,}\d|(?<=Tel\.: )\d[\d /-]{4,}\d")


@functools.cache
def _unit_pattern() -> re.Pattern[str]:
    symbols = sorted(spoken_tables.units(), key=len, reverse=True)
    # "Min." at the end of a sentence arrives without its dot (the sentence keeps it).
    alternation = "|".join(re.escape(s[:-1]) + r"(?:\.|$)" if s.endswith(".") else re.escape(s)
                           for s in symbols)
    return re.compile(rf"(?<![\w.,])(?<![A-ZÄÖÜ]-)(?P<num>{_AMOUNT})(?P<scale>\s?{_SCALE})?\s?"
                      rf"(?P<unit>{alternation})(?![\w²³/])")


@functools.cache
def _per_unit_pattern() -> re.Pattern[str]:
    symbols = sorted(spoken_tables.units(), key=len, reverse=True)
    alternation = "|".join(re.escape(s[:-1]) + r"(?:\.|$)" if s.endswith(".") else re.escape(s)
                           for s in symbols if s not in ("%", "‰"))
    return re.compile(rf"(?<=[\w)])\s?/\s?(?P<unit>{alternation})(?![\w²³])")


def _unit_names(written: str) -> tuple[str, str]:
    """(singular, plural) of a unit symbol as matched ("Min" at a sentence end is "Min.")."""
    table = spoken_tables.units()
    return table[written if written in table else written + "."]


def _scale_word(scale: str, num: str) -> str:
    key = scale.strip().rstrip(".").capitalize()
    key = {"Millionen": "Million", "Milliarden": "Milliarde", "Billionen": "Billion",
           "Billiarden": "Billiarde"}.get(key, key)
    singular, plural = _SCALES[key]
    return singular if is_one(num) else plural


def _money(match: re.Match[str]) -> str:
    scale = match.group("scale")
    scale_words = f" {_scale_word(scale, match.group('num'))}" if scale else ""
    return f"{match.group('num')}{scale_words} {_CURRENCIES[match.group('cur')]}"


def _scaled(match: re.Match[str]) -> str:
    return f"{match.group('num')} {_scale_word(match.group('scale'), match.group('num'))}"


def _unit(match: re.Match[str]) -> str:
    unit = match.group("unit")
    singular, plural = _unit_names(unit)
    num, scale = match.group("num"), match.group("scale")
    scale_words = f" {_scale_word(scale, num)}" if scale else ""
    word = singular if is_one(num) and not scale else plural
    return f"{num}{scale_words} {word}"


def name_amounts(text: str) -> str:
    """Currency symbols, scale abbreviations and unit symbols → words after the (still written) number."""
    text = _APPROX.sub("circa ", text)
    text = _fraction_of_pattern().sub(_fraction_of, text)
    text = _WHOLE_AMOUNT.sub("", text)
    text = _PERCENT_POINTS.sub(" Prozentpunkt", text)
    text = _PREFIX_MONEY.sub(_money, text)
    text = _SUFFIX_MONEY.sub(_money, text)
    text = _unit_pattern().sub(_unit, text)
    text = _per_unit_pattern().sub(lambda m: " pro " + _unit_names(m.group("unit"))[0], text)
    text = _SCALED.sub(_scaled, text)
    text = _PARAGRAPH.sub(lambda m: "Paragrafen " if m.group(1) == "§§" else "Paragraf ", text)
    text = _TIMES.sub(" mal ", text)
    text = _COMPARISON.sub(lambda m: _COMPARISON_WORDS[m.group(0).strip()], text)
    return _PLUS.sub("plus ", text)


def _cents(match: re.Match[str]) -> str:
    num, currency = match.group("num"), match.group("cur")
    whole, _, fraction = num.partition(",")
    fraction = fraction.rstrip("0")
    if len(fraction) > 2:
        return f"{number_words(whole + ',' + fraction)} {currency}"
    cents = int(fraction.ljust(2, "0")) if fraction else 0
    one_sub, many_sub = _SUBUNITS[currency]
    whole_value = int(whole.replace(".", "").replace("−", "-"))
    if whole_value == 0 and cents:
        return f"{'ein' if cents == 1 else integer_words(cents)} {one_sub if cents == 1 else many_sub}"
    spoken = f"{with_article_one(number_words(whole), currency)} {currency}"
    return f"{spoken} {integer_words(cents)}" if cents else spoken


def _metres(match: re.Match[str]) -> str:
    whole, cents = match.group("whole"), int(match.group("cm"))
    return f"{with_article_one(number_words(whole), 'Meter')} Meter {integer_words(cents)}"


def speak_money(text: str) -> str:
    """"29,90 Euro" → "neunundzwanzig Euro neunzig", "0,50 Euro" → "fünfzig Cent", "1,80 Meter" → "ein Meter achtzig"."""
    text = _METRES.sub(_metres, text)
    return _CENTS.sub(_cents, text)


def _phone(match: re.Match[str]) -> str:
    groups = [g for g in re.split(r"[\s/()-]+", match.group(0).replace("(0)", " ")) if g]
    return ", ".join("plus " + integer_words(int(g[1:])) if g.startswith("+") else digit_words(g)
                     for g in groups)


def speak_phone_numbers(text: str) -> str:
    """Phone numbers digit by digit, a comma between groups: "030 1234" → "null drei null, eins zwei drei vier"."""
    return _PHONE.sub(_phone, text)


def _fraction(match: re.Match[str]) -> str:
    sign = "minus " if match.group("sign") else ""
    return sign + _unsigned_fraction(match)


def _unsigned_fraction(match: re.Match[str]) -> str:
    num, den = int(match.group("num")), int(match.group("den"))
    whole = match.group("whole")
    if num >= 1000 or den > 100:
        return f"{spoken_cardinal(match.group('num'), 'Jahr' if num >= 1000 else '')} " \
               f"{'bis' if num >= 1000 else 'Strich'} {spoken_cardinal(match.group('den'))}"
    spoken = fraction_words(num, den)
    if whole:
        head = "ein" if whole == "1" else integer_words(int(whole))
        return head + spoken.replace(" ", "", 1) if num == 1 else f"{head} und {spoken}"
    return spoken


@functools.cache
def _fraction_of_pattern() -> re.Pattern[str]:
    symbols = sorted(spoken_tables.units(), key=len, reverse=True)
    alternation = "|".join(re.escape(s[:-1]) + r"(?:\.|$)" if s.endswith(".") else re.escape(s)
                           for s in symbols if s not in ("%", "‰"))
    return re.compile(rf"(?<![\d/.,])(?<![\d-] )(?P<num>[1-9])/(?P<den>[2-9]|10)\s?"
                      rf"(?:(?P<unit>{alternation})(?![\w²³/])|(?P<noun>[A-ZÄÖÜ][a-zäöüß]+)(?!\w))")


# "a half/quarter unit" as object or measure (accusative: "dauert eine halbe Stunde", "trinkt
# einen halben Liter"), or after a preposition taking the dative ("nach einer halben Stunde").
_ONE_PART = {("m", "acc"): ("einen", "halben"), ("f", "acc"): ("eine", "halbe"), ("n", "acc"): ("ein", "halbes"),
             ("m", "dat"): ("einem", "halben"), ("f", "dat"): ("einer", "halben"), ("n", "dat"): ("einem", "halben")}
_DATIVE_PREPOSITIONS = frozenset("mit nach von aus bei seit zu vor in an auf binnen innerhalb".split())


def _fraction_of(match: re.Match[str]) -> str:
    """Rule "fraction of a unit": "1/2 h" → "eine halbe Stunde", "3/4 Liter" → "drei Viertel Liter"."""
    num, den = int(match.group("num")), int(match.group("den"))
    singular, plural = _unit_names(match.group("unit")) if match.group("unit") else (match.group("noun"),) * 2
    if num >= den:
        return match.group(0)
    gender = noun_gender(singular.split()[0])
    if num == 1:
        case = "dat" if word_before(match.string, match.start()).lower() in _DATIVE_PREPOSITIONS else "acc"
        article, half = _ONE_PART[gender, case]
        part = half if den == 2 else denominator_words(den, False).lower()
        return f"{article} {part} {singular}"
    return f"{integer_words(num)} {denominator_words(den, True).capitalize()} {plural}"


def speak_fractions(text: str) -> str:
    """"3/4" → "drei Viertel", "1 1/2" → "eineinhalb", "2023/24" → "zweitausenddreiundzwanzig bis vierundzwanzig"."""
    return _FRACTION.sub(_fraction, text)


def _range(match: re.Match[str]) -> str:
    a, b = match.group("a"), match.group("b")
    before = word_before(match.string, match.start())
    after = word_after(match.string, match.end())
    if len(a) == 4 and len(b) in (2, 4) and a.isdigit() and b.isdigit() and 1100 <= int(a) <= 2099:
        second = year_words(int(b)) if len(b) == 4 else integer_words(int(b))
        return f"{year_words(int(a))} bis {second}"
    first = spoken_cardinal(a, before, after)
    if first.endswith("eins") and after[:1].isupper():
        first = first[:-1]
    return f"{first} bis {spoken_cardinal(b, 'bis', after)}"


def speak_ranges(text: str) -> str:
    """"10-12" / "10–12" → "zehn bis zwölf", "1914–18" → "neunzehnhundertvierzehn bis achtzehn"."""
    return _RANGE.sub(_range, text)


def speak_scores(text: str) -> str:
    """"2:1" → "zwei zu eins" (times before "Uhr" are taken earlier)."""
    return _SCORE.sub(lambda m: f"{integer_words(int(m.group(1)))} zu {integer_words(int(m.group(2)))}", text)
