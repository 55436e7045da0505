"""Peak memory and wall time of `narrate` on one article repeated to ≈ 2,000, 8,000 and 30,000 words.

Every run is the real command in a subprocess (sentence cache off, so every sentence is spoken);
peak RSS is the largest of the process and its children (getrusage via wait4). With `--before
DIR` the same runs use the code checked out at DIR (e.g. /work/main) for a side-by-side column.
Targets (issue 13): peak RSS within 10 % of the 2,000-word figure and under 600 MB; seconds per
minute of audio no worse than before.

    python bench/bench_memory.py [--voice espeak-de] [--words 2000 8000 30000] [--before /work/main]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import soundfile

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "samples" / "long" / "klimagipfel.txt"
TARGET_RSS_GROWTH = 0.10
TARGET_RSS_MB = 600


@dataclass(frozen=True)
class Run:
    rss_mb: float
    wall_s: float
    cpu_s: float  # user + system of narrate and its children (ffmpeg): steadier than wall on a busy machine
    audio_min: float

    @property
    def s_per_audio_min(self) -> float:
        return self.wall_s / self.audio_min

    @property
    def cpu_per_audio_min(self) -> float:
        return self.cpu_s / self.audio_min


def build_article(words: int, dest: Path) -> int:
    """The sample article's cleaned text repeated (a numbered part per copy) to ≈ `words` words."""
    sys.path.insert(0, str(REPO))
    from narrate.article import load_article

    article = load_article(ARTICLE)
    lines, count, part = [f"# {article.title}", ""], 0, 0
    while count < words:
        part += 1
        for index, section in enumerate(article.sections):
            lines += [f"## {section.heading or 'Fortsetzung'} (Teil {part}.{index + 1})", ""]
            for paragraph in section.paragraphs:
                if count >= words:
                    break
                # each copy says which part it is: narrate speaks a repeated paragraph only once
                lines += [f"In Teil {part}: {paragraph}" if part > 1 else paragraph, ""]
                count += len(paragraph.split())
    dest.write_text("\n".join(lines), encoding="utf-8")
    return count


def run_narrate(code: Path, article: Path, out: Path, voice: str) -> Run:
    """One `narrate ARTICLE -o OUT` with `code` first on the path; peak RSS of the whole tree."""
    env = dict(os.environ, PYTHONPATH=str(code), NARRATE_CACHE_MAX_MB="0")
    command = [sys.executable, "-m", "narrate", str(article), "-o", str(out), "--voice", voice]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        return Run(usage.ru_maxrss / 1024, wall, cpu, float("nan"))  # e.g. MemoryError: shown as failed
    audio_min = soundfile.info(str(out)).duration / 60
    if "wrote" not in stderr and not out.exists():
        raise SystemExit(f"{command} wrote nothing:\n{stderr}")
    return Run(usage.ru_maxrss / 1024, wall, cpu, audio_min)


def show(run: Run | None) -> str:
    if run is None:
        return f"{'—':>10}{'—':>11}{'—':>10}"
    if run.audio_min != run.audio_min:
        return f"{run.rss_mb:>10.0f}{'failed':>11}{'failed':>10}"
    return f"{run.rss_mb:>10.0f}{run.s_per_audio_min:>11.2f}{run.cpu_per_audio_min:>10.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice", default="espeak-de")
    parser.add_argument("--words", type=int, nargs="+", default=[2000, 8000, 30000])
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with (e.g. /work/main)")
    parser.add_argument("--before-max-words", type=int, default=10**9,
                        help="skip the before-runs above this length (they may need GBs)")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for words in args.words:
            article = Path(tmp) / f"article-{words}.md"
            actual = build_article(words, article)
            after = run_narrate(REPO, article, Path(tmp) / f"after-{words}.mp3", args.voice)
            before = None
            if args.before and words <= args.before_max_words:
                before = run_narrate(args.before, article, Path(tmp) / f"before-{words}.mp3", args.voice)
            rows.append((actual, after, before))
            print(f"  {actual} words done: after {after}, before {before}", flush=True)

    print(f"voice {args.voice}, {os.cpu_count()} cores; RSS = peak of narrate and its children")
    head = f"{'RSS MB':>10}{'wall s/min':>11}{'cpu s/min':>10}"
    print(f"{'words':>7}{'audio min':>11}{head}   before:{head}")
    for words, after, before in rows:
        print(f"{words:>7}{after.audio_min:>11.1f}{show(after)}   {'':7}{show(before)}")
    base = rows[0][1].rss_mb
    worst = max(r[1].rss_mb for r in rows)
    print(f"peak RSS growth over the {rows[0][0]}-word run: {(worst / base - 1) * 100:+.1f} % "
          f"(target ≤ {TARGET_RSS_GROWTH * 100:.0f} %), largest {worst:.0f} MB (target < {TARGET_RSS_MB} MB)")
    compared = [(a, b) for _, a, b in rows if b is not None and b.audio_min == b.audio_min]
    if compared:
        for label, field in (("wall", "wall_s"), ("CPU", "cpu_s")):
            after_speed = sum(getattr(a, field) for a, _ in compared) / sum(a.audio_min for a, _ in compared)
            before_speed = sum(getattr(b, field) for _, b in compared) / sum(b.audio_min for _, b in compared)
            print(f"{label} seconds per audio minute over the compared runs: {after_speed:.2f} after, "
                  f"{before_speed:.2f} before (target: after ≤ before)")


if __name__ == "__main__":
    main()
