#!/usr/bin/env bash
# Run every check sitrep has: install (idempotent; Python packages, then the PostgreSQL and Chromium
# the store and web tests use), then ruff, mypy and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/system.sh
.venv/bin/ruff check src tests bench scripts
.venv/bin/ruff format --check src tests bench scripts
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
