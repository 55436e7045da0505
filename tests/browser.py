"""Drive Debian's Chromium (headless) with Playwright's Python package for the listening-page tests.

`make install` provides both: the apt package `chromium` and the pip package `playwright` (test
extra). Playwright's own browser download is never used; a missing browser fails the tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("NARRATE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
)
ARTIFACTS = Path(__file__).resolve().parent.parent / "build" / "test-artifacts"
INSTALL_HINT = ("run `make install` (as root it installs Debian's chromium with apt-get and the "
                "playwright package into .venv)")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


@dataclass
class Tab:
    """A page plus what went wrong in it (script errors, dialogs such as an injected alert)."""

    page: object
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def audio(self) -> dict:
        """The player's state: currentTime, duration, paused, playbackRate, readyState."""
        return self.js("(() => { const a = document.getElementById('audio'); return {currentTime: "
                       "a.currentTime, duration: a.duration, paused: a.paused, playbackRate: "
                       "a.playbackRate, readyState: a.readyState, src: a.currentSrc}; })()")

    def wait_ready(self) -> None:
        """Until the selected article's audio has its metadata (duration known)."""
        self.page.wait_for_function("document.getElementById('audio').readyState >= 1",
                                    timeout=TIMEOUT_MS)

    def seek(self, seconds: float) -> None:
        """Set currentTime as a script would, and wait until the seek has completed."""
        self.js("""(t) => new Promise((done) => { const a = document.getElementById('audio');
                   a.addEventListener('seeked', () => done(), {once: true}); a.currentTime = t; })""",
                seconds)

    def highlighted(self) -> str | None:
        return self.js("(() => { const c = document.querySelector('.cue.current'); "
                       "return c ? c.textContent : null; })()")

    def screenshot(self, name: str) -> Path:
        """A full-page screenshot kept as a test artifact under build/test-artifacts/."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=True)
        return path


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium for the test session; FAILS (never skips) when it is not installed."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; {INSTALL_HINT}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"the playwright package is missing; {INSTALL_HINT}", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def open_tab(browser, page_file: Path, viewport: dict = DESKTOP, mobile: bool = False) -> Tab:
    """The page at `page_file` opened from file:// in a fresh context (empty localStorage)."""
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile,
                                  device_scale_factor=2 if mobile else 1)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    tab = Tab(page)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)

    def on_dialog(dialog) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(page_file.resolve().as_uri())
    return tab
