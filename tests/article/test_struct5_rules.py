"""Issue 10, round 4 (structure, pages 169-337): page chrome found by its structure, each rule tested on
short real-looking snippets written for this project (never text of the shared pages).
"""

from __future__ import annotations

import pytest

from narrate.article.page import parse_page, prune
from tests.article.snippets import LEAD, BODY, page as _page

ARTICLE = f"<main><article><h1>Fernwärme wird teurer</h1><p>{LEAD}</p><p>{BODY}</p></article>"


def _dropped(box: str) -> dict[str, int]:
    return prune(parse_page(_page(f"{ARTICLE}{box}</main>")))


# ── class words: a dialog over the page, the fine print under the comments ──

CLASS_BOXES = [
    # (name, box beside the article, rule expected to drop it or None)
    ("a framework's modal dialog", "<div id='hilfe' class='reveal-modal'><h2>Hilfe</h2><p>Sie können "
     "Suchbegriffe mit und, oder verknüpfen.</p></div>", "class modal"),
    ("a sign-up popup", "<div class='signup-popup'><p>Nichts mehr verpassen!</p></div>", "class popup"),
    ("the comments' legal notes", "<div class='legal'><strong>Rechtliche Hinweise:</strong><p>Die Kommentare "
     "geben nicht die Meinung der Redaktion wieder.</p></div>", "class legal"),
    ("a disclaimer box", "<p class='article-disclaimer'>Alle Angaben ohne Gewähr.</p>", "class disclaimer"),
    ("modal in the middle of a name does not count",
     "<div class='page-modal-wrap'><p>Die Stadtwerke informieren.</p></div>", None),
    ("a word that only contains modal is no dialog", "<div class='bimodal'><p>Die Stadtwerke informieren.</p>"
     "</div>", None),
    ("legal in the middle of a name does not count", "<div class='post-legal-text'><p>Die Stadtwerke "
     "informieren.</p></div>", None),
]


@pytest.mark.parametrize("name,box,rule", CLASS_BOXES, ids=[c[0] for c in CLASS_BOXES])
def test_class_words(name, box, rule):
    dropped = _dropped(box)
    assert (rule in dropped) if rule else dropped == {}
