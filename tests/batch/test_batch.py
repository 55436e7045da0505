"""Batch conversion: mirrored tree, incremental records, sentence cache, failures, Ctrl-C, concurrency.

End-to-end tests run the real `narrate` command (real espeak-ng, real ffmpeg, real MP3s) on small
German articles written here, with the sentence cache in a temporary folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audio_checks import check_mp3
from narrate.batch.jobs import (
    FAILED, RECORD_TAG, SKIPPED, WRITTEN, BatchOptions, Job, collect_jobs, convert_one, output_lock,
    read_record,
)
from narrate.batch.pool import default_jobs
from narrate.batch.cache import CACHE_DIR_ENV
from narrate.errors import SettingsError

VOICE = "espeak-de"

ARTICLES = {
    "politik/wahl.md": (
        "# Bürgerschaft in Bremen neu gewählt\n\n"
        "Die Bremer haben am Sonntag eine neue Bürgerschaft gewählt. "
        "Die Beteiligung lag höher als vor vier Jahren.\n\n"
        "## Das Ergebnis\n\n"
        "Die Regierung kann weiter regieren. Die Opposition gewann leicht hinzu.\n"),
    "wirtschaft/preise.txt": (
        "Preise steigen langsamer\n\n"
        "Die Inflation ging im Mai deutlich zurück. Lebensmittel wurden kaum teurer.\n\n"
        "Ökonomen erwarten eine ruhige Entwicklung.\n"),
    "kultur/oper.html": (
        "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>Oper öffnet wieder</title>"
        "</head><body><main><article><h1>Die Oper öffnet wieder</h1>"
        "<p>Nach langer Sanierung öffnet das Haus am Rhein wieder seine Türen.</p>"
        "<p>Die erste Premiere ist bereits ausverkauft.</p></article></main></body></html>"),
    "kurz.txt": "Ein kurzer Text\n\nDer Zug fährt heute pünktlich ab.\n",
}
HIDDEN = {".entwurf.md": "# Entwurf\n\nNicht vorlesen.\n", ".git/notiz.txt": "Notiz\n\nGeheim.\n"}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def expected_mp3s(out: Path, files=ARTICLES) -> set[Path]:
    return {(out / rel).with_suffix(".mp3") for rel in files}


# ── units: jobs, options, locks, records ─────────────────────────────────────


def test_collect_jobs_mirrors_folders_and_skips_hidden(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "in", {**ARTICLES, **HIDDEN, "bild.png": "x", "alt.mp3": "x"})
    jobs = collect_jobs([src], tmp_path / "out", None)
    assert {j.dest for j in jobs} == expected_mp3s(tmp_path / "out")
    assert {j.source for j in jobs} == {src / rel for rel in ARTICLES}


@pytest.mark.parametrize("glob, expected", [
    ("*.md", {"politik/wahl.md"}),
    ("*.txt", {"wirtschaft/preise.txt", "kurz.txt"}),
    ("kultur/*", {"kultur/oper.html"}),
    (None, set(ARTICLES)),
])
def test_glob_narrows(tmp_path: Path, glob: str | None, expected: set[str]) -> None:
    src = write_tree(tmp_path / "in", ARTICLES)
    jobs = collect_jobs([src], None, glob)
    assert {j.source.relative_to(src).as_posix() for j in jobs} == expected
    assert all(j.dest == j.source.with_suffix(".mp3") for j in jobs)  # beside each input


@pytest.mark.parametrize("paths, output, expected", [
    (["a.md"], None, ["a.mp3"]),
    (["a.md"], "x.mp3", ["x.mp3"]),
    (["a.md"], "o", ["o/a.mp3"]),
    (["a.md", "d/b.txt"], "o", ["o/a.mp3", "o/b.mp3"]),
    (["d", "a.md"], "o", ["o/b.mp3", "o/a.mp3"]),
])
def test_files_and_folders_mixed(tmp_path: Path, paths, output, expected) -> None:
    write_tree(tmp_path, {"a.md": "# A\n\nText.\n", "d/b.txt": "B\n\nText.\n"})
    (tmp_path / "o").mkdir()
    jobs = collect_jobs([tmp_path / p for p in paths], tmp_path / output if output else None, None)
    assert [j.dest for j in jobs] == [tmp_path / e for e in expected]


def test_output_inside_input_and_own_page_are_not_articles(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "in", ARTICLES)
    write_tree(src / "out", {"politik/wahl.txt": "Alt\n\nSchon umgewandelt.\n",
                             "index.html": '<html><head><meta name="generator" content="narrate 0.1">'})
    jobs = collect_jobs([src], src / "out", None)
    assert {j.source.relative_to(src).as_posix() for j in jobs} == set(ARTICLES)
    write_tree(src, {"index.html": '<html><head><meta name="generator" content="narrate 0.1">'})
    assert len(collect_jobs([src], None, None)) == len(ARTICLES) + 1  # out/ is an ordinary folder now


def test_mp3_output_with_several_inputs_is_refused(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "in", ARTICLES)
    with pytest.raises(SettingsError, match="several articles"):
        collect_jobs([src], tmp_path / "all.mp3", None)


@pytest.mark.parametrize("jobs", [0, -1, 65])
def test_jobs_range(jobs: int) -> None:
    with pytest.raises(SettingsError, match="--jobs"):
        BatchOptions(jobs=jobs)


@pytest.mark.parametrize("engine, jobs, threads, cores, expected", [
    ("espeak", None, None, 2, (2, None)),
    ("espeak", 1, None, 8, (1, None)),
    ("coqui", None, None, 2, (2, 1)),
    ("coqui", 1, None, 2, (1, 2)),
    ("coqui", 2, None, 2, (2, 1)),
    ("coqui", None, 2, 2, (1, 2)),
    ("coqui", None, 4, 2, (1, 4)),
    ("coqui", None, 2, 8, (4, 2)),
    ("coqui", 3, None, 2, (3, 1)),
])
def test_default_jobs(engine, jobs, threads, cores, expected) -> None:
    assert default_jobs(engine, jobs, threads, cores) == expected


def test_output_lock_excludes_a_second_holder(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b.mp3"
    with output_lock(dest) as first:
        assert first and (tmp_path / "a" / ".b.mp3.lock").exists()
        held = subprocess.run([sys.executable, "-c",
                               "import sys; from pathlib import Path; from narrate.batch.jobs import output_lock\n"
                               "with output_lock(Path(sys.argv[1])) as mine: print(mine)", str(dest)],
                              capture_output=True, text=True, check=True)
        assert held.stdout.strip() == "False"
    assert not (tmp_path / "a" / ".b.mp3.lock").exists()
    with output_lock(dest) as again:
        assert again


@pytest.mark.parametrize("content", [None, b"", b"not an mp3 at all", b"ID3\x03\x00\x00\x00\x00\x00\x00"])
def test_read_record_of_a_foreign_file_is_none(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "x.mp3"
    if content is not None:
        path.write_bytes(content)
    assert read_record(path) is None


class _BrokenNarrator:
    """Stands in for a narrator hitting a bug: convert_one (the thing tested) must contain it."""

    settings = None
    engine = None

    def prepare_script(self, source: Path):
        raise ZeroDivisionError("division by zero")


def test_an_internal_error_is_one_failed_article(tmp_path: Path) -> None:
    job = Job(tmp_path / "a.txt", tmp_path / "a.mp3")
    result = convert_one(_BrokenNarrator(), "key", job, BatchOptions())
    assert result.status == FAILED and "internal error ZeroDivisionError" in result.error
    assert not job.dest.exists() and not (tmp_path / ".a.mp3.lock").exists()


# ── end to end: the real command ─────────────────────────────────────────────


@pytest.fixture
def env(tmp_path: Path) -> dict:
    return {**os.environ, CACHE_DIR_ENV: str(tmp_path / "cache"), "NARRATE_VOICE": VOICE,
            "COLUMNS": "200"}


def narrate(env: dict, *args, check_rc: int | None = 0) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "narrate", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=600)
    if check_rc is not None:
        assert done.returncode == check_rc, done.stderr + done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    return done


def report_of(path: Path) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {Path(a["source"]).name: a for a in data["articles"]}


def finals(root: Path) -> set[Path]:
    """MP3s under their final names (temporary ones are hidden `.NAME.….part.mp3`)."""
    return {p for p in root.rglob("*.mp3") if not p.name.startswith(".")}


def leftovers(root: Path) -> list[Path]:
    """Temporary or lock files that must not outlive a run."""
    return [p for p in root.rglob(".*") if p.is_file() and (".part" in p.name or p.name.endswith(".lock"))]


@pytest.fixture
def converted(tmp_path: Path, env: dict) -> tuple[Path, Path, dict]:
    """A first run: the tree converted into OUT with two workers."""
    src = write_tree(tmp_path / "in", {**ARTICLES, **HIDDEN})
    out = tmp_path / "out"
    narrate(env, src, "-o", out, "--jobs", 2, "--report", tmp_path / "first.json")
    return src, out, report_of(tmp_path / "first.json")


def test_first_run_mirrors_the_tree(converted, tmp_path: Path) -> None:
    src, out, report = converted
    assert set(out.rglob("*.mp3")) == expected_mp3s(out)
    assert {a["status"] for a in report.values()} == {WRITTEN} and len(report) == len(ARTICLES)
    for entry in report.values():
        assert entry["sentences_synthesized"] >= 2 and entry["sentences_cached"] == 0
        assert entry["error"] is None and entry["seconds"] > 0
        assert Path(entry["output"]).is_file()
    facts = check_mp3(out / "politik" / "wahl.mp3")
    assert [c["tags"]["title"] for c in facts.chapters][1] == "Das Ergebnis"
    assert str(facts.tags[f"TXXX:{RECORD_TAG}"]).startswith("1:")
    assert not leftovers(out)


def test_rerun_skips_and_force_redoes_from_cache(converted, tmp_path: Path, env: dict) -> None:
    src, out, _ = converted
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.mp3")}
    again = narrate(env, src, "-o", out, "--report", tmp_path / "again.json")
    assert {a["status"] for a in report_of(tmp_path / "again.json").values()} == {SKIPPED}
    assert "skipped" in again.stderr and {p: p.stat().st_mtime_ns for p in stamps} == stamps
    narrate(env, src, "-o", out, "--force", "--report", tmp_path / "forced.json")
    forced = report_of(tmp_path / "forced.json")
    assert {a["status"] for a in forced.values()} == {WRITTEN}
    assert all(a["sentences_synthesized"] == 0 and a["sentences_cached"] >= 2 for a in forced.values())


def test_edit_resynthesises_only_the_changed_sentence(converted, tmp_path: Path, env: dict) -> None:
    src, out, first = converted
    path = src / "wirtschaft" / "preise.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("kaum teurer", "etwas billiger"),
                    encoding="utf-8")
    narrate(env, src, "-o", out, "--report", tmp_path / "edit.json")
    report = report_of(tmp_path / "edit.json")
    edited = report["preise.txt"]
    assert edited["status"] == WRITTEN and edited["sentences_synthesized"] == 1
    assert edited["sentences_cached"] == first["preise.txt"]["sentences_synthesized"] - 1
    assert all(a["status"] == SKIPPED for name, a in report.items() if name != "preise.txt")
    check_mp3(out / "wirtschaft" / "preise.mp3")


@pytest.mark.parametrize("option, value, check", [
    ("--loudness", -18, dict(target_mono_lufs=-21.0)),
    ("--bitrate", 96, dict(bitrate_kbps=96)),
])
def test_settings_change_reencodes_from_cache(converted, tmp_path: Path, env: dict, option, value,
                                              check) -> None:
    src, out, _ = converted
    narrate(env, src, "-o", out, option, value, "--report", tmp_path / "s.json")
    report = report_of(tmp_path / "s.json")
    assert {a["status"] for a in report.values()} == {WRITTEN}
    assert sum(a["sentences_synthesized"] for a in report.values()) == 0
    check_mp3(out / "kultur" / "oper.mp3", **check)


def test_corrupt_cache_entry_is_redone(converted, tmp_path: Path, env: dict) -> None:
    src, out, _ = converted
    entries = sorted((tmp_path / "cache").rglob("*.f32"))
    victim = entries[len(entries) // 2]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) - 1000])  # truncated, as by a full disk
    done = narrate(env, src, "-o", out, "--force", "--jobs", 1, "--report", tmp_path / "c.json")
    report = report_of(tmp_path / "c.json")
    assert sum(a["sentences_synthesized"] for a in report.values()) == 1
    assert "corrupt cache entry" in done.stderr
    assert victim.exists()  # written again, whole
    for mp3 in out.rglob("*.mp3"):
        check_mp3(mp3)


BAD = {"leer.txt": "", "binär.txt": None, "nichts.md": "# …\n\n— — —\n\n* * *\n"}


def test_bad_articles_do_not_stop_the_batch(tmp_path: Path, env: dict) -> None:
    src = write_tree(tmp_path / "in", {**ARTICLES, **{k: v for k, v in BAD.items() if v is not None}})
    (src / "binär.txt").write_bytes(bytes(range(256)) * 20)
    out = tmp_path / "out"
    done = narrate(env, src, "-o", out, "--report", tmp_path / "r.json", check_rc=1)
    report = report_of(tmp_path / "r.json")
    for name in BAD:
        assert report[name]["status"] == FAILED and report[name]["error"], report[name]
        assert name in done.stderr
        assert not (out / name).with_suffix(".mp3").exists()
    assert set(out.rglob("*.mp3")) == expected_mp3s(out)
    assert "failed" in done.stderr and "written" in done.stderr


def test_single_file_keeps_its_behaviour(tmp_path: Path, env: dict) -> None:
    src = write_tree(tmp_path, {"kurz.txt": ARTICLES["kurz.txt"]}) / "kurz.txt"
    first = narrate(env, src, "-o", tmp_path / "k.mp3")
    assert "wrote" in first.stdout and (tmp_path / "k.mp3").is_file()
    second = narrate(env, src, "-o", tmp_path / "k.mp3")
    assert "skipped" in second.stdout and "--force" in second.stdout
    missing = narrate(env, tmp_path / "fehlt.txt", check_rc=1)
    assert "fehlt.txt" in missing.stderr


def _long_articles(count: int) -> dict[str, str]:
    body = " ".join(f"Dies ist der Satz Nummer {i} über die Verkehrswende in der Stadt." for i in range(12))
    return {f"teil{n}/artikel{n}{i}.txt": f"Artikel {n}{i}\n\n{body}\n\n{body}\n"
            for n in range(2) for i in range(count // 2)}


@pytest.mark.parametrize("target", ["group", "parent"])
def test_interrupted_run_resumes(tmp_path: Path, env: dict, target: str) -> None:
    files = _long_articles(6)
    src, out = write_tree(tmp_path / "in", files), tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "narrate", src, "-o", out, "--jobs", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while not finals(out) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    if target == "group":  # what a terminal's Ctrl-C does
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    finished = finals(out)
    assert finished and finished < expected_mp3s(out, files)
    for mp3 in finished:
        assert read_record(mp3) is not None  # complete: tags are written last
    assert not leftovers(out)
    narrate(env, src, "-o", out, "--report", tmp_path / "resume.json")
    report = report_of(tmp_path / "resume.json")
    assert set(out.rglob("*.mp3")) == expected_mp3s(out, files)
    assert {Path(a["output"]) for a in report.values() if a["status"] == SKIPPED} == finished


def test_two_concurrent_runs_on_one_outdir(tmp_path: Path, env: dict) -> None:
    files = {**ARTICLES, **_long_articles(4)}
    src, out = write_tree(tmp_path / "in", files), tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "narrate", src, "-o", out, "--jobs", "2",
                               "--report", tmp_path / f"r{i}.json"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(2)]
    for proc in procs:
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stderr
    reports = [report_of(tmp_path / f"r{i}.json") for i in range(2)]
    for name in reports[0]:
        statuses = sorted(r[name]["status"] for r in reports)
        assert WRITTEN in statuses, (name, statuses)
    assert set(out.rglob("*.mp3")) == expected_mp3s(out, files)
    for mp3 in out.rglob("*.mp3"):
        check_mp3(mp3)
    assert not leftovers(out)
