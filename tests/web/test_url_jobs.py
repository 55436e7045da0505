"""URLs among the batch's inputs: where their MP3s go, and what two URLs with one name do."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.batch.jobs import FAILED, collect_jobs, split_clashes

URL = "https://www.example.de/politik/wahl-in-bremen-100.html"


@pytest.mark.parametrize("inputs, output, expected", [
    ([URL], None, ["wahl-in-bremen-100.mp3"]),
    ([URL], "o", ["o/wahl-in-bremen-100.mp3"]),
    ([URL], "x.mp3", ["x.mp3"]),
    ([URL, "a.md"], "o", ["o/wahl-in-bremen-100.mp3", "o/a.mp3"]),
    (["d", URL], "o", ["o/b.mp3", "o/wahl-in-bremen-100.mp3"]),
])
def test_urls_mix_with_files_and_folders(tmp_path: Path, monkeypatch, inputs, output, expected) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b.txt").write_text("B\n\nText.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    (tmp_path / "o").mkdir()
    monkeypatch.chdir(tmp_path)  # a URL without -o lands in the current folder
    paths = [p if p.startswith("https:") else tmp_path / p for p in inputs]
    jobs = collect_jobs(paths, tmp_path / output if output else None, None)
    assert [j.dest if j.dest.is_absolute() else tmp_path / j.dest for j in jobs] == [tmp_path / e for e in expected]
    assert [j.source for j in jobs if j.from_web] == [URL]  # the URL itself, never a folded Path


def test_two_urls_with_one_name_clash(tmp_path: Path) -> None:
    urls = [URL, URL.replace("politik", "regional")]
    jobs, clashes = split_clashes(collect_jobs(urls, tmp_path, None))
    assert [j.source for j in jobs] == [URL]
    assert clashes[0].status == FAILED and clashes[0].source == urls[1] and URL in clashes[0].error
