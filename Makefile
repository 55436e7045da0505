# The README's two commands are `make demo` and `make test`; both run `make install` first.
VENV       ?= .venv
PY         := $(VENV)/bin/python
PYTHON     ?= python3
SYSTEM_PKGS := espeak-ng ffmpeg chromium
DEMO_OUT   := build/demo

.PHONY: install system-deps demo test bench clean

install: system-deps $(VENV)/.installed

# espeak-ng, ffmpeg and (for the listening page's browser tests) chromium come from Debian: installed with apt-get when we are root, else the exact
# command is printed and the build stops.
system-deps:
	@missing=""; for p in espeak-ng ffmpeg ffprobe chromium; do command -v $$p >/dev/null 2>&1 || missing=1; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $(SYSTEM_PKGS) with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PKGS) >/dev/null; \
	  else \
	    echo "narrate needs $(SYSTEM_PKGS); run: sudo apt-get install -y $(SYSTEM_PKGS)"; exit 1; \
	  fi; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[coqui,piper,test,cluster]'
	touch $@

# With no neural voice installed this speaks with pico-de, and the log line "voice pico-de" says so.
demo: install
	$(VENV)/bin/narrate samples/energiewende.html -o $(DEMO_OUT)/energiewende.mp3 --force
	@echo "demo MP3: $(abspath $(DEMO_OUT)/energiewende.mp3)"

test: install
	$(PY) -m pytest -q

bench: install
	$(PY) bench/bench_pipeline.py
	$(PY) bench/bench_spoken.py
	$(PY) bench/bench_sentences.py
	$(PY) bench/bench_real_sentences.py
	$(PY) bench/bench_batch.py --voice espeak-de
	$(PY) bench/bench_memory.py --voice espeak-de
	$(PY) bench/bench_pages.py
	$(PY) bench/bench_voices.py

clean:
	rm -rf build .pytest_cache
