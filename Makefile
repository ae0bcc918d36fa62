# Lectern: `make run` starts the app, `make test` runs the whole suite headless.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Qt's xcb platform plugin needs these Debian libraries for a real window (tests run offscreen).
QT_DEBIAN_PACKAGES := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
	libxcb-render-util0 libxcb-image0 \
	fonts-noto-cjk
# fonts-noto-cjk: Chinese, Japanese and Korean articles are shown in real glyphs, not boxes (Debian's default
# fonts have none); Arabic, Persian and Hebrew are covered by the DejaVu fonts Qt already finds.

# The team library's tests start a throwaway PostgreSQL server of their own (initdb + pg_ctl): Debian's server.
PG_DEBIAN_PACKAGES := postgresql

.PHONY: run test lint system-deps pg-server clean screenshot bench

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Lectern needs $(PYTHON) (Python 3.11+); set PYTHON=... to another."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev]"
	@touch $(STAMP)

run: $(STAMP) system-deps
	$(PY) main.py $(ARGS)

test: $(STAMP) pg-server
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto --maxprocesses=4 $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Installs Qt's runtime libraries (and CJK fonts) on Debian/Ubuntu when they are missing (needs root or sudo).
system-deps:
	@missing=$$(for p in $(QT_DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
		echo "Installing Qt runtime libraries and fonts: $$missing"; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y $$missing || (apt-get update && apt-get install -y $$missing); \
		else sudo apt-get install -y $$missing || (sudo apt-get update && sudo apt-get install -y $$missing); fi; \
	fi

# Installs Debian's PostgreSQL server when no initdb is found (the tests run it as a throwaway cluster; the
# package's own cluster is not needed and may stay stopped). Needs root or sudo, like system-deps.
pg-server:
	@if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null; then \
			echo "Installing the PostgreSQL server for the team library's tests: $(PG_DEBIAN_PACKAGES)"; \
			if [ "$$(id -u)" = 0 ]; then apt-get install -y $(PG_DEBIAN_PACKAGES) || (apt-get update && apt-get install -y $(PG_DEBIAN_PACKAGES)); \
			else sudo apt-get install -y $(PG_DEBIAN_PACKAGES) || (sudo apt-get update && sudo apt-get install -y $(PG_DEBIAN_PACKAGES)); fi; \
		else echo "The tests need a PostgreSQL server (initdb and pg_ctl): install it with your package manager"; exit 1; fi; \
	fi

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshot docs/screenshot.png

clean:
	rm -rf $(VENV) .pytest_cache

bench: $(STAMP)
	$(PY) benchmarks/core_loop.py
