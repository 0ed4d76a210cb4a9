"""The store's tables, as named migrations applied in order, each in one transaction.

    articles   one row per stored story (text, metadata, content hash, coder version)
    mentions   one row per coded event in one story (Event.event_id: a report of an event)
    actors     the source/target actors of each mention
    places     places found anywhere in each story
    evidence   the spans behind each mention (sentence, trigger, date, place, status)
    events     canonical events: the mentions of one real event merged, with a stable id
    merges     why each mention belongs to its canonical event (rule, score)
    series, series_rounds, commitments, decisions, follow_state
               follow-through (whimbrel.follow): recurring series and their rounds, the
               promises stories report and what became of them, each decision explained

Tables carry no PRIMARY KEY or index: the ingest code keeps ids unique, DuckDB's
index checks would slow bulk inserts (2x on a million events) and trip on
delete-then-insert in one transaction, and scans with zone maps answer the
store's queries fast enough. A migration is never edited once released; add a new one.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb


class Migration(NamedTuple):
    version: int
    name: str
    statements: tuple[str, ...]


_MENTION_COLUMNS = """
    event_id VARCHAR, doc_id VARCHAR, block VARCHAR,
    event_type VARCHAR, cameo VARCHAR, cameo_name VARCHAR, goldstein DOUBLE, quad_class INTEGER,
    mode VARCHAR, context VARCHAR[],
    source_code VARCHAR, source_sector VARCHAR, source_name VARCHAR,
    target_code VARCHAR, target_sector VARCHAR, target_name VARCHAR,
    dyad VARCHAR, actors VARCHAR[],
    date DATE, date_value VARCHAR, date_precision VARCHAR, date_start VARCHAR, date_end VARCHAR,
    date_text VARCHAR, status VARCHAR, status_cue VARCHAR,
    place_name VARCHAR, geonameid BIGINT, place_country VARCHAR, admin1 VARCHAR,
    lat DOUBLE, lon DOUBLE, place_precision VARCHAR, place_feature VARCHAR,
    series_name VARCHAR, series_acronym VARCHAR, series_round INTEGER,
    sentence_index INTEGER, sentence_text VARCHAR,
    trigger_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
    confidence DOUBLE, evidence VARCHAR, coder_version VARCHAR, record VARCHAR
"""

_EVENT_COLUMNS = """
    event_id VARCHAR, block VARCHAR,
    event_type VARCHAR, cameo VARCHAR, cameo_name VARCHAR, goldstein DOUBLE, quad_class INTEGER,
    mode VARCHAR, context VARCHAR[],
    source_code VARCHAR, source_sector VARCHAR, source_name VARCHAR,
    target_code VARCHAR, target_sector VARCHAR, target_name VARCHAR,
    dyad VARCHAR, actors VARCHAR[],
    date DATE, date_value VARCHAR, date_precision VARCHAR, status VARCHAR,
    place_name VARCHAR, geonameid BIGINT, country VARCHAR, admin1 VARCHAR,
    lat DOUBLE, lon DOUBLE, place_precision VARCHAR,
    series_name VARCHAR, series_round INTEGER,
    num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER,
    doc_ids VARCHAR[], mention_ids VARCHAR[], sources VARCHAR[],
    first_report DATE, last_report DATE, url VARCHAR,
    representative VARCHAR, sentence_index INTEGER, evidence VARCHAR, trigger_text VARCHAR,
    confidence DOUBLE, coder_version VARCHAR, merge_rule VARCHAR, merge_score DOUBLE,
    added_at TIMESTAMP
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial tables", (
        """CREATE TABLE articles (
            doc_id VARCHAR, content_hash VARCHAR, title VARCHAR, url VARCHAR, source VARCHAR,
            origin VARCHAR, pub_date DATE, text VARCHAR, boilerplate VARCHAR,
            coder_version VARCHAR, n_events INTEGER, warnings VARCHAR[],
            ingested_at TIMESTAMP)""",
        f"CREATE TABLE mentions ({_MENTION_COLUMNS})",
        """CREATE TABLE actors (
            mention_id VARCHAR, doc_id VARCHAR, role VARCHAR, position INTEGER, text VARCHAR,
            code VARCHAR, country VARCHAR, sector VARCHAR, person VARCHAR, title VARCHAR,
            rank VARCHAR, org VARCHAR, kind VARCHAR, span_start INTEGER, span_end INTEGER)""",
        """CREATE TABLE places (
            doc_id VARCHAR, position INTEGER, name VARCHAR, geonameid BIGINT, feature VARCHAR,
            country VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE, precision VARCHAR,
            span_start INTEGER, span_end INTEGER, rule VARCHAR)""",
        """CREATE TABLE evidence (
            mention_id VARCHAR, doc_id VARCHAR, kind VARCHAR, text VARCHAR,
            span_start INTEGER, span_end INTEGER, rule VARCHAR)""",
        f"CREATE TABLE events ({_EVENT_COLUMNS})",
        """CREATE TABLE merges (
            event_id VARCHAR, mention_id VARCHAR, block VARCHAR, rule VARCHAR, score DOUBLE)""",
    )),
    Migration(2, "event search text", (
        # lower-cased evidence of every report, so text search is a plain substring scan
        "ALTER TABLE events ADD COLUMN search_text VARCHAR",
        "UPDATE events SET search_text = lower(evidence)",
    )),
    Migration(3, "follow-through: series registry, rounds, commitments, decisions", (
        # written whole by whimbrel.follow.refresh after every write; `record` is the JSON
        # the API returns, the other columns are there for SQL
        """CREATE TABLE series (
            series_id VARCHAR, name VARCHAR, acronym VARCHAR, kind VARCHAR, aliases VARCHAR[],
            parties VARCHAR[], n_rounds INTEGER, record VARCHAR)""",
        """CREATE TABLE series_rounds (
            series_id VARCHAR, round INTEGER, ordinal_source VARCHAR, edition INTEGER,
            date_value VARCHAR, place VARCHAR, country VARCHAR, event_ids VARCHAR[],
            doc_ids VARCHAR[], conflicts VARCHAR)""",
        """CREATE TABLE commitments (
            commitment_id VARCHAR, state VARCHAR, made DATE, due_start DATE, due_end DATE,
            due_default BOOLEAN, event_type VARCHAR, series_id VARCHAR, series_name VARCHAR,
            round INTEGER, parties VARCHAR[], place VARCHAR, country VARCHAR,
            mention_id VARCHAR, doc_id VARCHAR, fulfilled_by VARCHAR, fulfilled_date VARCHAR,
            fulfilled_doc VARCHAR, record VARCHAR)""",
        """CREATE TABLE decisions (
            commitment_id VARCHAR, step INTEGER, kind VARCHAR, verdict VARCHAR, reason VARCHAR,
            event_id VARCHAR, doc_id VARCHAR)""",
        # which state of the articles the tables above were computed from
        "CREATE TABLE follow_state (digest VARCHAR, as_of DATE, computed_at TIMESTAMP)",
    )),
    Migration(4, "date provenance and planned dates as columns", (
        # until now only in the JSON `record`: where a date came from (own words, the
        # occasion, a dateline, the publication day) and the date of a planned act
        *(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR"
          for table in ("mentions", "events")
          for column in ("date_source", "planned_date", "planned_date_precision")),
        """UPDATE mentions SET
            date_source = json_extract_string(record, '$.date_source'),
            planned_date = json_extract_string(record, '$.planned_date'),
            planned_date_precision = json_extract_string(record, '$.planned_date_precision')""",
        """UPDATE events SET date_source = m.date_source, planned_date = m.planned_date,
            planned_date_precision = m.planned_date_precision
            FROM mentions m WHERE m.event_id = events.representative""",
    )),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
#: Tables an ingest writes, in dependency order (used by tests and `whimbrel sql`).
TABLES = ("articles", "mentions", "actors", "places", "evidence", "events", "merges")
#: Tables follow-through rewrites after every write (whimbrel.follow.refresh).
FOLLOW_TABLES = ("series", "series_rounds", "commitments", "decisions", "follow_state")


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to this database (0 for a new file)."""
    con.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER, name VARCHAR, applied_at TIMESTAMP)""")
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchall()[0][0]
    return int(row or 0)


def current_version_readonly(con: duckdb.DuckDBPyConnection) -> int:
    """Like :func:`current_version` but creates nothing (for read-only connections)."""
    found = con.execute("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_name = 'schema_migrations'").fetchall()[0][0]
    if not found:
        return 0
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchall()[0][0]
    return int(row or 0)


def migrate(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Apply the migrations this database lacks, each atomically; return them."""
    applied = []
    have = current_version(con)
    for migration in MIGRATIONS:
        if migration.version <= have:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())",
                        [migration.version, migration.name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration)
    return applied
