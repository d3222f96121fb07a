"""A built gazetteer as a digest per table: every row in key order, the build time left out."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

VOLATILE_META = frozenset({"built"})  # the build's clock time, the one value two builds may differ in


def table_digests(path: Path) -> dict[str, str]:
    """``{table: sha256 of its rows}`` and ``{"schema": sha256 of its CREATE statements}``."""
    out: dict[str, str] = {}
    con = sqlite3.connect(path)
    try:
        ddl = [r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")]
        out["schema"] = hashlib.sha256("\n".join(ddl).encode()).hexdigest()
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            digest = hashlib.sha256()
            for row in con.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):  # noqa: S608 (names from the file)
                if table == "meta" and row[0] in VOLATILE_META:
                    continue
                digest.update(repr(row).encode())
            out[table] = digest.hexdigest()
    finally:
        con.close()
    return out
