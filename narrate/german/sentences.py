"""German sentence splitting, and cutting long sentences into chunks a voice handles well.

Rule-based and linear in the text's length: candidate boundaries are sentence-final punctuation
followed by white space; a full stop is then judged by narrate.german.sentence_rules (abbreviations,
ordinals, dates, initials, Roman numerals). Written for this MIT project; no GPL code is used.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right

from narrate.config import DEFAULT_MAX_CHUNK_CHARS
from narrate.german.sentence_rules import period_ends_sentence

logger = logging.getLogger(__name__)

_CLOSERS = "\"'”“’‘»«›‹)\\]}"
# Terminal punctuation with what clings to it: closing quotes/brackets, footnote marks "[6]".
_TERMINAL = re.compile(rf"[.!?…](?:[.!?…{_CLOSERS}]|\[\d{{1,3}}\])*")
_STOP_AFTER_CLOSER = re.compile(rf"[{_CLOSERS}]\.")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_SPACE = re.compile(r"\s*")
_TOKEN = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")
_WORD_START = re.compile(r"[^\W_]+")
_OPENERS = "„\"“”‚‘’'«»‹›([{¿¡•·*–—-"
_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Sm", "Cs", "Co", "Mn", "Me", "Cf"})
# ASCII emoticons cling to the sentence before them like emoji: "Toll! :-) Weiter so."
_EMOTICON = re.compile(r"[:;=8][-'^o]?[()\[\]DPpOo3/\\|*]+|[()][-'^o]?[:;=]|<3|\^\^|[xX]D+")
# Rule "credits": an agency credit in parentheses after a sentence ("(dpa)", "(dpa / ap)") is a
# sentence of its own, kept apart from the one after it.
_CREDIT = re.compile(r"\((?:[a-z]{2,4}|[A-Z]{2,4})(?:\s?[/,]\s?(?:[a-z]{2,4}|[A-Z]{2,4}))*\)(?=\s+\S|\s*$)")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph of cleaned German text into its sentences, each stripped, text unchanged.

    A blank line inside the paragraph always ends a sentence; single line breaks do not. Joining
    the result with spaces gives back the paragraph modulo white space. Empty input gives [].
    """
    sentences: list[str] = []
    for block in _BLANK_LINE.split(paragraph):
        sentences.extend(_split_block(block))
    return sentences


def _split_block(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    first_letter = _LETTER.search(text)
    for match in _TERMINAL.finditer(text):
        end = match.end()
        if match.start() < start or (end < len(text) and not text[end].isspace()):
            continue
        if first_letter is None or first_letter.start() >= match.start():
            continue  # "1." or "• 3." opening a list item is not a sentence
        cut = _boundary(text, match)
        if cut is None:
            continue
        sentence = text[start:cut].strip()
        if sentence:
            sentences.append(sentence)
        start = cut
        credit = _CREDIT.match(text, _SPACE.match(text, cut).end())
        if credit:
            sentences.append(credit.group())
            start = credit.end()
        first_letter = _LETTER.search(text, start)
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _is_symbols(token: str) -> bool:
    if _EMOTICON.fullmatch(token):
        return True
    return all(unicodedata.category(c) in _SYMBOL_CATEGORIES or c == "\u200d" for c in token)


def _boundary(text: str, match: re.Match[str]) -> int | None:
    """Where the sentence ending in `match` ends (emoji after it cling to it), or None."""
    cut = match.end()
    pos = _SPACE.match(text, cut).end()
    while pos < len(text):
        token = _TOKEN.match(text, pos).group()
        if not _is_symbols(token):
            break
        cut = pos + len(token)  # "Großartig! 👍 Weiter so!"
        pos = _SPACE.match(text, cut).end()
    if pos >= len(text):
        return cut
    token = _TOKEN.match(text, pos).group()
    return cut if _ends_before(text, match, token) else None


def _ends_before(text: str, match: re.Match[str], token: str) -> bool:
    """Whether the punctuation in `match` ends a sentence, given the next token."""
    if token[0] in ",;:)]}":
        return False  # "„Geh!“, sagte sie"
    if token[0] in "@#" or (token[0] == "(" and _CREDIT.match(text, text.index(token, match.end()))):
        return True
    word = token.lstrip(_OPENERS)
    if not word or word[0].islower():
        return not word
    cluster = match.group()
    if "?" in cluster or "!" in cluster or _STOP_AFTER_CLOSER.search(cluster):
        return True  # "(ca.). Dann": the stop after the bracket is the sentence's own
    if "…" in cluster or ".." in cluster:
        return text[match.start() - 1 : match.start()] not in ("[", "(")  # "[…]" is an omission
    next_word = _WORD_START.match(word)
    next_is_digit = word[0].isdigit()
    letters = "" if next_is_digit or next_word is None else next_word.group()
    return period_ends_sentence(_tokens_before(text, match.start()), letters, next_is_digit)


def _tokens_before(text: str, pos: int, count: int = 3) -> list[str]:
    """Up to `count` white-space separated tokens ending at `pos`, the last one first-cut at pos."""
    tokens: list[str] = []
    end = pos
    while len(tokens) < count and end > 0:
        begin = end
        while begin > 0 and not text[begin - 1].isspace():
            begin -= 1
        tokens.append(text[begin:end])
        end = begin
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == 0 or not tokens[-1] or (len(tokens) > 1 and len(tokens[-1]) > 6):
            break
    return tokens[::-1]


# ── long sentences → chunks for synthesis ────────────────────────────────────

_CONJUNCTIONS = (
    "und|oder|aber|denn|sondern|doch|jedoch|weil|dass|daß|da|die|der|das|dem|den|deren|dessen|"
    "wenn|als|ob|obwohl|obgleich|während|nachdem|bevor|ehe|damit|sodass|so dass|indem|seit|"
    "seitdem|bis|falls|sofern|soweit|wobei|womit|wodurch|wo|wie|was|wer|welche|welcher|welches|"
    "welchem|welchen|um|ohne|statt|anstatt|zumal|sowie|weshalb|weswegen|wohingegen"
)
# Clause boundaries in order of preference; each match's end is where a chunk may end.
_CUT_TIERS = (
    re.compile(r";(?=\s)"),
    re.compile(r":(?=\s)"),
    re.compile(r"\s[–—-](?=\s)"),
    re.compile(rf",(?=\s+(?:{_CONJUNCTIONS})\b)"),
    re.compile(r",(?=\s)"),
    re.compile(r"(?=\s)(?<=\S)"),
)


def chunk_for_synthesis(spoken: str, max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[str]:
    """Cut a spoken sentence into chunks of at most `max_chars` characters at clause boundaries.

    Prefers ; then : then a spaced dash, then a comma before a conjunction or relative pronoun,
    any comma, a space, and cuts a word longer than `max_chars` hard. Chunks are stripped and
    non-empty, none shorter than a fifth of `max_chars` unless the sentence is, and joined with
    spaces give back the sentence modulo white space. A sentence that fits comes back as [spoken].
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    text = spoken.strip()
    if len(text) <= max_chars:
        return [text] if text else []
    tiers = [[m.end() for m in tier.finditer(text)] for tier in _CUT_TIERS]
    min_chars = max(1, max_chars // 5)
    chunks: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        cut = _choose_cut(tiers, start, len(text), max_chars, min_chars)
        chunks.append(text[start:cut].strip())
        start = _SPACE.match(text, cut).end()
    chunks.append(text[start:])
    logger.debug("cut a %d-character sentence into %d chunks", len(text), len(chunks))
    return chunks


def _choose_cut(tiers: list[list[int]], start: int, end: int, max_chars: int, min_chars: int) -> int:
    """The best end for the chunk starting at `start`: highest tier, then nearest a balanced cut."""
    pieces = math.ceil((end - start) / max_chars)
    target = start + (end - start) / pieces
    low, high = start + min_chars, min(start + max_chars, end - min_chars)
    for positions in tiers:
        first, last = bisect_left(positions, low), bisect_right(positions, high)
        if first < last:
            nearest = bisect_left(positions, target, first, last)
            around = positions[max(first, nearest - 1) : min(last, nearest + 1)]
            return min(around, key=lambda p: abs(p - target))
    return max(low, min(high, round(target)))
