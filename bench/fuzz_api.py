"""Fuzzing the HTTP API at scale: schemathesis cases from /openapi.json against `sitrep serve`'s app.

    .venv/bin/python bench/fuzz_api.py                  # 20,000 cases (about 20-30 minutes on 2 cores)
    .venv/bin/python bench/fuzz_api.py --cases 2000     # a quick look
    .venv/bin/python bench/fuzz_api.py --backend postgresql   # the store on a throwaway PostgreSQL 15

The companion of bench/fuzz.py (readers, normalisers, extractor): together they make the issue's
bounded run of at least 100,000 generated cases. A real uvicorn serves, on 127.0.0.1, a store
(SQLite, or with ``--backend postgresql`` a PostgreSQL server started as the tests start it, since
PostgreSQL refuses values SQLite takes) holding the coded demo corpus and accepts writes with a
token; every operation in the schema is fuzzed with valid and with invalid requests
(tests/security/api_fuzz.py says what each case must pass: no 5xx, only documented status codes,
bodies and content types as documented). The cases are shared equally among the operation/mode
pairs. The script prints one line per pair, the
status codes seen, and a total line; it exits 1 on any failure or hang.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root: tests.*

from tests.api.live import code_demo, live_server  # noqa: E402
from tests.security.api_fuzz import fuzz_api  # noqa: E402
from tests.store.pg_server import PostgresServer  # noqa: E402

from sitrep.api import ApiConfig  # noqa: E402
from sitrep.pipeline import Pipeline  # noqa: E402
from sitrep.store import Store  # noqa: E402

TOKEN = "bench-fuzz-token"
PAIRS = 9  # 4 operations x 2 modes + GET /health (positive only)


@contextmanager
def store_url(backend: str) -> Iterator[str]:
    """An empty store's URL on ``backend``, removed afterwards."""
    if backend == "postgresql":
        server = PostgresServer()
        try:
            yield server.start()
        finally:
            server.stop()
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{Path(tmp) / 'fuzz.db'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=20_000, help="cases in all (default 20,000)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite", help="the store's back end")
    args = parser.parse_args()
    pipeline = Pipeline()
    with store_url(args.backend) as url:
        store = Store(url)
        store.ingest_coded(code_demo(pipeline))
        ids = [e.event_id for e in store.events()]
        config = ApiConfig(api_token=TOKEN, max_batch=5, max_body_bytes=100_000)
        started = time.perf_counter()
        with live_server(store, config=config, pipeline=pipeline) as base:
            results = fuzz_api(base, cases_per_operation=max(1, args.cases // PAIRS), token=TOKEN, event_ids=ids)
        seconds = time.perf_counter() - started
        store.close()
    print(f"{'operation':<26} {'mode':<9} {'cases':>7} {'failures':>8} {'hangs':>6}  statuses")
    for r in results:
        print(f"{r.operation:<26} {r.mode:<9} {r.cases:>7,} {r.failures:>8} {r.hangs:>6}  {r.status_text()}")
        for finding in r.findings:
            print(f"    {finding}")
    cases = sum(r.cases for r in results)
    failures = sum(r.failures for r in results)
    hangs = sum(r.hangs for r in results)
    print(f"{'total':<36} {cases:>7,} {failures:>8} {hangs:>6}  in {seconds:,.0f} s ({cases / seconds:,.1f} cases/s)")
    return 1 if failures or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
