"""`sitrep gazetteer build` builds a usable gazetteer from a folder laid out like shared/geo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.geo.test_build import write_sources

from sitrep.geo.gazetteer import Gazetteer


def test_build_command_writes_a_gazetteer_that_opens_and_shows_progress(tmp_path: Path) -> None:
    sources = write_sources(tmp_path / "geo")
    out = tmp_path / "gaz.sqlite"
    p = subprocess.run(
        [sys.executable, "-m", "sitrep", "gazetteer", "build", str(sources), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert p.stderr.strip(), "progress lines are shown while it builds"
    gaz = Gazetteer.open(out)
    assert gaz.meta()
