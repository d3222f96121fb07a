#!/usr/bin/env bash
# Set sitrep up on a fresh machine: create .venv/ and install everything (pinned), then code the
# bundled example and print its events as a table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
echo "sitrep installed in .venv; coding examples/wire_stories.jsonl:" >&2
.venv/bin/sitrep extract examples/wire_stories.jsonl --format table
