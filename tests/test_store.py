"""The event store on a real DuckDB file: idempotent ingest, merging reports into
canonical events, queries, read-only SQL, migrations and recoding.

Events come from hand-coded stories (tests/stories/store/) so that these tests
check the store, not today's coder; test_store_pipeline.py runs the real one.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent / "stories" / "store"))
import hand_coder  # noqa: E402
from store_testing import dump, read_corpus  # noqa: E402

from whimbrel.errors import InputError, StoreError  # noqa: E402
from whimbrel.store import (
    Store,  # noqa: E402
    schema,  # noqa: E402
)
from whimbrel.store.dedup import SIMILAR  # noqa: E402

OMO = ["horn-wire-7731", "lakeside-0314-omo", "rift-courier-omo", "savanna-post-omo"]


@pytest.fixture
def articles():
    return read_corpus()


@pytest.fixture
def store(tmp_path, articles):
    with Store(tmp_path / "events.duckdb") as s:
        s.ingest(articles, coder=hand_coder.code)
        yield s


def _by_date(store, **filters):
    return {str(e["date_value"]): e for e in store.events(**filters)}


def test_same_event_from_four_outlets_is_one_event_with_four_mentions(store):
    events = _by_date(store, dyad=("KEN", "ETH"))
    omo = events["2023-03-14"]
    assert omo["num_mentions"] == 4
    assert omo["num_articles"] == 4 and omo["num_sources"] == 4
    assert omo["doc_ids"] == OMO
    assert (omo["first_report"], omo["last_report"]) == (date(2023, 3, 14), date(2023, 3, 15))
    assert omo["place_name"] == "Nairobi" and omo["status"] == "occurred"


def test_two_meetings_of_the_same_dyad_on_different_days_stay_two(store):
    events = _by_date(store, dyad=("KEN", "ETH"))
    assert sorted(events) == ["2023-03-14", "2023-03-28", "2023-04"]
    assert events["2023-03-28"]["num_mentions"] == 2
    assert events["2023-03-14"]["event_id"] != events["2023-03-28"]["event_id"]
    planned = events["2023-04"]
    assert (planned["status"], planned["date_precision"], planned["num_mentions"]) == (
        "planned", "month", 2)
    assert store.counts()["events"] == 4 and store.counts()["mentions"] == 10


def test_merges_are_explained_with_rule_and_score(store):
    omo = _by_date(store, dyad=("KEN", "ETH"))["2023-03-14"]
    reports = store.mentions(omo["event_id"])
    rules = {r["doc_id"]: (r["rule"], r["score"]) for r in reports}
    assert set(rules) == set(OMO)
    # one outlet dated the talks a day late: merged by the adjacent-day rule on similar wording
    rule, score = rules["savanna-post-omo"]
    assert rule == "adjacent-day" and score >= SIMILAR
    assert sorted(r for r, _ in rules.values()).count("same-day") == 2
    assert omo["merge_rule"] == "adjacent-day+same-day"


def test_reingest_adds_nothing(store, articles):
    before = dump(store.con)
    report = store.ingest(articles, coder=hand_coder.code)
    assert (report.stored, report.skipped, report.mentions) == (0, 10, 0)
    assert dump(store.con) == before


def test_grouping_and_ids_do_not_depend_on_ingest_order_or_batches(tmp_path, store, articles):
    with Store(tmp_path / "reversed.duckdb") as other:
        other.ingest(list(reversed(articles)), coder=hand_coder.code, batch_size=1)
        assert dump(other.con) == dump(store.con)


def _changed_gold(tmp_path, monkeypatch, doc_id: str, **change) -> None:
    gold = json.loads((Path(hand_coder.__file__).with_name("gold.json")).read_text())
    gold[doc_id][0].update(change)
    path = tmp_path / "gold-changed.json"
    path.write_text(json.dumps(gold))
    monkeypatch.setenv("WHIMBREL_HAND_GOLD", str(path))


def test_changed_article_replaces_its_events_and_undoes_its_merge(tmp_path, monkeypatch, store,
                                                                   articles):
    first = dump(store.con)
    changed = [dataclasses.replace(a, text=a.text + "\n\nCorrection: the talks were on 18 March.")
               if a.doc_id == "savanna-post-omo" else a for a in articles]
    _changed_gold(tmp_path, monkeypatch, "savanna-post-omo", date="2023-03-18")
    report = store.ingest(changed, coder=hand_coder.code)
    assert (report.stored, report.skipped) == (1, 9)
    events = _by_date(store, dyad=("KEN", "ETH"))
    assert events["2023-03-14"]["num_mentions"] == 3
    assert events["2023-03-18"]["doc_ids"] == ["savanna-post-omo"]
    n_mentions = store.con.execute(
        "SELECT count(*) FROM mentions WHERE doc_id = 'savanna-post-omo'").fetchall()[0][0]
    assert n_mentions == 1
    # the story reverts: so do its events, their ids and the merge
    monkeypatch.delenv("WHIMBREL_HAND_GOLD")
    store.ingest(articles, coder=hand_coder.code)
    assert dump(store.con) == first


def test_a_story_that_cannot_be_coded_is_reported_and_the_rest_stored(tmp_path, articles):
    def flaky(article):
        if article.doc_id == "horn-wire-7731":
            raise RuntimeError("parser crashed")
        return hand_coder.code(article)

    with Store(tmp_path / "e.duckdb") as store:
        report = store.ingest([InputError("feed.xml:3", "bad item"), *articles], coder=flaky)
        assert report.stored == 9 and len(report.errors) == 2
        assert "horn-wire-7731" in report.errors[1] and "feed.xml:3" in report.errors[0]
        # the failed story is retried by the next ingest
        again = store.ingest(articles, coder=hand_coder.code)
        assert (again.stored, again.skipped) == (1, 9)


def test_event_filters(store):
    def ids(**f):
        return sorted(e["date_value"] for e in store.events(**f))

    assert ids(actor="BRA") == ["2023-03-10"]
    assert ids(actor=["ARG", "KEN"]) == ["2023-03-10", "2023-03-14", "2023-03-28", "2023-04"]
    assert ids(dyad=("eth", "ken")) == ids(dyad=("KEN", "ETH")) and len(ids(dyad="KEN ETH")) == 3
    assert ids(country="BRA") == ["2023-03-10"]
    assert ids(type="AGREE") == ["2023-03-10"] and len(ids(type="04")) == 3
    assert ids(type=["057", "CONSULT"]) == ids()
    assert ids(status="planned") == ["2023-04"]
    assert ids(since="2023-03-12", until="2023-03") == ["2023-03-14", "2023-03-28"]
    assert ids(since="2023-04") == ["2023-04"]
    assert ids(place="nairob") == ["2023-03-14", "2023-03-28"]
    assert ids(text="cattle") == ["2023-03-28"]
    assert ids(quad=[3, 4]) == []
    assert len(store.events(limit=2)) == 2
    with pytest.raises(StoreError, match="YYYY-MM-DD"):
        store.events(since="last week")
    with pytest.raises(StoreError, match="two actor codes"):
        store.events(dyad=("KEN",))


def test_dyad_summary_by_month(store):
    summary = store.dyad("ken", "eth")
    months = {m["month"]: m for m in summary["months"]}
    assert sorted(months) == ["2023-03", "2023-04"]
    march = months["2023-03"]
    assert (march["events"], march["q1"], march["q4"], march["reports"]) == (2, 2, 0, 6)
    assert march["mean_goldstein"] == 1.0
    assert march["top_event"].endswith(_by_date(store)["2023-03-14"]["event_id"])
    assert summary["top"][0]["num_mentions"] == 4


def test_sql_is_read_only(store):
    cols, rows = store.sql("SELECT count(*) AS n FROM events WHERE num_mentions > ?", [1])
    assert cols == ["n"] and rows == [(4,)]
    for bad in ("DELETE FROM events", "DROP TABLE events", "SELECT 1; DELETE FROM events",
                "INSERT INTO events (event_id) VALUES ('x')"):
        with pytest.raises(StoreError):
            store.sql(bad)
    assert store.counts()["events"] == 4


def test_read_only_store_refuses_writes(tmp_path, store):
    path = store.path
    store.close()
    with Store(path, read_only=True) as ro:
        assert ro.counts()["events"] == 4
        with pytest.raises(StoreError, match="read-only"):
            ro.ingest([], coder=hand_coder.code)
    with pytest.raises(StoreError, match="whimbrel ingest"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_migrations_run_once_in_order_and_upgrade_old_files(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    schema.current_version(con)
    first = schema.MIGRATIONS[0]
    for statement in first.statements:  # a file made by the first release
        con.execute(statement)
    con.execute("INSERT INTO schema_migrations VALUES (1, ?, now())", [first.name])
    con.close()
    with Store(path) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
    with Store(path) as store:
        rows = store.con.execute("SELECT version, name FROM schema_migrations ORDER BY version"
                                 ).fetchall()
    assert rows == [(m.version, m.name) for m in schema.MIGRATIONS]


def test_migration_4_fills_date_source_and_planned_date_from_stored_records(tmp_path):
    path = tmp_path / "v3.duckdb"
    con = duckdb.connect(str(path))
    schema.current_version(con)
    for migration in schema.MIGRATIONS[:3]:  # a file made before the columns existed
        for statement in migration.statements:
            con.execute(statement)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())",
                    [migration.version, migration.name])
    record = {"date_source": "occasion", "planned_date": "2022", "planned_date_precision": "year"}
    con.execute("INSERT INTO mentions (event_id, record) VALUES ('m1', ?)", [json.dumps(record)])
    con.execute("INSERT INTO events (event_id, representative) VALUES ('e1', 'm1')")
    con.close()
    with Store(path) as store:
        for table in ("mentions", "events"):
            rows = store.sql(f"SELECT date_source, planned_date, planned_date_precision FROM {table}")
            assert rows[1] == [("occasion", "2022", "year")], table


def test_failed_migration_leaves_no_trace(tmp_path):
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    broken = (schema.Migration(1, "half", ("CREATE TABLE a (x INT)", "CREATE TABLE a (x INT)")),)
    saved = schema.MIGRATIONS
    try:
        schema.MIGRATIONS = broken
        with pytest.raises(duckdb.Error):
            schema.migrate(con)
    finally:
        schema.MIGRATIONS = saved
    assert schema.current_version(con) == 0
    tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    assert "a" not in tables


def test_each_event_records_its_coder_version_and_recode_reports_changes(
        tmp_path, monkeypatch, store):
    versions = store.sql("SELECT DISTINCT coder_version FROM mentions")[1]
    assert versions == [(hand_coder.VERSION,)]
    same = store.recode(coder=hand_coder.code)
    assert (same.articles, same.changed, same.added, same.removed, same.unchanged) == (
        10, 0, 0, 0, 10)
    _changed_gold(tmp_path, monkeypatch, "pampa-news-0310", status="planned", goldstein=4.0)
    report = store.recode(coder=hand_coder.code)
    assert (report.changed, report.unchanged) == (1, 9)
    assert report.fields == {"status": 1, "goldstein": 1}
    assert "1 changed" in report.summary()
    agree = store.events(type="AGREE")[0]
    assert agree["num_mentions"] == 2


def test_in_memory_store_and_documents_added_directly():
    with Store(":memory:") as store:
        docs = [hand_coder.code(a) for a in read_corpus()]
        store.add_documents(docs, batch_size=3)
        assert store.counts()["events"] == 4
        assert store.counts()["articles"] == 10
        assert store.counts()["actors"] == 20 and store.counts()["evidence"] >= 30


def _synthetic_docs(n: int, seed: int, shift: int = 0) -> list:
    """Hand-built documents: two dyads, three places, reports over two months (a
    daily run longer than MAX_RUN_DAYS), some month-precise, some undated."""
    import random
    from datetime import timedelta

    from whimbrel.model import ActorMention, Article, DateRef, Document, Event, Location

    rnd = random.Random(seed)
    topics = "water border trade dam cattle fees grain roads power fishing".split()
    docs = []
    for i in range(n):
        pair = [("KEN", "ETH"), ("BRA", "ARG")][i % 2]
        text = (f"Officials of {pair[0]} and {pair[1]} held talks on {rnd.choice(topics)} and "
                f"{rnd.choice(topics)}.")
        day = date(2023, 3, 1) + timedelta(days=rnd.randrange(62) + shift)
        kind = rnd.random()
        ref = (DateRef("x", None, None, None) if kind < 0.05 else
               DateRef("x", None, day.isoformat()[:7], "month") if kind < 0.15 else
               DateRef("x", None, day.isoformat(), "day"))
        place = rnd.choice([None, ("Nairobi", 184745, "KEN"), ("Mombasa", 186301, "KEN")])
        article = Article(doc_id=f"syn-{i:04d}", text=text, date=day, source=f"outlet-{i % 5}")
        docs.append(Document(article=article, events=[Event(
            doc_id=article.doc_id, sentence_index=0, sentence_span=(0, len(text)),
            sentence_text=text, trigger_text="held talks", trigger_span=(26, 36), cameo="040",
            event_type="CONSULT", source=[ActorMention(pair[0], (13, 16), country=pair[0])],
            target=[ActorMention(pair[1], (21, 24), country=pair[1])], date=ref,
            location=Location(place[0], None, geonameid=place[1], country=place[2])
            if place else None, confidence=rnd.random(), coder_version="syn")]))
    return docs


def test_incremental_merging_equals_a_clean_rebuild():
    import random

    from whimbrel.store.ingest import recompute_blocks

    docs = _synthetic_docs(400, seed=3)
    with Store(":memory:") as clean, Store(":memory:") as grown:
        clean.add_documents(docs, batch_size=10_000)
        order = docs[:]
        rnd = random.Random(5)
        rnd.shuffle(order)
        i = 0
        while i < len(order):  # batches of random sizes, in random order
            step = rnd.randint(1, 40)
            grown.add_documents(order[i:i + step], batch_size=step)
            i += step
        moved = {d.doc_id: d for d in _synthetic_docs(400, seed=3, shift=9)}
        changed = rnd.sample(docs, 60)
        grown.add_documents([moved[d.doc_id] for d in changed], batch_size=7)  # stories change
        assert dump(grown.con) != dump(clean.con)
        grown.add_documents(changed, batch_size=13)  # ... and change back
        assert dump(grown.con) == dump(clean.con)
        blocks = {b for (b,) in clean.con.execute("SELECT DISTINCT block FROM mentions").fetchall()}
        before = dump(clean.con, ("events", "merges"))
        recompute_blocks(clean.con, blocks)
        assert dump(clean.con, ("events", "merges")) == before
        sizes = [r[0] for r in clean.sql("SELECT num_mentions FROM events")[1]]
        assert sum(sizes) == 400 and max(sizes) > 2 and len(sizes) < 400
