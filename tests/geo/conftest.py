"""Geo fixtures: one bundled gazetteer and geocoder per session; skip when the file is absent."""

from __future__ import annotations

import pytest

from sitrep.geo.gazetteer import DEFAULT_GAZETTEER, Gazetteer
from sitrep.geo.resolve import Geocoder, GeoContext
from sitrep.resources import data_path

PAKISTAN, AFGHANISTAN, INDIA, YEMEN = 586, 4, 356, 887


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    if not data_path(DEFAULT_GAZETTEER).is_file():
        pytest.skip("bundled gazetteer.sqlite not built")
    return Gazetteer.open()


@pytest.fixture(scope="session")
def geocoder(gazetteer: Gazetteer) -> Geocoder:
    return Geocoder(gazetteer)


@pytest.fixture()
def balochistan() -> GeoContext:
    """A story about Balochistan that also names Quetta and Turbat."""
    return GeoContext(countries=(PAKISTAN,), admin1=("Balochistan",), places=("Quetta", "Turbat"))
