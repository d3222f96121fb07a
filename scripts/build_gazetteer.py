"""Build src/sitrep/data/gazetteer/gazetteer.sqlite from a sources folder (default /work/shared/geo).

Usage: python scripts/build_gazetteer.py [SOURCES] [--out FILE]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sitrep.gazetteer_build import build_gazetteer
from sitrep.resources import data_path

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sources", nargs="?", type=Path, default=Path("/work/shared/geo"))
    parser.add_argument("--out", type=Path, default=data_path("gazetteer/gazetteer.sqlite"))
    args = parser.parse_args()
    build_gazetteer(args.sources, args.out, progress=True)
