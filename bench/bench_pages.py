"""Score narrate's article front-end on real German pages, beside plain trafilatura.extract().

Run: .venv/bin/python bench/bench_pages.py [--limit N] [--misses] [--dump FOLDER]
Pages are read from ../shared/real-world/pages (override with NARRATE_REAL_PAGES), never copied.
Scoring (issue 10): a snippet counts as spoken when it occurs in the spoken texts (title, chapter
titles, sentences, joined) after ignoring case, white space and quotation-mark style. Prints, per
extractor: share of `with` snippets spoken, share of `without` snippets spoken (and of those spoken
outside the first text, i.e. the headline, which narrate speaks by design), pages fully right,
pages that fail, seconds per page; then narrate's pages with misses, and the front-end time of the
pages of 2,000 words or more (target < 0.5 s).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO)]

from narrate.article import load_article  # noqa: E402
from narrate.config import TextSettings  # noqa: E402
from narrate.errors import NarrateError  # noqa: E402
from narrate.german import build_script, load_lexicon  # noqa: E402

# `with` snippets left out of the count, as issue 10 allows for captions and data-table cells: narrate
# drops <figure>/<figcaption> and reads no grid of figures aloud, by design. Each listed with its reason.
EXCLUDED = {
    ("autohaus.de-skode.html", "Das neue Top-Modell"): "image caption (<figcaption>)",
    ("smava.de.privatkredit.html", "286,35 €"): "data-table cell (a 5-column grid of loan figures)",
    ("rheinruhronline.de.essenwestviertel.html", "Essen-Westviertel Ehemaliges Press- und"):
        "image caption (<figcaption>)",
}
_QUOTES = str.maketrans({c: '"' for c in "„“”‟«»‹›‚‘’‛'`´"})
_SPACE = re.compile(r"[\s\u00ad\u200b-\u200d\u2060\ufeff]+")  # white space and invisible characters


def _pages_dir() -> Path:
    return Path(os.environ.get("NARRATE_REAL_PAGES", REPO.parent / "shared" / "real-world" / "pages"))


def norm(text: str) -> str:
    """Case, white space (and invisible soft hyphens, which narrate removes) and quotation-mark style ignored."""
    return _SPACE.sub("", text.casefold().translate(_QUOTES))


def narrate_texts(path: Path, settings: TextSettings, lexicon) -> list[str]:
    """The spoken texts, the headline first (the column "not in headline" leaves out texts[0])."""
    script = build_script(load_article(path), settings, lexicon)
    return [script.title.text] + [s.text for s in script.spoken_order() if s is not script.title]


def trafilatura_texts(path: Path) -> list[str]:
    import trafilatura

    text = trafilatura.extract(path.read_text(encoding="utf-8", errors="replace"))
    if text is None:
        raise ValueError("no text")
    return text.split("\n")


def score(name: str, run: Callable[[Path], list[str]], pages: list[dict], folder: Path,
          headline: bool = True) -> dict:
    kept = with_total = spoken = without_total = right = in_title = 0
    failed, misses, seconds, outputs = [], [], [], {}
    for page in pages:
        start = time.perf_counter()
        try:
            texts = run(folder / page["file"])
        except (NarrateError, ValueError) as error:
            texts = []
            failed.append((page["file"], str(error)[:100]))
        seconds.append((time.perf_counter() - start, page["file"]))
        outputs[page["file"]] = texts
        joined = norm(" ".join(texts))
        wanted = [s for s in page["with"] if (page["file"], s) not in EXCLUDED]
        lost = [s for s in wanted if norm(s) not in joined]
        leaked = [s for s in page["without"] if norm(s) in joined]
        body = norm(" ".join(texts[1:]))
        in_title += sum(norm(s) not in body for s in leaked)  # the headline is spoken by design
        kept += len(wanted) - len(lost)
        with_total += len(wanted)
        spoken += len(leaked)
        without_total += len(page["without"])
        right += not lost and not leaked
        if lost or leaked:
            misses.append((page["file"], lost, leaked))
    return {"name": name, "with": kept / with_total, "without": spoken / without_total, "right": right,
            "without_body": (spoken - in_title) / without_total if headline else None,
            "pages": len(pages), "failed": failed, "misses": misses, "seconds": seconds, "outputs": outputs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--misses", action="store_true", help="print every missed snippet")
    parser.add_argument("--dump", type=Path, help="write narrate's spoken text per page into this folder")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    folder = _pages_dir()
    if not (folder / "pages.json").is_file():
        print(f"no pages at {folder}; set NARRATE_REAL_PAGES")
        return
    pages = json.loads((folder / "pages.json").read_text(encoding="utf-8"))
    pages = pages[: args.limit] if args.limit else pages
    settings = TextSettings()
    lexicon = load_lexicon(settings.lexicon)
    import trafilatura  # noqa: F401  (import time kept out of the first page's figure)

    results = [score("narrate", lambda p: narrate_texts(p, settings, lexicon), pages, folder),
               score("trafilatura extract()", trafilatura_texts, pages, folder, headline=False)]
    print(f"{len(pages)} real pages from {folder}")
    print("`with` snippets not counted: " + "; ".join(f"{f}: {s!r} ({why})" for (f, s), why in EXCLUDED.items()) + "\n")
    print(f"| {'':22} | with kept | without spoken | (not in headline) | pages fully right | failed | s/page |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        mean = sum(s for s, _ in r["seconds"]) / len(r["seconds"])
        print(f"| {r['name']:22} | {r['with']:8.1%} | {r['without']:13.1%} | {_share(r['without_body']):>16} "
              f"| {r['right']:>5} / {r['pages']:<5}"
              f" | {len(r['failed']):>6} | {mean:6.3f} |")
    ours = results[0]
    for file, error in ours["failed"]:
        print(f"FAILED {file}: {error}")
    _print_speed(ours, folder)
    print(f"\nnarrate: {len(ours['misses'])} pages with misses")
    for file, lost, leaked in ours["misses"]:
        if args.misses:
            print(f"  {file}\n" + "".join(f"     lost:   {s[:90]!r}\n" for s in lost)
                  + "".join(f"     spoken: {s[:90]!r}\n" for s in leaked), end="")
        else:
            print(f"  {file}: {len(lost)} lost, {len(leaked)} noise spoken")
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for file, texts in ours["outputs"].items():
            (args.dump / (file + ".txt")).write_text("\n".join(texts) + "\n", encoding="utf-8")


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _best_of_three(path: Path) -> float:
    """Whole front-end (read, extract, clean, split, spoken form) of one page, best of three runs."""
    settings = TextSettings()
    lexicon = load_lexicon(settings.lexicon)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        narrate_texts(path, settings, lexicon)
        runs.append(time.perf_counter() - start)
    return min(runs)


def _print_speed(result: dict, folder: Path) -> None:
    """Front-end seconds of the pages whose spoken text has 2,000 words or more."""
    long = [(s, f) for s, f in result["seconds"]
            if len(" ".join(result["outputs"][f]).split()) >= 2000]
    if long:
        again = sorted(_best_of_three(folder / f) for _, f in sorted(long)[-3:])
        print(f"\npages of ≥ 2,000 spoken words: {len(long)}; the 3 slowest, timed again (best of 3): "
              + ", ".join(f"{s:.3f} s" for s in again) + " (target < 0.5 s)")
    slowest = max(result["seconds"])
    print(f"slowest page overall: {slowest[0]:.3f} s ({slowest[1]})")


if __name__ == "__main__":
    main()
