"""Tiny gold files, one per format, with rows invented for these tests (same column layout as the
real exports; no text or values copied from them), and a fake coder."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from sitrep.model import Article, Event, TimePrecision

ACLED_HEADER = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,"
    "admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3"
).split(",")
OLD_HEADER = (
    "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,"
    "INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,LOCATION,LATITUDE,"
    "LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES"
).split(",")
NOTES_HEADER = ",event_type,sub_event_type,assoc_actor_1,latitude,longitude,notes,month".split(",")
UCDP_HEADER = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,"
    "dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,"
    "side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,"
    "where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,"
    "country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,best_est,high_est,low_est"
).split(",")
GTD_HEADER = (
    "eventid,event_date_from_eventid,iyear,imonth,country_id,country_txt,region_id,region_txt,provstate,"
    "city,location,summary,success,suicide,attacktype1,attacktype1_txt,targtype1,targtype1_txt,corp1,"
    "target1,natlty1_id,natlty1_txt,gname,weaptype1,weaptype1_txt,weapdetail,nkill,nkillus,nkillter,"
    "nwound,propextent,propcomment,ishostkid,incident_id,source_table"
).split(",")

SPLIT_NOTE = (
    "On 2 May 2020, twin roadside blasts hit police vans in Quetta and in Turbat (Kech, Balochistan). "
    "3 fatalities split up between 2 events."
)

# fmt: off
ACLED_ROWS: list[dict[str, Any]] = [
    dict(
        data_id=1, iso=586, event_id_cnty="PAK901", event_date="1-May-20", year=2020, time_precision=1,
        event_type="Battles", sub_event_type="Armed clash", actor1="Military Forces of Pakistan (2018-)",
        inter1=1, actor2="TTP: Tehreek-i-Taliban Pakistan", inter2=2, interaction=12, region="Southern Asia",
        country="Pakistan", admin1="Khyber Pakhtunkhwa", admin2="North Waziristan", location="Miranshah",
        latitude=33.0, longitude=70.07, geo_precision=1,
        notes="On 1 May 2020, soldiers and militants traded fire outside Miranshah. 4 fatalities.",
        fatalities=4, iso3="PAK",
    ),
    dict(
        data_id=2, iso=586, event_id_cnty="PAK902", event_date="2-May-20", year=2020, time_precision=1,
        event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
        actor1="Unidentified Armed Group (Pakistan)", inter1=3, actor2="Police Forces of Pakistan (2018-)",
        inter2=1, interaction=13, region="Southern Asia", country="Pakistan", admin1="Balochistan",
        admin2="Quetta", location="Quetta", latitude=30.19, longitude=67.01, notes=SPLIT_NOTE, fatalities=2,
    ),
    dict(
        data_id=3, iso=586, event_id_cnty="PAK903", event_date="2-May-20", year=2020, time_precision=1,
        event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
        actor1="Unidentified Armed Group (Pakistan)", inter1=3, actor2="Police Forces of Pakistan (2018-)",
        inter2=1, interaction=13, region="Southern Asia", country="Pakistan", admin1="Balochistan",
        admin2="Kech", location="Turbat", latitude=26.0, longitude=63.05, notes=SPLIT_NOTE, fatalities=1,
    ),
    dict(
        data_id=4, iso=4, event_id_cnty="AFG901", event_date="3 May 2020", year=2020, time_precision=2,
        event_type="Violence against civilians", sub_event_type="Attack",
        actor1="Unidentified Armed Group (Afghanistan)", inter1=3, actor2="Civilians (Afghanistan)", inter2=7,
        interaction=37, region="Caucasus and Central Asia", country="Afghanistan", admin1="Herat",
        admin2="Herat", location="Herat", latitude=34.34, longitude=62.2,
        notes="Around 3 May 2020 (week of), gunmen shot a shopkeeper in Herat city.", fatalities=1,
    ),
    dict(
        data_id=5, iso=356, event_id_cnty="IND901", event_date="4-May-20", year=2020, time_precision=1,
        event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (India)", inter1=6,
        actor2="", inter2=0, interaction=60, region="Southern Asia", country="India", admin1="Kerala",
        admin2="Ernakulam", location="Kochi", latitude=9.97, longitude=76.28,
        notes="On 4 May 2020, fishermen rallied at the Kochi harbour over diesel prices.", fatalities=0,
    ),
    dict(
        data_id=6, iso=887, event_id_cnty="YEM901", event_date="5-May-20", year=2020, time_precision=1,
        event_type="Battles", sub_event_type="Armed clash",
        actor1="Military Forces of Yemen (2016-) Supreme Political Council", inter1=1,
        actor2="Military Forces of Yemen (2012-)", inter2=1, interaction=11, region="Middle East",
        country="Yemen", admin1="Marib", admin2="Sirwah", location="Sirwah", latitude=15.45, longitude=45.0,
        notes="On 5 May 2020, rival forces clashed on a frontline west of Marib. 2 fatalities.", fatalities=2,
    ),
    dict(data_id=7, event_id_cnty="PHL901", event_date="5-May-20", event_type="Protests", notes=""),
]

OLD_ROWS: list[dict[str, Any]] = [
    dict(
        GWNO=770, EVENT_ID_CNTY="901PAK", EVENT_DATE="14-March-2015", YEAR=2015, TIME_PRECISION=1,
        EVENT_TYPE="Riots/Protests", ACTOR1="Protesters (Pakistan)", INTER1=6, ACTOR2="", INTER2=0,
        INTERACTION=60, COUNTRY="Pakistan", ADMIN1="Sindh", ADMIN2="Karachi", LOCATION="Karachi",
        LATITUDE=24.86, LONGITUDE=67.01, NOTES="Traders shut their shops in Karachi over power cuts.",
        FATALITIES=0,
    ),
    dict(
        GWNO=770, EVENT_ID_CNTY="902PAK", EVENT_DATE="15-March-2015", YEAR=2015, TIME_PRECISION=1,
        EVENT_TYPE="Remote violence", ACTOR1="Unidentified Armed Group (Pakistan)", INTER1=3,
        ACTOR2="Civilians (Pakistan)", INTER2=7, INTERACTION=37, COUNTRY="Pakistan",
        ADMIN1="Federally Administered Tribal Areas", ADMIN2="Khyber", LOCATION="Bara", LATITUDE=33.91,
        LONGITUDE=71.46, NOTES="A bomb planted on a cart went off in a Bara market, killing two.",
        FATALITIES=2,
    ),
]

NOTES_ROWS: list[dict[str, Any]] = [
    {"": 11, "event_type": "Protests", "sub_event_type": "Peaceful protest", "latitude": 27.8,
     "longitude": 66.6, "month": "2024-01",
     "notes": "On 3 January 2024, teachers held a sit-in at the press club in Khuzdar over unpaid wages."},
    {"": 12, "event_type": "Riots", "sub_event_type": "Violent demonstration", "latitude": 30.2,
     "longitude": 67.0, "month": "2024-02",
     "notes": "Around 5 February 2024 (as reported), drivers blocked a highway near Quetta."},
    {"": 13, "event_type": "Protests", "sub_event_type": "Peaceful protest", "latitude": 25.1,
     "longitude": 62.3, "month": "2024-03",
     "notes": "In mid-March 2024, residents of Gwadar marched for water supply."},
]

UCDP_ROWS: list[dict[str, Any]] = [
    dict(id=9001, type_of_violence=1, side_a="Government of Pakistan", side_b="TTP",
         source_headline="Militants attack checkpost in Bannu, several killed", where_prec=1,
         where_coordinates="Bannu town", adm_1="Khyber Pakhtunkhwa Province", adm_2="Bannu District",
         latitude=32.99, longitude=70.6, country="Pakistan", region="Asia", date_prec=1,
         date_start="06/10/2012 00:00:00", date_end="06/10/2012 00:00:00", best_est=6, high_est=9, low_est=5),
    dict(id=9002, type_of_violence=3, side_a="TTP", side_b="Civilians",
         source_headline="Market bomb in Parachinar; toll rises", where_prec=1,
         where_coordinates="Parachinar town", adm_1="Federally Administered Tribal Areas",
         adm_2="Kurram Agency", latitude=33.9, longitude=70.1, country="Pakistan", region="Asia",
         date_prec=2, date_start="07/01/2012 00:00:00", date_end="07/03/2012 00:00:00", best_est=12,
         high_est=15, low_est=10),
    dict(id=9003, source_headline="", where_coordinates="Quetta town", country="Pakistan",
         date_start="07/01/2012 00:00:00", date_end="07/01/2012 00:00:00", best_est=1, high_est=1, low_est=1),
]

GTD_ROWS: list[dict[str, Any]] = [
    dict(eventid="201705140007", event_date_from_eventid="2017-05-14", iyear=2017, imonth=5,
         country_txt="Afghanistan", region_txt="South Asia", provstate="Kandahar", city="Spin Boldak",
         summary="05/14/2017: A suicide bomber struck a border post in Spin Boldak. Five people died, "
         "the bomber among them.", attacktype1_txt="Bombing/Explosion", gname="Taliban", nkill=5,
         nkillter=1),
    dict(eventid="201706020011", event_date_from_eventid="2017-06-02", iyear=2017, imonth=6,
         country_txt="Afghanistan", region_txt="South Asia", provstate="Ghazni", city="Unknown",
         summary="06/02/2017: Gunmen fired on a police patrol in Ghazni province.",
         attacktype1_txt="Armed Assault", gname="Unknown", nkill=3, nkillter=""),
]
FAKES_HEADER = (
    "id,text,title,published,event_date,attack_type,derived_acled_event_type,country,admin1,admin2,location,"
    "latitude,longitude,fatalities,fatalities_civilians,fatalities_noncivilians,fatalities_children,"
    "fatalities_women,actors,actor_raw,attack_type_raw,date_raw,outlet,vdc_consistent"
).split(",")
ISAF_HEADER = (
    "id,text,published,event_date,event_type,derived_acled_event_type,country,admin1,admin2,location,latitude,"
    "longitude,fatalities,min_captured,min_leaders_killed,min_leaders_captured,actors,killq,captureq,"
    "killcaptureraid,airstrike,noshotsfired,incident_name,isaf_refno"
).split(",")

FAKES_ROWS: list[dict[str, Any]] = [
    dict(id="fk-1", title="Shells hit market in Douma",
         text="Mon 5 Mar 2018 Shells hit market in Douma. Shells struck a market in Douma on Sunday, "
         "killing 20 people, a monitor said. The war has killed 400,000 people since 2011.",
         published="2018-03-05", event_date="2018-03-04", attack_type="shelling", country="Syria",
         admin1="Damascus", location="Douma", fatalities=20, fatalities_civilians=20, outlet="invented"),
    dict(id="fk-2", title="Car bomb in Azaz",
         text="Car bomb in Azaz. A car bomb went off near a mosque in Azaz, killing 9.",
         published="", event_date="2017-01-07", attack_type="explosion", country="Syria",
         admin1="Aleppo", fatalities=9, outlet="invented"),
    # two gold events of one story: the main one (most fatalities) is scored, the other skipped
    dict(id="fk-3", title="Clashes in Hasakeh",
         text="Tue 2 Feb 2016 Clashes in Hasakeh. Fighters and troops clashed in Hasakeh city, leaving 7 "
         "dead; in Qamishli a sniper killed 2.",
         published="2016-02-02", event_date="2016-02-01", attack_type="shooting", country="Syria",
         admin1="Al-Hasakeh", fatalities=2, outlet="invented"),
    dict(id="fk-3", title="Clashes in Hasakeh",
         text="Tue 2 Feb 2016 Clashes in Hasakeh. Fighters and troops clashed in Hasakeh city, leaving 7 "
         "dead; in Qamishli a sniper killed 2.",
         published="2016-02-02", event_date="2016-02-01", attack_type="shooting", country="Syria",
         admin1="Al-Hasakeh", fatalities=7, outlet="invented"),
    dict(id="fk-4", title="Bodies found", text="Sat 1 Jul 2017 Bodies found near Deraa. Five bodies were found.",
         published="2017-07-01", event_date="2017-06-30", attack_type="unknown", country="Syria",
         admin1="Dar'a", fatalities=5, outlet="invented"),
]

ISAF_ROWS: list[dict[str, Any]] = [
    dict(id="isaf-1", text="KABUL, Afghanistan (March 3, 2011)\nA combined force detained two suspected "
         "insurgents in Nad Ali district, Helmand province, yesterday.", published="2011-03-03",
         event_date="2011-03-02", event_type="detention", derived_acled_event_type="Strategic developments",
         country="Afghanistan", admin1="Helmand", fatalities=0, min_captured=2),
    dict(id="isaf-2", text="KABUL, Afghanistan (May 9, 2012)\nA patrol killed several insurgents in "
         "Zhari district, Kandahar province, on Monday; an air weapons team killed one more.",
         published="2012-05-09", event_date="2012-05-07", event_type="insurgentskilled;detention",
         derived_acled_event_type="Battles;Strategic developments", country="Afghanistan",
         admin1="Kandahar", fatalities=4, min_captured=1),
    dict(id="isaf-3", text="An air strike in Khost province killed a couple of insurgents today.",
         published="", event_date="2010-08-14", event_type="airstrike",
         derived_acled_event_type="Explosions/Remote violence", country="Afghanistan", admin1="Khost",
         fatalities=2),
    dict(id="isaf-4", text="KABUL (June 1, 2010) Civilians were hurt in Paktya province.", published="2010-06-01",
         event_date="2010-06-01", event_type="civiliancasualty", derived_acled_event_type="",
         country="Afghanistan", admin1="Paktya", fatalities=1),
]
# fmt: on


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(header), restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


@pytest.fixture
def gold_files(tmp_path: Path) -> dict[str, Path]:
    """One tiny gold CSV per format, keyed by format name."""
    return {
        "acled": write_csv(tmp_path / "acled_mini.csv", ACLED_HEADER, ACLED_ROWS),
        "acled_old": write_csv(tmp_path / "acled_old_mini.csv", OLD_HEADER, OLD_ROWS),
        "acled_notes": write_csv(tmp_path / "notes_mini.csv", NOTES_HEADER, NOTES_ROWS),
        "ucdp_ged": write_csv(tmp_path / "ucdp_mini.csv", UCDP_HEADER, UCDP_ROWS),
        "gtd": write_csv(tmp_path / "gtd_mini.csv", GTD_HEADER, GTD_ROWS),
        "fakes": write_csv(tmp_path / "fakes_mini.csv", FAKES_HEADER, FAKES_ROWS),
        "isaf": write_csv(tmp_path / "isaf_mini.csv", ISAF_HEADER, ISAF_ROWS),
    }


def make_event(article: Article, n: int = 1, **fields: Any) -> Event:
    """An event coded from ``article`` with neutral defaults; override any field."""
    base: dict[str, Any] = dict(
        event_id=f"{article.id}#{n}",
        article_ids=(article.id,),
        event_date=article.published - dt.timedelta(days=1),
        time_precision=TimePrecision.DAY,
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
    )
    base.update(fields)
    return Event(**base)


class FakeCoder:
    """A real coder callable: returns the events ``respond(article)`` builds, and keeps what it was given."""

    def __init__(self, respond: Callable[[Article], list[Event]]) -> None:
        self.respond = respond
        self.seen: list[Article] = []

    def __call__(self, articles: list[Article]) -> Iterable[Event]:
        self.seen.extend(articles)
        for article in articles:
            yield from self.respond(article)


@pytest.fixture
def event_factory() -> Callable[..., Event]:
    return make_event


@pytest.fixture
def fake_coder() -> type[FakeCoder]:
    return FakeCoder


@pytest.fixture
def write_acled(tmp_path: Path) -> Callable[..., Path]:
    """Write a one-row ACLED file: every column filled by ``fill(column)``, then the overrides."""

    def write(name: str, fill: Callable[[str], str], **overrides: str) -> Path:
        row = {c: fill(c) for c in ACLED_HEADER}
        row.update(overrides)
        return write_csv(tmp_path / name, ACLED_HEADER, [row])

    return write
