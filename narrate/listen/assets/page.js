"use strict";
// The listening page: one player for every article of the folder, chapters and a transcript that
// follows the voice. All text goes into the page with textContent, never as markup.
(function () {
  const data = JSON.parse(document.getElementById("narrate-data").textContent);
  const articles = data.articles;
  const $ = (id) => document.getElementById(id);
  const audio = $("audio"), list = $("article-list"), chapterList = $("chapter-list");
  const transcript = $("transcript"), playButton = $("play"), speed = $("speed");
  const follow = $("follow"), status = $("status");
  const POSITION_KEY = "narrate.position:", LAST_KEY = "narrate.last", SPEED_KEY = "narrate.speed";
  const SPEEDS = Array.from(speed.options, (o) => Number(o.value));
  const PARAGRAPH_GAP_S = 0.75;
  const LOOKAHEAD_S = 0.3; // a longer pause than between sentences starts a new paragraph
  let current = null, cueEls = [], chapterEls = [], activeCue = -1, activeChapter = -1, lastSaved = 0;

  const store = {
    get(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } },
  };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds)), h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60), sec = String(s % 60).padStart(2, "0");
    return h ? h + ":" + String(m).padStart(2, "0") + ":" + sec : m + ":" + sec;
  }

  function metaLine(a) {
    return [a.dateLabel, a.durationLabel, a.site, a.author, a.voice ? "Stimme: " + a.voice : ""]
      .filter(Boolean).join(" · ");
  }

  function renderList() {
    $("article-count").textContent = "(" + articles.length + ")";
    articles.forEach((a, index) => {
      const li = el("li"), button = el("button", "article");
      button.type = "button";
      button.dataset.index = String(index);
      button.append(el("span", "a-title", a.title), el("span", "a-meta", metaLine(a)));
      button.addEventListener("click", () => select(index, true));
      li.append(button);
      list.append(li);
    });
    if (!articles.length) list.append(el("li", "empty", "Noch keine Audioversionen in diesem Ordner."));
  }

  function renderChapters(a) {
    chapterList.replaceChildren();
    chapterEls = a.chapters.map((c) => {
      const li = el("li"), button = el("button", "chapter");
      button.type = "button";
      button.dataset.start = String(c.start);
      button.append(el("span", "c-time", clock(c.start)), el("span", "c-title", c.title));
      button.addEventListener("click", () => seek(c.start, true));
      li.append(button);
      chapterList.append(li);
      return button;
    });
    if (!chapterEls.length) chapterList.append(el("li", "empty", "Keine Kapitel."));
  }

  function renderTranscript(a) {
    transcript.replaceChildren();
    let paragraph = null, chapter = -1, previousEnd = 0;
    cueEls = a.cues.map((cue, index) => {
      const heading = index === 0 || cue.chapter !== chapter;
      chapter = cue.chapter;
      const span = el("span", "cue", cue.text);
      span.dataset.index = String(index);
      if (heading) {
        const p = el("p", index === 0 ? "t-head t-title" : "t-head");
        p.append(span);
        transcript.append(p);
        paragraph = null;
      } else {
        if (!paragraph || cue.start - previousEnd >= PARAGRAPH_GAP_S) {
          paragraph = el("p");
          transcript.append(paragraph);
        } else {
          paragraph.append(" ");
        }
        paragraph.append(span);
      }
      previousEnd = cue.end;
      return span;
    });
    if (!cueEls.length) transcript.append(el("p", "empty", "Kein Transkript vorhanden."));
  }

  function select(index, userChose) {
    const a = articles[index];
    if (!a) return;
    savePosition();
    current = a;
    activeCue = activeChapter = -1;
    list.querySelectorAll(".article").forEach((b) => {
      b.setAttribute("aria-current", b.dataset.index === String(index) ? "true" : "false");
    });
    $("now-title").textContent = a.title;
    const meta = $("now-meta");
    meta.textContent = metaLine(a);
    if (a.url && /^https?:/i.test(a.url)) {
      const link = el("a", "", "Originalartikel");
      link.href = a.url;
      link.rel = "noopener";
      meta.append(" · ", link);
    }
    renderChapters(a);
    renderTranscript(a);
    audio.src = a.src;
    audio.playbackRate = Number(speed.value);
    store.set(LAST_KEY, a.id);
    if (userChose) history.replaceState(null, "", "#" + encodeURIComponent(a.id));
    document.title = a.title + " – " + document.querySelector("h1").textContent;
    status.textContent = "";
  }

  function seek(seconds, andPlay) {
    const target = Math.max(0, Math.min(seconds, audio.duration || seconds));
    audio.currentTime = target;
    update(target);
    if (andPlay) audio.play().catch(() => {});
  }

  function findCue(t) {
    const cues = current ? current.cues : [];
    let lo = 0, hi = cues.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cues[mid].start <= t + 0.001) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    // In the pause before a sentence, show it shortly before the voice starts (a chapter jump lands
    // there); a sentence still being spoken keeps the mark.
    const next = cues[found + 1];
    if (next && (found < 0 || t > cues[found].end) && next.start - t <= LOOKAHEAD_S) found += 1;
    return found;
  }

  function findChapter(t) {
    const chapters = current ? current.chapters : [];
    let found = -1;
    chapters.forEach((c, i) => { if (c.start <= t + 0.001) found = i; });
    return found;
  }

  function update(t) {
    if (!current) return;
    const cue = findCue(t);
    if (cue !== activeCue) {
      if (cueEls[activeCue]) { cueEls[activeCue].classList.remove("current"); cueEls[activeCue].removeAttribute("aria-current"); }
      activeCue = cue;
      const node = cueEls[cue];
      if (node) {
        node.classList.add("current");
        node.setAttribute("aria-current", "true");
        if (follow.checked && !audio.paused) node.scrollIntoView({ block: "center", behavior: "smooth" });
      }
    }
    const chapter = findChapter(t);
    if (chapter !== activeChapter) {
      if (chapterEls[activeChapter]) chapterEls[activeChapter].classList.remove("current");
      activeChapter = chapter;
      if (chapterEls[chapter]) chapterEls[chapter].classList.add("current");
    }
  }

  function savePosition() {
    if (!current || !audio.duration) return;
    const ended = audio.ended || audio.currentTime >= audio.duration - 1;
    store.set(POSITION_KEY + current.id, ended ? "0" : String(audio.currentTime));
  }

  function restorePosition() {
    const saved = Number(store.get(POSITION_KEY + current.id) || 0);
    if (saved > 1 && saved < audio.duration - 1) {
      audio.currentTime = saved;
      status.textContent = "Fortgesetzt bei " + clock(saved) + ".";
    }
    update(audio.currentTime);
  }

  function tick() {
    update(audio.currentTime);
    if (!audio.paused) window.requestAnimationFrame(tick);
  }

  function setSpeed(value) {
    const rate = Math.min(2, Math.max(0.8, value));
    speed.value = String(SPEEDS.reduce((a, b) => (Math.abs(b - rate) < Math.abs(a - rate) ? b : a)));
    audio.playbackRate = Number(speed.value);
    store.set(SPEED_KEY, speed.value);
  }

  function stepSpeed(direction) {
    const i = SPEEDS.indexOf(Number(speed.value)) + direction;
    if (i >= 0 && i < SPEEDS.length) setSpeed(SPEEDS[i]);
  }

  function stepCue(direction) {
    if (!current || !current.cues.length) return;
    const i = Math.max(0, Math.min(current.cues.length - 1, findCue(audio.currentTime) + direction));
    seek(current.cues[i].start, false);
  }

  function toggle() {
    if (!current) return;
    if (audio.paused) audio.play().catch((e) => { status.textContent = "Wiedergabe nicht möglich: " + e.message; });
    else audio.pause();
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target, tag = target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || target.isContentEditable) return;
    const onControl = tag === "BUTTON" || tag === "A" || tag === "AUDIO";
    const actions = {
      " ": () => toggle(), k: () => toggle(),
      ArrowLeft: () => seek(audio.currentTime - 5, false), ArrowRight: () => seek(audio.currentTime + 5, false),
      ",": () => stepCue(-1), ".": () => stepCue(1), "-": () => stepSpeed(-1), "+": () => stepSpeed(1),
    };
    const action = actions[event.key];
    if (!action || (onControl && (event.key === " " || tag === "AUDIO"))) return;
    event.preventDefault();
    action();
  }

  function wire() {
    transcript.addEventListener("click", (event) => {
      const span = event.target.closest(".cue");
      if (span && current) seek(current.cues[Number(span.dataset.index)].start, true);
    });
    playButton.addEventListener("click", toggle);
    $("back").addEventListener("click", () => seek(audio.currentTime - 15, false));
    $("forward").addEventListener("click", () => seek(audio.currentTime + 15, false));
    speed.addEventListener("change", () => setSpeed(Number(speed.value)));
    audio.addEventListener("loadedmetadata", restorePosition);
    audio.addEventListener("ratechange", () => { if (audio.playbackRate !== Number(speed.value)) setSpeed(audio.playbackRate); });
    audio.addEventListener("play", () => { playButton.textContent = "❚❚"; playButton.setAttribute("aria-label", "Pause"); tick(); });
    audio.addEventListener("pause", () => { playButton.textContent = "▶"; playButton.setAttribute("aria-label", "Abspielen"); savePosition(); });
    audio.addEventListener("seeked", () => update(audio.currentTime));
    audio.addEventListener("timeupdate", () => {
      update(audio.currentTime);
      if (Date.now() - lastSaved > 2000) { lastSaved = Date.now(); savePosition(); }
    });
    audio.addEventListener("ended", () => { savePosition(); });
    audio.addEventListener("error", () => { status.textContent = "Die Audiodatei lässt sich nicht laden."; });
    window.addEventListener("pagehide", savePosition);
    document.addEventListener("keydown", onKey);
  }

  function start() {
    renderList();
    wire();
    const saved = Number(store.get(SPEED_KEY));
    if (saved) setSpeed(saved);
    let wanted = store.get(LAST_KEY);
    try { wanted = decodeURIComponent(location.hash.slice(1)) || wanted; } catch (e) { /* bad hash */ }
    const index = Math.max(0, articles.findIndex((a) => a.id === wanted));
    if (articles.length) select(index, false);
  }

  start();
})();
