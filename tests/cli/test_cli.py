"""End to end through the real `narrate` command: espeak-ng, ffmpeg, real MP3s; and bad input."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audio_checks import check_mp3

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (ROOT / "samples").glob("*") if p.suffix in (".txt", ".md", ".html"))


def narrate(*args: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "narrate", *args], capture_output=True, text=True,
                          env=env, input=stdin, timeout=600)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def script_json(path: Path) -> dict:
    done = narrate("script", str(path), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def narrated(tmp_path_factory) -> dict[str, Path]:
    """Every sample narrated once with espeak-de, in one command (the voice loads once)."""
    out = tmp_path_factory.mktemp("mp3")
    done = narrate(*map(str, SAMPLES), "-o", str(out), "--voice", "espeak-de")
    assert done.returncode == 0, done.stderr
    return {p.name: out / f"{p.stem}.mp3" for p in SAMPLES}


def test_there_is_a_sample_of_every_format():
    assert {p.suffix for p in SAMPLES} == {".txt", ".md", ".html"}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_sample_becomes_a_finished_mp3(sample, narrated):
    script = script_json(sample)
    titles = [script["title"]["text"]] + [c["title"]["text"] for c in script["chapters"][1:]]
    facts = check_mp3(narrated[sample.name], titles)
    words = sum(len(s["spoken"].split()) for c in script["chapters"] for p in c["paragraphs"]
                for s in p["sentences"])
    # espeak-de at 160 words per minute plus pauses: a plausible length, not silence or a loop
    assert words / 4.0 < facts.duration_s < words / 1.5
    assert str(facts.tags["TIT2"]) == script["title"]["text"]
    assert str(facts.tags["TPE1"]) == "espeak-de"


def test_inputs_are_never_modified(tmp_path):
    sample = next(p for p in SAMPLES if p.suffix == ".md")
    copy = tmp_path / sample.name
    shutil.copy(sample, copy)
    before = digest(copy), copy.stat().st_mtime_ns
    done = narrate(str(copy))
    assert done.returncode == 0, done.stderr
    assert (digest(copy), copy.stat().st_mtime_ns) == before
    assert (tmp_path / f"{sample.stem}.mp3").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [sample.name, f"{sample.stem}.mp3"]


def test_script_json_contract():
    script = script_json(next(p for p in SAMPLES if p.suffix == ".html"))
    assert set(script) == {"kicker", "title", "chapters"}
    assert script["kicker"] is None or set(script["kicker"]) == {"text", "spoken"}
    assert set(script["title"]) == {"text", "spoken"}
    assert script["chapters"][0]["title"] is None
    for chapter in script["chapters"]:
        for paragraph in chapter["paragraphs"]:
            for sentence in paragraph["sentences"]:
                assert set(sentence) == {"text", "spoken"}
                assert not any(ch.isdigit() for ch in sentence["spoken"]), sentence


def test_script_reads_stdin():
    done = narrate("script", "-", "--json", stdin="Ein Titel\n\nAm 3. März fiel der Kurs um 5 %.\n")
    assert done.returncode == 0, done.stderr
    script = json.loads(done.stdout)
    assert script["title"]["text"] == "Ein Titel"
    assert "dritten März" in script["chapters"][0]["paragraphs"][0]["sentences"][0]["spoken"]


def test_script_text_shows_the_kicker_first_and_brackets_as_text():
    page = ("<html><head><title>[Update] Norden meldet Rekord</title></head><body><article>"
            "<p class='kicker'>Energiewende</p><h1>[Update] Norden meldet Rekord</h1>"
            "<p>Im Norden gingen im ersten Quartal 412 neue Windräder ans Netz, so viele wie nie.</p>"
            "<p>Der Verband meldete am Mittwoch einen Rekord für die Region.</p></article></body></html>")
    done = narrate("script", "-", "--format", "html", stdin=page)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert lines[:2] == ["Energiewende", "[Update] Norden meldet Rekord"], lines[:3]


def test_info_reports_chapters_and_loudness(narrated):
    mp3 = narrated[SAMPLES[0].name]
    done = narrate("info", str(mp3))
    assert done.returncode == 0, done.stderr
    assert "LUFS" in done.stdout and "dBTP" in done.stdout and "00:00.000" in done.stdout


def test_voices_lists_espeak():
    done = narrate("voices")
    assert done.returncode == 0, done.stderr
    assert "espeak-de" in done.stdout


# ── bad input: one line that says what to do, non-zero exit, no traceback, no output ──────────


def _bad(tmp_path: Path, name: str, content: bytes | None) -> Path:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    return path


BAD_INPUTS = [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \t\n", "empty"),
    ("binary.txt", bytes(range(256)) * 40, "binary"),
    ("noise.txt", "00:00\n\nDiese Audioversion wurde künstlich generiert.\n\nMehr Infos\n\n"
                  "Teilen\n\nFoto: dpa\n".encode(), "no article text"),
    ("emoji.txt", "🙂🙂🙂\n\n🎉🎉\n".encode(), ""),
]


def assert_clean_failure(done: subprocess.CompletedProcess, expect: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, done.stderr
    assert expect.lower() in errors[0].lower(), errors[0]


@pytest.mark.parametrize("name,content,expect", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_fails_cleanly(tmp_path, name, content, expect):
    path = _bad(tmp_path, name, content)
    done = narrate(str(path), "--voice", "espeak-de")
    assert_clean_failure(done, expect)
    assert not list(tmp_path.glob("*.mp3")) and not list(tmp_path.glob(".*"))


def test_directory_where_a_file_is_expected_fails_cleanly(tmp_path):
    done = narrate("script", str(tmp_path))
    assert_clean_failure(done, "")


@pytest.mark.parametrize("option,value,expect", [
    ("--loudness", "5", "--loudness"), ("--bitrate", "65", "--bitrate"), ("--voice", "nobody", "unknown voice"),
])
def test_bad_option_fails_cleanly(tmp_path, option, value, expect):
    done = narrate(str(SAMPLES[0]), "-o", str(tmp_path / "x.mp3"), option, value)
    assert_clean_failure(done, expect)
    assert not list(tmp_path.iterdir())


def _path_with(tmp_path: Path, programs: list[str]) -> dict:
    """An environment whose PATH holds only the venv's python and the named programs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for program in programs:
        (bin_dir / program).symlink_to(shutil.which(program))
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}"}


@pytest.mark.parametrize("present,expect", [
    (["ffmpeg", "ffprobe"], "needs espeak-ng"), (["espeak-ng"], "ffmpeg is not installed"),
])
def test_missing_program_fails_cleanly(tmp_path, present, expect):
    src = tmp_path / "a.txt"
    src.write_text("Titel\n\nEin kurzer Satz.\n", encoding="utf-8")
    done = narrate(str(src), "--voice", "espeak-de", env=_path_with(tmp_path, present))
    assert_clean_failure(done, expect)
    assert "apt-get install" in done.stderr
    assert not list(tmp_path.glob("*.mp3"))


# ── settings used only at the end of a run are checked before any synthesis ──────────────────


def _one_article(tmp_path: Path) -> tuple[Path, dict]:
    src = tmp_path / "in" / "a.txt"
    src.parent.mkdir(parents=True)
    src.write_text("Titel\n\nDer Zug fährt heute pünktlich ab. Er kommt bald an.\n", encoding="utf-8")
    return src, {**os.environ, "NARRATE_CACHE_DIR": str(tmp_path / "cache"), "NARRATE_VOICE": "espeak-de",
                 "COLUMNS": "300"}


def assert_nothing_done(tmp_path: Path) -> None:
    """No MP3 anywhere and no cache folder: not one sentence was synthesised."""
    assert not list(tmp_path.rglob("*.mp3")) and not (tmp_path / "cache").exists()


@pytest.mark.parametrize("value, command", [
    ("nan", []), ("inf", []), ("-1", []), ("1e999", ["cache", "info"]), ("nan", ["cache", "clear"]),
])
def test_bad_cache_bound_is_one_line(tmp_path, value, command):
    src, env = _one_article(tmp_path)
    args = command or [str(src)]
    done = narrate(*args, env={**env, "NARRATE_CACHE_MAX_MB": value})
    assert_clean_failure(done, "NARRATE_CACHE_MAX_MB")
    assert repr(value) in done.stderr
    assert_nothing_done(tmp_path)


@pytest.mark.parametrize("make, glob, expect", [
    (lambda root: None, None, "no article"),
    (lambda root: (root / "bild.png").write_bytes(b"\x89PNG"), None, "no article"),
    (lambda root: (root / "a.txt").write_text("Titel\n\nText.\n"), "*.md", "matches --glob '*.md'"),
], ids=["empty", "no-articles", "glob-matches-nothing"])
def test_a_batch_that_finds_nothing_says_so(tmp_path, make, glob, expect):
    root = tmp_path / "in"
    root.mkdir()
    make(root)
    _, env = _one_article(tmp_path / "other")
    done = narrate(str(root), *(["--glob", glob] if glob else []), env=env)
    assert done.returncode == 1
    assert_clean_failure(done, expect)
    assert str(root) in done.stderr and "nothing to do" in done.stderr


def _report_in_a_folder(tmp_path: Path) -> Path:
    (tmp_path / "r").mkdir()
    return tmp_path / "r"


def _report_under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "f").write_text("x")
    return tmp_path / "f" / "r.json"


@pytest.mark.parametrize("where, expect", [
    (_report_in_a_folder, "is a folder"),
    (_report_under_a_file, "is not a folder"),
    (lambda tmp_path: Path("/proc/narrate-report.json"), "cannot write into /proc"),
], ids=["folder", "under-a-file", "read-only-fs"])
def test_bad_report_path_is_blamed_on_report_before_work(tmp_path, where, expect):
    src, env = _one_article(tmp_path)
    done = narrate(str(src), "-o", str(tmp_path / "out"), "--report", str(where(tmp_path)), env=env)
    assert_clean_failure(done, expect)
    assert "--report" in done.stderr and "another -o" not in done.stderr
    assert_nothing_done(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_report_in_an_unwritable_folder_is_refused(tmp_path):
    src, env = _one_article(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    done = narrate(str(src), "-o", str(tmp_path / "out"), "--report", str(locked / "r.json"), env=env)
    assert_clean_failure(done, "--report")
    assert_nothing_done(tmp_path)


@pytest.mark.parametrize("url", ["ftp://example.org/pod", "example.org/pod", "https://", "file:///tmp/x"])
def test_bad_base_url_is_refused_before_work(tmp_path, url):
    src, env = _one_article(tmp_path)
    done = narrate(str(src), "-o", str(tmp_path / "out"), "--site", "--base-url", url, env=env)
    assert_clean_failure(done, "--base-url")
    assert_nothing_done(tmp_path)
    assert not (tmp_path / "out" / "feed.xml").exists() and not (tmp_path / "out" / "index.html").exists()
