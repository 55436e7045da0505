"""An FAQ the page declares in schema.org JSON-LD (FAQPage), read where the extraction lost it.

Guide pages end with an FAQ accordion, its questions and answers also given as JSON-LD FAQPage for
search engines. The accordion is article text (questions as sub-headings, answers as paragraphs);
where the extraction holds under half of the declared questions, the declared FAQ is appended as
one section per question (no heading is made up above them). Where it holds half or more, nothing is added: an FAQ is never spoken
twice. Answers may carry HTML markup; only their text is read.
"""

from __future__ import annotations

import logging

from lxml import etree, html as lxml_html

from narrate.article.cleaning import Block, squash
from narrate.article.page import json_ld_objects

log = logging.getLogger(__name__)


def declared_faq(tree: etree._Element) -> list[tuple[str, str]]:
    """(question, answer) pairs of the page's JSON-LD FAQPage, in order; [] when it declares none."""
    pairs = []
    for item in json_ld_objects(tree):
        if "FAQPage" in str(item.get("@type", "")):
            pairs += [pair for entity in _entities(item.get("mainEntity")) if (pair := _pair(entity))]
    return pairs


def with_declared_faq(blocks: list[Block], faq: list[tuple[str, str]]) -> list[Block]:
    """blocks, followed by the declared FAQ when the extraction holds under half of its questions."""
    if not faq:
        return blocks
    seen = _key(" ".join(b.text for b in blocks))
    present = sum(_key(question) in seen for question, _ in faq)
    if present * 2 >= len(faq):
        return blocks
    log.info("the page declares an FAQ of %d questions (JSON-LD FAQPage), %d of them extracted; "
             "reading the declared FAQ", len(faq), present)
    added = []
    for question, answer in faq:
        added += [Block("heading", question), Block("para", answer)]
    return blocks + added


def _pair(entity) -> tuple[str, str] | None:
    if not isinstance(entity, dict):
        return None
    answer = entity.get("acceptedAnswer")
    answer = answer[0] if isinstance(answer, list) and answer else answer
    question = entity.get("name") if isinstance(entity.get("name"), str) else ""
    text = answer.get("text") if isinstance(answer, dict) and isinstance(answer.get("text"), str) else ""
    question, text = squash(question), _text_of(text)
    return (question, text) if question and text else None


def _text_of(markup: str) -> str:
    """An answer's text: its HTML markup (<p>, <a>, <br>) removed."""
    if "<" not in markup:
        return squash(markup)
    try:
        return squash(lxml_html.fromstring(f"<div>{markup}</div>").text_content())
    except (etree.ParserError, ValueError):
        return squash(markup)


def _entities(value):
    return value if isinstance(value, list) else [value] if isinstance(value, dict) else []


def _key(text: str) -> str:
    return "".join(text.casefold().split())
