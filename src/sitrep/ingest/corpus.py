"""Corpus input (``sitrep batch``): which files, and how one raw record becomes an ``Article``.

    files = expand_inputs(["archive/2024/", "extra/*.parquet", "one.jsonl"])
    for record in read_records(files):        # RawRecord(source, line, payload)
        outcome = parse_raw(record, max_chars=100_000)

A path is a file, a directory (every ``*.jsonl``/``*.ndjson``/``*.json``/``*.parquet`` under it,
recursively, sorted) or a glob. JSON Lines records are raw bytes, one per line, numbered from 1;
Parquet rows are dicts, numbered by row from 1. ``sitrep.engine`` turns a record into an article
with ``parse_raw`` (the ingest reader's own validation, ``parse_line``/``parse_record``) on the
worker that codes it, so worker processes and Ray actors read every record the same way; a Ray
actor reads its own ``Split`` of a file (``plan_splits``/``read_split``).

A malformed record does not stop a corpus: it becomes an ``Issue`` (its ``E###`` code) and is
skipped. A missing input or a glob matching nothing raises ``InputError`` (E006) before any work.
"""

from __future__ import annotations

import glob
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.errors import Errors, InputError
from sitrep.ingest.jsonl import Parsed, bounded_lines, parse_line, parse_record
from sitrep.model import Issue

__all__ = [
    "CORPUS_SUFFIXES",
    "PARQUET_SUFFIXES",
    "RawRecord",
    "Split",
    "count_records",
    "expand_inputs",
    "is_parquet",
    "open_parquet",
    "parse_raw",
    "plan_splits",
    "read_records",
    "read_split",
    "split_lines",
]

PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
CORPUS_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"}) | PARQUET_SUFFIXES
PARQUET_BATCH_ROWS = 1024  # rows read from a Parquet file at a time


@dataclass(frozen=True, slots=True, kw_only=True)
class RawRecord:
    """One article record as read, before validation.

    payload (bytes | dict): a JSON Lines line, or a Parquet row as a dict.
    """

    source: str
    line: int
    payload: bytes | dict[str, Any]


def is_parquet(path: Path | str) -> bool:
    return Path(path).suffix.lower() in PARQUET_SUFFIXES


def expand_inputs(inputs: Sequence[str]) -> list[Path]:
    """The corpus files named by ``inputs`` (files, directories, globs), in order, each once."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES)
        elif path.is_file():
            found = [path]
        elif glob.has_magic(item):
            found = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
        else:
            found = []
        if not found:
            raise InputError(Errors.E006.format(source=item), source=item)
        files.extend(found)
    seen: set[Path] = set()
    unique = []
    for file in files:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(file)
    return unique


def open_parquet(path: Path | str) -> Any:
    """``pyarrow.parquet.ParquetFile`` for ``path``. RAISES (InputError): E021 when pyarrow cannot read
    it (not Parquet, cut short, a schema nested past pyarrow's limit of 100 levels)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(Errors.E021.format(source=str(path), detail=exc), source=str(path)) from exc


def _parquet_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file, in order; a file pyarrow cannot read raises ``InputError`` (E021)."""
    import pyarrow as pa

    try:
        for batch in open_parquet(path).iter_batches(batch_size=PARQUET_BATCH_ROWS):
            yield from batch.to_pylist()
    except (OSError, pa.ArrowException) as exc:  # a row group that cannot be decoded
        raise InputError(Errors.E021.format(source=str(path), detail=exc), source=str(path)) from exc


def split_lines(data: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """Number the lines of a binary stream from 1, split exactly as iterating a file opened 'rb' splits."""
    yield from enumerate(data, start=1)


def read_records(files: Iterable[Path]) -> Iterator[RawRecord]:
    """Every record of every file, streaming (used by the local engine; Ray reads files itself)."""
    for file in files:
        source = str(file)
        if is_parquet(file):
            for row, obj in enumerate(_parquet_rows(file), start=1):
                yield RawRecord(source=source, line=row, payload=obj)
        else:
            try:
                stream = file.open("rb")
            except OSError as exc:
                raise InputError(Errors.E021.format(source=source, detail=exc.strerror or exc), source=source) from exc
            with stream:
                for number, raw in split_lines(bounded_lines(stream)):
                    yield RawRecord(source=source, line=number, payload=raw)


def count_records(files: Iterable[Path]) -> int:
    """How many records ``read_records`` yields for ``files`` (lines, blank ones included; Parquet
    rows from the footer), for a progress bar's total; reads bytes only, parses nothing."""
    total = 0
    for file in files:
        if is_parquet(file):
            total += open_parquet(file).metadata.num_rows
        else:
            with file.open("rb") as stream:
                total += sum(1 for _ in bounded_lines(stream))
    return total


@dataclass(frozen=True, slots=True, kw_only=True)
class Split:
    """A slice of one corpus file that one worker reads by itself (as Hadoop input splits do).

    JSON Lines: bytes ``start``..``end``, whose first line is line ``first_line``.
    Parquet: rows ``start``..``end`` (0-based, end excluded), numbered from ``first_line``.
    """

    path: str
    start: int
    end: int
    first_line: int


def plan_splits(files: Iterable[Path], *, records: int) -> list[Split]:
    """Cut every file into splits of about ``records`` records, in file order.

    JSON Lines files are scanned for line ends (reading bytes only, no parsing); Parquet files
    are cut by row counts from their footer.
    """
    splits: list[Split] = []
    for file in files:
        if is_parquet(file):
            rows = open_parquet(file).metadata.num_rows
            splits.extend(
                Split(path=str(file), start=lo, end=min(lo + records, rows), first_line=lo + 1)
                for lo in range(0, rows, records)
            )
            continue
        with file.open("rb") as stream:
            offset = start = 0
            first = line = 1
            for raw in stream:
                offset += len(raw)
                if line - first + 1 >= records:
                    splits.append(Split(path=str(file), start=start, end=offset, first_line=first))
                    start, first = offset, line + 1
                line += 1
            if offset > start:
                splits.append(Split(path=str(file), start=start, end=offset, first_line=first))
    return splits


def read_split(split: Split) -> list[RawRecord]:
    """The records of one split, numbered as ``read_records`` numbers them."""
    if is_parquet(split.path):
        parquet = open_parquet(split.path)
        groups: list[int] = []
        first_row = row = 0
        for i in range(parquet.metadata.num_row_groups):  # only the row groups the split overlaps
            size = parquet.metadata.row_group(i).num_rows
            if row + size > split.start and row < split.end:
                if not groups:
                    first_row = row
                groups.append(i)
            row += size
        table = parquet.read_row_groups(groups).slice(split.start - first_row, split.end - split.start)
        return [
            RawRecord(source=split.path, line=split.first_line + i, payload=obj)
            for i, obj in enumerate(table.to_pylist())
        ]
    with open(split.path, "rb") as stream:
        stream.seek(split.start)
        data = stream.read(split.end - split.start)
    return [
        RawRecord(source=split.path, line=split.first_line + i, payload=raw) for i, raw in enumerate(io.BytesIO(data))
    ]


def _code(exc: InputError) -> str:
    message = str(exc)
    return message[1:5] if message.startswith("[") else "E000"


def parse_raw(record: RawRecord, *, max_chars: int) -> Parsed | Issue | None:
    """The article in ``record``, or the issue that made it unreadable, or None for a blank line."""
    try:
        if isinstance(record.payload, bytes):
            return parse_line(record.payload, source=record.source, line=record.line, max_chars=max_chars)
        return parse_record(record.payload, source=record.source, line=record.line, max_chars=max_chars)
    except InputError as exc:  # malformed (E001/E002/...) or binary (E004): skipped, the corpus goes on
        return Issue(
            code=_code(exc), message=str(exc), article_id=exc.article_id, source=record.source, line=record.line
        )
