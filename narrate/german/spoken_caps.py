"""Words in capitals: spell an acronym ("S-P-D"), read a word ("BERLIN" → "Berlin").

The rule, in order:
1. A token listed in voices/acronyms.tsv is read as listed ("NATO" → "Nato", "USA" → "U-S-A").
2. A token is pronounceable when it reads as German syllables: it has a vowel, begins with a
   consonant cluster German words begin with, ends with one they end with, and every cluster
   between vowels splits into such an end and beginning ("BERLIN", "LAUT"; not "KSK", "BAMF").
3. Alone, a pronounceable token of four letters or more is read as a word; shorter tokens and
   unpronounceable ones are spelled ("TOP" is listed as a word, "SAP" is spelled).
4. In a run of capitalised tokens (a dateline "RIO DE JANEIRO", a shouted "SEHR LAUT") that holds
   a pronounceable word of four letters or more, every pronounceable member is read as a word.
"""

from __future__ import annotations

import functools
import re

from narrate.german import spoken_tables

_VOWEL_RUN = re.compile(r"[AEIOUÄÖÜY]+")
_DOUBLED = re.compile(r"([B-DF-HJ-NP-TV-Z])\1")
_VOWEL_GROUPS = frozenset("A E I O U Ä Ö Ü Y AI AU EI EU IE ÄU AA EE OO IA IO EA UI OI OU OE UA UE AE "
                          "OY EY AY OA AUE EIE EUE ÄUE IEU".split())
_ONSETS = frozenset("""
    B C D F G H J K L M N P Q R S T V W X Z BL BR CH CHR CL CR DR FL FR GL GN GR KL KN KR PF PFL PFR
    PH PL PR QU SC SCH SCHL SCHM SCHN SCHR SCHW SH SK SKR SL SM SN SP SPL SPR ST STR SW SZ TH THR TR
    TS TSCH TW WR ZW
""".split()) | {""}
_CODAS = frozenset("""
    B C D F G H K L M N P R S T X Z CH CK CHT CHS CHTS FT GT KT LB LD LDS LF LG LK LM LN LP LS LST LT
    LZ MB MD MP MPF MS MT ND NDS NFT NG NGS NGST NK NKT NS NST NT NTS NZ PF PT RB RBT RCH RD RF RFT RG
    RK RKT RL RM RN RNS RP RS RST RT RTS RZ SCH SK SP ST TS TZ XT HR HL HM HN HRT HNT HLT DT TZT SCHT
    CHST RNST GS PS WS TH NCK CKS CKT NKS NGT RCHT LCHT MPFT FTS RGT LMT RMT RNT LDT NDT ZT HRS HNS
""".split()) | {""}
_RUN_GAP = re.compile(r"[\s,/–-]*")
_LONG_WORD = 4


def _medial_splits(cluster: str) -> bool:
    return len(cluster) <= 5 and any(cluster[:i] in _CODAS and cluster[i:] in _ONSETS
                                     for i in range(len(cluster) + 1))


@functools.lru_cache(maxsize=4096)
def pronounceable(token: str) -> bool:
    """Whether a word in capitals reads as German syllables (rule 2 of the module docstring)."""
    letters = _DOUBLED.sub(r"\1", token.upper())
    vowels = list(_VOWEL_RUN.finditer(letters))
    if not vowels or any(v.group() not in _VOWEL_GROUPS for v in vowels):
        return False
    if letters[: vowels[0].start()] not in _ONSETS or letters[vowels[-1].end():] not in _CODAS:
        return False
    return all(_medial_splits(letters[a.end():b.start()]) for a, b in zip(vowels, vowels[1:]))


@functools.cache
def _caps_pattern() -> re.Pattern[str]:
    listed = sorted(spoken_tables.acronyms(), key=len, reverse=True)
    alternation = "|".join(re.escape(word) for word in listed)
    return re.compile(rf"(?<![\w])(?:(?P<listed>{alternation})|(?P<caps>[A-ZÄÖÜ]{{2,}})(?P<plural>s)?)(?![\w])")


def _spell(caps: str, plural: str) -> str:
    return "-".join(caps) + plural


def _runs(matches: list[re.Match[str]], text: str) -> list[list[re.Match[str]]]:
    """Consecutive matches separated only by spaces, commas, slashes or dashes."""
    runs: list[list[re.Match[str]]] = []
    for match in matches:
        if runs and _RUN_GAP.fullmatch(text, runs[-1][-1].end(), match.start()):
            runs[-1].append(match)
        else:
            runs.append([match])
    return runs


def _is_long_word(match: re.Match[str]) -> bool:
    caps = match.group("caps")
    return bool(caps) and len(caps) >= _LONG_WORD and pronounceable(caps)


def _speak(match: re.Match[str], in_word_run: bool) -> str:
    if match.group("listed"):
        return spoken_tables.acronyms()[match.group("listed")]
    caps, plural = match.group("caps"), match.group("plural") or ""
    if pronounceable(caps) and (len(caps) >= _LONG_WORD or in_word_run):
        return caps.capitalize() + plural
    return _spell(caps, plural)


def speak_acronyms(text: str) -> str:
    """"USA" → "U-S-A", "NATO" → "Nato", "BERLIN (dpa)" → "Berlin, D-P-A", "RIO DE JANEIRO" → "Rio De Janeiro"."""
    matches = list(_caps_pattern().finditer(text))
    if not matches:
        return text
    pieces, last = [], 0
    for run in _runs(matches, text):
        in_word_run = len(run) > 1 and any(_is_long_word(m) for m in run)
        for match in run:
            pieces.append(text[last:match.start()])
            pieces.append(_speak(match, in_word_run))
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)
