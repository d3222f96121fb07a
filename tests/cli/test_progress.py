"""Progress where work takes time: a bar with the total and the time left on a terminal, for
extract (to a file), ingest, batch and eval; quiet in pipes and with --no-progress."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

TEXT = "Gunmen killed {n} policemen at a checkpoint in Quetta on Monday, officials said."


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"p-{n}", "published": "2026-03-02", "text": TEXT.format(n=n + 2)}) for n in range(3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_on_terminal(*args: str, stdout: int | None = None) -> tuple[int, str]:
    """Run sitrep with standard error on a pseudo-terminal; its exit status and what it drew there."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal has a size
    process = subprocess.Popen(
        [sys.executable, "-m", "sitrep", *args], stdout=stdout or subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    return process.wait(timeout=300), drawn.decode("utf-8", "replace")


def run_in_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=300)


def test_extract_to_a_file_draws_a_bar_with_its_total_on_a_terminal(corpus: Path, tmp_path: Path) -> None:
    with (tmp_path / "events.jsonl").open("wb") as out:
        code, drawn = run_on_terminal("extract", str(corpus), stdout=out.fileno())
    assert code == 0 and "extract: 100%" in drawn and "3/3" in drawn
    code, drawn = run_on_terminal("extract", str(corpus), "--no-progress")
    assert code == 0 and "3/3" not in drawn and "%|" not in drawn


def test_ingest_and_batch_bars_have_a_total_and_pipes_stay_quiet(corpus: Path, tmp_path: Path) -> None:
    code, drawn = run_on_terminal("ingest", str(corpus), "--db", str(tmp_path / "t.db"))
    assert code == 0 and "ingest: 100%" in drawn and "3/3" in drawn
    quiet = run_in_pipe("ingest", str(corpus), "--db", str(tmp_path / "p.db"))
    assert quiet.returncode == 0 and "%|" not in quiet.stderr
    asked = run_in_pipe("batch", str(corpus), "--out", str(tmp_path / "e.jsonl"), "--progress")
    assert asked.returncode == 0 and "sitrep batch: 100%" in asked.stderr and "3/3" in asked.stderr


def test_eval_draws_a_bar_with_its_total_when_asked(tmp_path: Path) -> None:
    from tests.evaluate.conftest import ACLED_HEADER, ACLED_ROWS, write_csv

    gold = write_csv(tmp_path / "gold.csv", ACLED_HEADER, ACLED_ROWS)
    asked = run_in_pipe("eval", str(gold), "--progress")
    assert asked.returncode == 0, asked.stderr
    assert "eval: 100%" in asked.stderr
    quiet = run_in_pipe("eval", str(gold))
    assert quiet.returncode == 0 and "%|" not in quiet.stderr
