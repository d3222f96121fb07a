#!/usr/bin/env bash
# Set sitrep up on a fresh machine: create .venv/ and install everything (pinned), then run the main
# job on the embedded defaults: code the bundled example stories into the event store (a SQLite file
# at ~/.local/share/sitrep/sitrep.db unless SITREP_DB says otherwise; re-running adds nothing) and
# print the stored events as a table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
echo "sitrep installed in .venv; ingesting examples/wire_stories.jsonl into the event store:" >&2
.venv/bin/sitrep ingest examples/wire_stories.jsonl --no-progress
.venv/bin/sitrep events --format table
