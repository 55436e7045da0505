"""The listening page: what write_site puts in it, and how it behaves in a real headless Chromium."""

from __future__ import annotations

import json
import re

import pytest
import soundfile
from browser import DESKTOP, PHONE, chromium, open_tab
from listening_helpers import HOSTILE, TONE_FOLDER, build_tone_folder, narrate_samples

from narrate.errors import OutputError
from narrate.listen.episodes import scan_entries
from narrate.listen.page import format_date, format_duration, script_json, write_site
from narrate.listen.transcript import read_vtt

HOSTILE_REL = "politik/bahn streik.mp3"
DATA_SCRIPT = re.compile(r'<script type="application/json" id="narrate-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    outcomes = build_tone_folder(root)
    written = write_site(root, channel_title="Vorgelesen <Test>")
    assert written == [root / "index.html"]
    return root, outcomes


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def page_json(index) -> dict:
    return json.loads(DATA_SCRIPT.search(index.read_text(encoding="utf-8")).group(1))


@pytest.mark.parametrize(("seconds", "expected"), [
    (0.4, "0:00"), (59.5, "1:00"), (61, "1:01"), (3599.4, "59:59"), (3600, "1:00:00"), (7322, "2:02:02"),
])
def test_format_duration(seconds, expected):
    assert format_duration(seconds) == expected


@pytest.mark.parametrize(("iso", "expected"), [
    ("2024-03-05", "05.03.2024"), ("2024-03-05T08:15:00+01:00", "05.03.2024"), ("März 2024", "März 2024"),
])
def test_format_date(iso, expected):
    assert format_date(iso) == expected


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b", "<!-- x -->",
                                  "Zeile\u2028Trenner", "\"'"])
def test_script_json_cannot_break_out(text):
    encoded = script_json({"title": text})
    assert not set(encoded) & {"<", ">", "&", "\u2028"}
    assert json.loads(encoded) == {"title": text}


def test_scan_lists_every_mp3_but_hidden_and_partial_ones(folder):
    root, outcomes = folder
    entries = scan_entries(root)
    assert sorted(e.rel for e in entries) == sorted(TONE_FOLDER)
    assert [e.rel for e in entries][:2] == ["wirtschaft/haushalt.mp3", HOSTILE_REL]  # newest first
    for entry in entries:
        outcome = outcomes[entry.rel]
        assert entry.title == outcome.script.title.text
        assert entry.voice == "tone-test" and entry.date == outcome.script.meta.date
        assert entry.duration_s == pytest.approx(soundfile.info(str(entry.path)).duration)
        assert entry.size_bytes == entry.path.stat().st_size
        assert [round(c.start_s * 1000) for c in entry.chapters] == [c.start_ms for c in outcome.chapters]
        assert len(entry.cues) == (0 if entry.vtt_rel is None else outcome.script.sentence_count())


def test_page_embeds_every_article_with_its_transcript(folder):
    root, outcomes = folder
    data = page_json(root / "index.html")
    by_id = {a["id"]: a for a in data["articles"]}
    assert sorted(by_id) == sorted(TONE_FOLDER)
    hostile = by_id[HOSTILE_REL]
    assert hostile["src"] == "politik/bahn%20streik.mp3"
    assert hostile["url"] == "https://example.org/bahn?a=1&b=2"
    assert [c["text"] for c in hostile["cues"]] == [c.text for c in read_vtt(root / "politik/bahn streik.vtt")]
    assert by_id["ohne-transkript.mp3"]["cues"] == []
    assert [c["title"] for c in by_id["ohne-transkript.mp3"]["chapters"]] == ["Ohne Transkript"]


def test_hostile_text_is_escaped_in_the_page(folder):
    root, _ = folder
    page = (root / "index.html").read_text(encoding="utf-8")
    assert "alert(1)" in page  # it is there, as data …
    assert "<script>alert" not in page and "</script>\"" not in page  # … but never as markup
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "<title>Vorgelesen &lt;Test&gt;</title>" in page
    assert page_json(root / "index.html")["articles"][1]["title"] == "Bahn: " + HOSTILE


def test_write_site_refuses_a_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="not a folder"):
        write_site(tmp_path / "fehlt")


def test_page_loads_from_file_and_lists_every_article(folder, browser):
    root, outcomes = folder
    tab = open_tab(browser, root / "index.html")
    tab.wait_ready()
    titles = tab.page.locator(".article .a-title").all_text_contents()
    assert sorted(titles) == sorted(o.script.title.text for o in outcomes.values())
    assert tab.page.locator("#now-title").text_content() == titles[0]
    newest = outcomes["wirtschaft/haushalt.mp3"]
    assert tab.audio()["duration"] == pytest.approx(newest.duration_s, abs=0.03)
    assert not tab.errors and not tab.dialogs


def _choose(tab, rel: str) -> None:
    tab.page.locator(".article", has_text=TONE_FOLDER[rel].title.text[:12]).click()
    tab.page.wait_for_function("(src) => decodeURIComponent(document.getElementById('audio').src)"
                               ".endsWith(src) && document.getElementById('audio').readyState >= 1", arg=rel)


def test_hostile_title_and_sentence_stay_text_in_the_browser(folder, browser):
    root, _ = folder
    tab = open_tab(browser, root / "index.html")
    _choose(tab, HOSTILE_REL)
    assert tab.page.locator("#now-title").text_content() == "Bahn: " + HOSTILE
    assert tab.page.locator(".cue", has_text="Zweiter Satz").text_content() == "Zweiter Satz mit " + HOSTILE
    assert tab.js("document.querySelectorAll('script').length") == 2
    assert not tab.dialogs and not tab.errors


def test_clicking_a_chapter_seeks_to_its_start(folder, browser):
    root, outcomes = folder
    tab = open_tab(browser, root / "index.html")
    _choose(tab, HOSTILE_REL)
    chapters = outcomes[HOSTILE_REL].chapters
    buttons = tab.page.locator(".chapter")
    assert buttons.count() == len(chapters)
    for index in (2, 0, 1):
        buttons.nth(index).click()
        tab.js("document.getElementById('audio').pause()")
        position = tab.audio()["currentTime"]
        assert chapters[index].start_ms / 1000 - 0.01 <= position <= chapters[index].start_ms / 1000 + 0.5
        assert "current" in buttons.nth(index).get_attribute("class")


def test_highlight_follows_playback(folder, browser):
    root, _ = folder
    tab = open_tab(browser, root / "index.html")
    _choose(tab, HOSTILE_REL)
    cues = read_vtt(root / "politik/bahn streik.vtt")
    for cue in cues:  # every sentence, by setting the position
        tab.seek((cue.start_s + cue.end_s) / 2)
        assert tab.highlighted() == cue.text
    tab.seek(cues[2].start_s - 0.05)  # playing, muted: the mark moves on as the voice does
    tab.js("(() => { const a = document.getElementById('audio'); a.muted = true; return a.play(); })()")
    tab.page.wait_for_function(f"document.getElementById('audio').currentTime > {cues[3].start_s + 0.1}")
    tab.js("document.getElementById('audio').pause()")
    now = tab.audio()["currentTime"]
    expected = [c.text for c in cues if c.start_s - 0.3 <= now][-1]
    assert tab.highlighted() == expected


def test_clicking_a_sentence_seeks_to_it(folder, browser):
    root, _ = folder
    tab = open_tab(browser, root / "index.html")
    _choose(tab, HOSTILE_REL)
    cue = read_vtt(root / "politik/bahn streik.vtt")[4]
    tab.page.locator(".cue", has_text=cue.text).click()
    tab.js("document.getElementById('audio').pause()")
    assert cue.start_s - 0.01 <= tab.audio()["currentTime"] <= cue.start_s + 0.5
    assert tab.highlighted() == cue.text


def test_keyboard_operates_the_player(folder, browser):
    root, _ = folder
    tab = open_tab(browser, root / "index.html")
    tab.wait_ready()
    keyboard = tab.page.keyboard
    tab.js("document.getElementById('audio').muted = true; document.activeElement.blur()")
    keyboard.press("Space")
    tab.page.wait_for_function("!document.getElementById('audio').paused")
    keyboard.press("Space")
    assert tab.audio()["paused"]
    start = tab.audio()["currentTime"]
    keyboard.press("ArrowRight")
    assert tab.audio()["currentTime"] == pytest.approx(start + 5, abs=0.05)
    keyboard.press("ArrowLeft")
    assert tab.audio()["currentTime"] == pytest.approx(start, abs=0.05)
    keyboard.press("+")
    assert tab.audio()["playbackRate"] == 1.1
    reached = set()
    for _ in range(40):
        keyboard.press("Tab")
        reached.add(tab.js("(() => { const e = document.activeElement; "
                           "return e.id || e.classList[0] || e.tagName; })()"))
    assert {"play", "speed", "back", "forward", "article", "chapter"} <= reached


@pytest.mark.parametrize(("label", "rate"), [("0,8×", 0.8), ("1,5×", 1.5), ("2×", 2.0)])
def test_playback_speed(folder, browser, label, rate):
    root, _ = folder
    tab = open_tab(browser, root / "index.html")
    tab.wait_ready()
    tab.page.select_option("#speed", label=label)
    assert tab.audio()["playbackRate"] == rate
    assert tab.js("[...document.getElementById('speed').options].map(o => +o.value)")[::7] == [0.8, 2]


def test_position_is_remembered_per_article(folder, browser):
    root, _ = folder
    tab = open_tab(browser, root / "index.html")
    _choose(tab, HOSTILE_REL)
    tab.seek(7.25)
    _choose(tab, "wirtschaft/haushalt.mp3")
    assert tab.audio()["currentTime"] < 1
    tab.page.reload()
    tab.wait_ready()
    assert tab.page.locator("#now-title").text_content() == "Haushalt beschlossen"  # the last one chosen
    _choose(tab, HOSTILE_REL)
    tab.page.wait_for_function("document.getElementById('audio').currentTime > 7")
    assert tab.audio()["currentTime"] == pytest.approx(7.25, abs=0.05)


@pytest.mark.parametrize(("name", "viewport", "mobile"), [("site-desktop.png", DESKTOP, False),
                                                          ("site-phone.png", PHONE, True)])
def test_screenshot_and_no_sideways_scrolling(folder, browser, name, viewport, mobile):
    root, _ = folder
    tab = open_tab(browser, root / "index.html", viewport, mobile)
    _choose(tab, HOSTILE_REL)
    tab.seek(3.0)
    assert tab.js("document.documentElement.scrollWidth") <= viewport["width"]
    assert tab.screenshot(name).stat().st_size > 10_000


def test_page_for_narrated_samples(tmp_path_factory, browser):
    outcomes = narrate_samples(tmp_path_factory.mktemp("samples"))
    root = next(iter(outcomes.values())).output.parent
    write_site(root)
    tab = open_tab(browser, root / "index.html")
    tab.wait_ready()
    assert sorted(tab.page.locator(".article .a-title").all_text_contents()) == sorted(
        o.script.title.text for o in outcomes.values())
    rel = tab.js("decodeURIComponent(document.getElementById('audio').src)").rsplit("/", 1)[1]
    cues = read_vtt((root / rel).with_suffix(".vtt"))
    for cue in cues[:: max(len(cues) // 8, 1)]:
        tab.seek(cue.start_s + 0.05)
        assert tab.highlighted() == cue.text
    tab.screenshot("site-samples.png")
    assert not tab.errors
