"""Each export format checked against its specification, on a real store."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "stories" / "store"))
import hand_coder  # noqa: E402
from store_testing import read_corpus  # noqa: E402

from whimbrel.cli import main  # noqa: E402
from whimbrel.errors import StoreError  # noqa: E402
from whimbrel.model import STATUSES  # noqa: E402
from whimbrel.registry import exporters  # noqa: E402
from whimbrel.store import Store  # noqa: E402
from whimbrel.store.exports import GDELT_EXTRA, POLECAT_COLUMNS, gdelt_columns  # noqa: E402

#: The GDELT 2.0 event table, written out here independently of the package's data file.
GDELT_V2 = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    + " ".join(f"Actor{n}Code Actor{n}Name Actor{n}CountryCode Actor{n}KnownGroupCode "
               f"Actor{n}EthnicCode Actor{n}Religion1Code Actor{n}Religion2Code "
               f"Actor{n}Type1Code Actor{n}Type2Code Actor{n}Type3Code" for n in (1, 2))
    + " IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions "
    "NumSources NumArticles AvgTone "
    + " ".join(f"{g}Geo_Type {g}Geo_FullName {g}Geo_CountryCode {g}Geo_ADM1Code {g}Geo_ADM2Code "
               f"{g}Geo_Lat {g}Geo_Long {g}Geo_FeatureID" for g in ("Actor1", "Actor2", "Action"))
    + " DATEADDED SOURCEURL").split()
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "events.duckdb"
    with Store(path) as store:
        store.ingest(read_corpus(), coder=hand_coder.code)
    return path


@pytest.fixture
def store(db):
    with Store(db, read_only=True) as s:
        yield s


def _export(store, fmt, **options) -> str:
    buf = io.StringIO()
    n = store.export(fmt, buf, **options)
    assert n == 4 or options
    return buf.getvalue()


def test_all_formats_are_registered_by_name():
    assert {"gdelt", "polecat", "plover", "csv", "parquet"} <= set(exporters.names())


def test_gdelt_column_list_is_the_official_61_in_order():
    assert len(GDELT_V2) == 61
    assert list(gdelt_columns()) == GDELT_V2


def test_gdelt_rows_have_61_typed_fields(store):
    lines = _export(store, "gdelt").splitlines()
    assert len(lines) == 4
    rows = [dict(zip(GDELT_V2, line.split("\t"))) for line in lines]
    assert all(len(line.split("\t")) == 61 for line in lines)
    for r in rows:
        assert re.fullmatch(r"\d{1,19}", r["GLOBALEVENTID"]) and int(r["GLOBALEVENTID"]) < 2**63
        day = datetime.strptime(r["SQLDATE"], "%Y%m%d")
        assert r["MonthYear"] == r["SQLDATE"][:6] and r["Year"] == r["SQLDATE"][:4]
        assert re.fullmatch(r"\d{4}\.\d{4}", r["FractionDate"])
        assert int(float(r["FractionDate"])) == day.year
        assert re.fullmatch(r"\d{3,4}", r["EventCode"])
        assert r["EventBaseCode"] == r["EventCode"][:3] and r["EventRootCode"] == r["EventCode"][:2]
        assert r["QuadClass"] in "1234" and -10 <= float(r["GoldsteinScale"]) <= 10
        assert int(r["NumMentions"]) >= int(r["NumArticles"]) >= 1
        datetime.strptime(r["DATEADDED"], "%Y%m%d%H%M%S")
        assert r["IsRootEvent"] in ("0", "1") and r["ActionGeo_Type"] in "012345"
        assert r["SOURCEURL"].startswith("https://")
    omo = next(r for r in rows if r["SQLDATE"] == "20230314")
    assert (omo["EventCode"], omo["EventRootCode"], omo["NumMentions"]) == ("040", "04", "4")
    assert {omo["Actor1CountryCode"], omo["Actor2CountryCode"]} == {"KEN", "ETH"}
    assert omo["Actor1Code"] in ("KENGOV", "ETHGOV") and omo["Actor1Type1Code"] == "GOV"
    # places use FIPS 10-4 country codes (Kenya KE), actors CAMEO/ISO-3 codes (KEN)
    assert (omo["ActionGeo_Type"], omo["ActionGeo_CountryCode"]) == ("4", "KE")
    assert omo["ActionGeo_FullName"].startswith("Nairobi") and omo["ActionGeo_FeatureID"] == "184745"
    brasilia = next(r for r in rows if r["SQLDATE"] == "20230310")
    assert brasilia["ActionGeo_CountryCode"] == "BR" and brasilia["EventCode"] == "057"


def test_gdelt_file_reads_with_a_strict_typed_reader(store, tmp_path):
    out = tmp_path / "events.export.CSV"
    store.export("gdelt", out)
    types = {"GLOBALEVENTID": "BIGINT", "SQLDATE": "INTEGER", "MonthYear": "INTEGER",
             "Year": "INTEGER", "FractionDate": "DOUBLE", "IsRootEvent": "INTEGER",
             "QuadClass": "INTEGER", "GoldsteinScale": "DOUBLE", "NumMentions": "INTEGER",
             "NumSources": "INTEGER", "NumArticles": "INTEGER", "AvgTone": "DOUBLE",
             "ActionGeo_Type": "INTEGER", "ActionGeo_Lat": "DOUBLE", "ActionGeo_Long": "DOUBLE",
             "DATEADDED": "BIGINT"}
    cols = "{" + ", ".join(f"'{c}': '{types.get(c, 'VARCHAR')}'" for c in GDELT_V2) + "}"
    con = duckdb.connect()
    rows = con.execute(f"SELECT SQLDATE, EventCode, NumMentions, ActionGeo_Lat FROM read_csv("
                       f"'{out}', delim='\t', header=false, columns={cols}, quote='') "
                       "ORDER BY SQLDATE").fetchall()
    assert rows[0][:3] == (20230310, "057", 2) and abs(rows[0][3] + 15.78) < 0.01


def test_gdelt_extended_appends_whimbrel_fields_after_61(store):
    lines = _export(store, "gdelt", extended=True).splitlines()
    for line in lines:
        fields = line.split("\t")
        assert len(fields) == 61 + len(GDELT_EXTRA)
        extra = dict(zip(GDELT_EXTRA, fields[61:]))
        assert extra["Status"] in STATUSES and extra["DatePrecision"] in ("day", "month", "year")
        assert extra["Evidence"] and extra["PloverType"] in PLOVER_TYPES


def test_polecat_table_has_header_and_whimbrel_fields(store):
    rows = list(csv.reader(io.StringIO(_export(store, "polecat")), delimiter="\t"))
    assert tuple(rows[0]) == POLECAT_COLUMNS
    body = [dict(zip(POLECAT_COLUMNS, r)) for r in rows[1:]]
    assert len(body) == 4 and all(len(r) == len(POLECAT_COLUMNS) for r in rows)
    for r in body:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["story_date"])
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", r["event_date"])
        assert r["event_type"] in PLOVER_TYPES and r["status"] in STATUSES
    planned = next(r for r in body if r["status"] == "planned")
    assert (planned["event_date"], planned["date_precision"]) == ("2023-04", "month")
    omo = next(r for r in body if r["event_date"] == "2023-03-14")
    assert omo["num_mentions"] == "4" and omo["placename"] == "Nairobi"
    assert len(omo["story_ids"].split(";")) == 4


def test_plover_json_follows_the_schema(store):
    records = [json.loads(line) for line in _export(store, "plover").splitlines()]
    schema_keys = {"event_id", "doc_id", "event_type", "mode", "context", "cameo", "cameo_name",
                   "goldstein", "quad_class", "source", "target", "date", "date_precision",
                   "date_text", "status", "location", "series", "trigger", "sentence",
                   "confidence", "coder"}
    ids = {e["event_id"] for e in store.events()}
    for rec in records:
        assert schema_keys <= set(rec)
        assert rec["event_id"] in ids and rec["mention_id"] in rec["mention_ids"]
        assert rec["event_type"] in PLOVER_TYPES and rec["status"] in STATUSES
        assert rec["quad_class"] in (1, 2, 3, 4)
        assert all(a["country"] and len(a["span"]) == 2 for a in rec["source"] + rec["target"])
        start, end = rec["trigger"]["span"]
        assert end - start == len(rec["trigger"]["text"])
        assert rec["num_mentions"] == len(rec["mention_ids"]) >= 1
        assert rec["merge"]["rule"]
    omo = next(r for r in records if r["date"] == "2023-03-14")
    assert omo["location"]["geonameid"] == 184745 and omo["num_mentions"] == 4
    assert (omo["first_report"], omo["last_report"]) == ("2023-03-14", "2023-03-15")


def test_csv_and_parquet_carry_every_events_column(store, tmp_path):
    columns = [r[0] for r in store.con.execute("DESCRIBE events").fetchall()]
    rows = list(csv.DictReader(io.StringIO(_export(store, "csv"))))
    assert list(rows[0]) == columns and len(rows) == 4
    assert {r["status"] for r in rows} == {"occurred", "planned"}
    path = tmp_path / "events.parquet"
    assert store.export("parquet", path) == 4
    table = pq.read_table(path)
    assert table.column_names == columns and table.num_rows == 4
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("num_mentions").type) == "int32"
    assert sorted(table.column("num_mentions").to_pylist()) == [2, 2, 2, 4]
    with pytest.raises(StoreError, match="file path"):
        store.export("parquet", io.StringIO())


def test_exports_take_the_event_filters(store):
    lines = _export(store, "gdelt", dyad=("KEN", "ETH"), status="occurred").splitlines()
    assert sorted(line.split("\t")[1] for line in lines) == ["20230314", "20230328"]


def test_cli_export_and_queries(db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "e.tsv"
    res = runner.invoke(main, ["export", "gdelt", "--db", str(db), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert len(out.read_text().splitlines()) == 4
    res = runner.invoke(main, ["events", "--db", str(db), "--dyad", "KEN", "ETH", "--format",
                               "json", "--status", "occurred"])
    assert res.exit_code == 0, res.output
    got = [json.loads(line) for line in res.output.splitlines()]
    assert [g["num_mentions"] for g in got] == [4, 2]
    res = runner.invoke(main, ["events", "--db", str(db), "--format", "csv", "--type", "AGREE"])
    assert res.output.splitlines()[0].startswith("event_id,date_value,event_type")
    res = runner.invoke(main, ["dyad", "KEN", "ETH", "--db", str(db)])
    assert res.exit_code == 0 and "2023-03" in res.output and "most reported" in res.output
    res = runner.invoke(main, ["sql", "SELECT count(*) AS n FROM mentions", "--db", str(db),
                               "--format", "csv"])
    assert res.output.split() == ["n", "10"]
    res = runner.invoke(main, ["sql", "DROP TABLE events", "--db", str(db)])
    assert res.exit_code == 1 and "read-only" in res.output
