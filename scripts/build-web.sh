#!/usr/bin/env bash
# Rebuild the shipped web page (src/sitrep/web/static/) from web/: the boundary layers from the
# bundled gazetteer, then the JS/CSS bundle with esbuild from the npm registry (npm ci, pinned by
# web/package-lock.json). Users never need this: the built files are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python web/boundaries.py
cd web
npm ci --no-audit --no-fund
npm run build
