"""The built file does not change when the builder does: two small gazetteers, built from files
the tests write, compared table by table with what the builder of commit eda9f0d wrote from the
same files (digests captured by running that builder on them; ``rowdump.table_digests``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sitrep.gazetteer_build import build_gazetteer

from .dump import write_dump_sources
from .rowdump import table_digests
from .test_build import write_sources

SCHEMA = "1dde074e799a98aa785f2de7253a593647039f753fe25125eb21776ea23ccfc6"
COUNTRIES = "4b5cc85d38c91d0e10a15f7da923aba6611f1108981609cb882f722b5d65bdbd"
COUNTRY_NAMES = "ad63da067588a8da2e4edc8a32a8594c97752dbd7fa86b7e333f4c5c42d8d52e"

EXPECTED: dict[str, dict[str, str]] = {
    "small": {
        "schema": SCHEMA,
        "admin": "aa864dfc7e436c1d7e3405554347cf9b631fd2a8f5dc1a7b18f84365178628c3",
        "countries": COUNTRIES,
        "country_names": COUNTRY_NAMES,
        "labels": "9e5d969617a6277b2daca7f5d2135043e9e92e9646ce035b9a55b8d2a0547fbd",
        "meta": "718a82909fbe7fe7ee23a8da6f845438a45839d884422acbbe816db52ef8deeb",
        "names": "5404a4cd2c4e025e5a72688956e8a7bb4519841272058db08a26b90c53639be5",
        "places": "36493ef44b2c3ea3d678d8adfa1e10037a781b6f32126062ab0de922e64dee18",
        "skeletons": "1e6b096833d52a06b8fd336bd965a23728e8dd2ec5a9cab82a524be7467a4cb8",
    },
    "dump": {
        "schema": SCHEMA,
        "admin": "e04e4dfabf43c44d163ce30944021c9887574d8aee96bc73164a40d4f8604494",
        "countries": COUNTRIES,
        "country_names": COUNTRY_NAMES,
        "labels": "f6efbefde92c13c8733803d56809f7fbaabdd14ba47ce9689dc5ce6920873447",
        "meta": "3d8a262a7cf5f83105471fd9444249ed76b6d0d85e8a968b3f0256e5b31a651b",
        "names": "31a41ceeec7f0b9d0f3cb42a4e47955651d8addcdd33f8bf41af93da49351865",
        "places": "c4d581c4a33a8a16a5398cc25e96411cd1dd1e9d940b53cb26fab610f80fad97",
        "skeletons": "660365bd51a67d7b4c3b10c8af6108a6d159446fbf61193b58cd321ad22c9340",
    },
}
WRITERS: dict[str, Callable[[Path], Path]] = {"small": write_sources, "dump": write_dump_sources}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_builder_writes_the_same_rows_as_before(name: str, tmp_path: Path) -> None:
    out = tmp_path / "gazetteer.sqlite"
    build_gazetteer(WRITERS[name](tmp_path / "sources"), out)
    assert table_digests(out) == EXPECTED[name]
