"""`sitrep gazetteer build` refuses hostile source archives: path traversal names and zip/gzip bombs (E011).

The builder reads members in memory and never writes them out, so a traversal name could not land
a file today; it is refused anyway, so that no future extraction step inherits the hole. Bombs are
refused from the sizes the zip declares (Python's reader never unpacks past them) and, for gzip,
as the unpacked bytes pass the caps, long before memory runs out.
"""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import DataFileError
from sitrep.gazetteer_build import sources
from tests.geo.dump import write_dump_sources

BOMB_BYTES = sources.RATIO_FLOOR + 2**20  # just past the floor: zeros pack ~1000:1


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/PK.txt", "geonames/../../PK.txt", "/etc/PK.txt", "..\\..\\PK.txt", "C:/Windows/PK.txt"]
)
def test_path_traversal_member_names_are_refused(tmp_path: Path, name: str) -> None:
    archive = _zip(tmp_path / "PK.zip", {"readme.txt": b"fine", name: b"9100001\tShahpur\n"})
    with pytest.raises(DataFileError, match=r"\[E011\].*path traversal"):
        sources.open_zip(archive)


def test_a_zip_bomb_is_refused_from_its_declared_sizes(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "PK.zip", {"PK.txt": bytes(BOMB_BYTES)})
    assert archive.stat().st_size < BOMB_BYTES // 100  # it really is a bomb by ratio
    with pytest.raises(DataFileError, match=r"\[E011\].*zip bomb"):
        sources.open_zip(archive)


def test_a_gzip_bomb_is_refused_as_it_unpacks(tmp_path: Path) -> None:
    bomb = tmp_path / "cities.json.gz"
    bomb.write_bytes(gzip.compress(bytes(BOMB_BYTES)))
    with pytest.raises(DataFileError, match=r"\[E011\].*gzip bomb"):
        sources.read_gzip(bomb)


def test_honest_archives_with_folders_and_high_but_small_ratios_are_read(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "ok.zip", {"data/PK.txt": b"x" * 200_000, "data/readme.txt": b"GeoNames"})
    with sources.open_zip(archive) as zf:
        assert zf.read("data/PK.txt") == b"x" * 200_000
    small = tmp_path / "small.json.gz"
    small.write_bytes(gzip.compress(b'{"a": 1}'))
    assert sources.read_gzip(small) == b'{"a": 1}'


def test_gazetteer_build_with_a_traversal_archive_stops_with_e011_and_writes_nothing(tmp_path: Path) -> None:
    root = write_dump_sources(tmp_path / "src")
    _zip(root / "geonames" / "PK.zip", {"../../../tmp/PK.txt": b"9100001\tShahpur\n"})
    out = tmp_path / "g.sqlite"
    result = CliRunner().invoke(app, ["gazetteer", "build", str(root), "--out", str(out)])
    assert result.exit_code == 1
    assert "[E011]" in result.output and "Traceback" not in result.output
    assert not out.exists()
