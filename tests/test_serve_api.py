"""The HTTP API against a real `whimbrel serve` process on localhost, over the example
stories coded by the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from serve_support import FOLLOW_STORIES, demo_store, request, running_server

from whimbrel.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return demo_store(tmp_path_factory)


@pytest.fixture(scope="module")
def server(db, tmp_path_factory):
    with running_server(db, tmp_path_factory.mktemp("api"), "--rate", "0") as srv:
        yield srv


@pytest.fixture(scope="module")
def store(db, server):
    """The same file opened read-only beside the read-only server (DuckDB allows that)."""
    with Store(db, read_only=True) as s:
        yield s


def _all_ids(server, **params) -> list[str]:
    ids, page = [], 1
    while True:
        status, body = server.get("/api/events?" + urlencode(
            {**params, "page": page, "per_page": 7}, doseq=True))
        assert status == 200, body
        ids += [e["event_id"] for e in body["items"]]
        if page >= body["pages"]:
            return ids
        page += 1


FILTERS = [
    {}, {"actor": "GHA"}, {"dyad": "PRK,USA"}, {"quad": [3, 4]}, {"type": "ACCUSE"},
    {"type": "04"}, {"status": ["planned"]}, {"since": "2024-03", "until": "2024-06"},
    {"country": "KEN"}, {"text": "loan"}, {"place": "accra"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: json.dumps(f))
def test_event_filters_match_the_store_and_pages_cover_each_event_once(server, store, filters):
    lib = dict(filters)
    if "dyad" in lib:
        lib["dyad"] = lib["dyad"].split(",")
    expected = {e["event_id"] for e in store.events(**lib)}
    got = _all_ids(server, **filters)
    assert len(got) == len(set(got)), "an event appeared on two pages"
    assert set(got) == expected
    if filters in ({}, {"actor": "GHA"}, {"quad": [3, 4]}):
        assert expected, f"the examples should have events for {filters}"


def test_sorting(server):
    for sort, key, reverse in (("goldstein", "goldstein", False), ("-goldstein", "goldstein", True),
                               ("-mentions", "num_mentions", True)):
        status, body = server.get(f"/api/events?sort={sort}&per_page=500")
        values = [e[key] for e in body["items"] if e[key] is not None]
        assert status == 200 and values == sorted(values, reverse=reverse)
    status, body = server.get("/api/events?sort=date&per_page=500")
    dates = [e["date"] for e in body["items"] if e["date"]]
    assert dates == sorted(dates)


def test_one_event_has_its_reports_actors_and_evidence_spans(server, store):
    event_id = store.events(actor="GHA", order="mentions")[0]["event_id"]
    status, event = server.get(f"/api/events/{event_id}")
    assert status == 200 and event["event_id"] == event_id
    assert event["reports"] and event["reports"][0]["doc_id"] in event["doc_ids"]
    assert isinstance(event["evidence"], str) and event["evidence"]
    kinds = {e["kind"] for e in event["evidence_spans"]}
    assert {"sentence", "trigger"} <= kinds
    status, article = server.get(f"/api/articles/{event['reports'][0]['doc_id']}")
    text = article["text"]
    for ev in event["evidence_spans"]:
        if ev["kind"] in ("trigger", "date", "location") and ev["span_start"] is not None:
            assert text[ev["span_start"]:ev["span_end"]] == ev["text"]


def test_an_article_with_its_events_and_highlight_spans(server, store):
    status, article = server.get("/api/articles/ghana-imf-loan")
    assert status == 200
    text = article["text"]
    assert "International Monetary Fund" in text and article["events"]
    kinds = {s["kind"] for s in article["spans"]}
    assert {"actor", "trigger", "date", "place"} <= kinds
    triggers = {(s["start"], s["end"]) for s in article["spans"] if s["kind"] == "trigger"}
    for ev in article["events"]:
        assert text[ev["trigger_start"]:ev["trigger_end"]] == ev["trigger_text"]
        assert (ev["trigger_start"], ev["trigger_end"]) in triggers
    places = [s for s in article["spans"] if s["kind"] == "place"]
    assert any(text[s["start"]:s["end"]].lower() == "accra" for s in places)
    _, listing = server.get("/api/articles?per_page=100")
    assert listing["total"] == 8 + len(FOLLOW_STORIES) and "ghana-imf-loan" in {a["doc_id"] for a in listing["items"]}


def test_dyad_and_country_months_add_up_to_the_events(server, store):
    status, body = server.get("/api/dyads/PRK/USA/months")
    assert status == 200 and body["dyad"] == ["PRK", "USA"]
    dated = [e for e in store.events(dyad=("PRK", "USA")) if e["date"]]
    assert sum(m["events"] for m in body["months"]) == len(dated) > 0
    for m in body["months"]:
        assert m["q1"] + m["q2"] + m["q3"] + m["q4"] <= m["events"]
    _, country = server.get("/api/countries/GHA/months")
    assert country["name"] == "Ghana"
    assert sum(m["events"] for m in country["months"]) == len(
        [e for e in store.events(actor="GHA") if e["date"]])
    _, dyads = server.get("/api/dyads?limit=50")
    assert {"a": "PRK", "b": "USA"}.items() <= next(
        d for d in dyads["items"] if d["dyad"] == "PRK|USA").items()


def test_actors_and_places(server):
    _, actors = server.get("/api/actors")
    by_code = {a["code"]: a for a in actors["items"]}
    assert by_code["GHA"]["name"] == "Ghana" and by_code["GHA"]["events"] > 0
    _, places = server.get("/api/places")
    assert any(p["name"].lower() == "accra" and p["lat"] for p in places["items"])


def _pages(server, path: str, **params) -> tuple[list[dict], dict]:
    """Every item of a paginated list, 2 a page; and the first page's body."""
    items, page, first = [], 1, None
    while True:
        status, body = server.get(f"{path}?" + urlencode(
            {**params, "page": page, "per_page": 2}, doseq=True))
        assert status == 200, body
        first = first or body
        items += body["items"]
        if page >= body["pages"]:
            return items, first
        page += 1


def test_series_are_the_follow_registry_paginated(server, store):
    from whimbrel import follow

    got, first = _pages(server, "/api/series")
    assert got == json.loads(json.dumps(follow.series(store), default=str))
    assert first["total"] == len(got) >= 2
    jmcc = next(s for s in got if s["acronym"] == "JMCC")  # the seed story's committee
    assert {"PAK", "RUS"} <= set(jmcc["parties"])
    held = {r["round"]: r for r in jmcc["rounds"]}
    assert held[3]["place"] == "Islamabad" and held[3]["date"] == "2021-09-29"
    assert all(e["doc_id"] == "jmcc-2021-09-29" for e in held[3]["events"])
    commission = next(s for s in got if s["name"].startswith("Ghana-Togo"))
    conflict = commission["rounds"][0]["conflicts"][0]  # one meeting called 4th and 5th
    assert {commission["rounds"][0]["round"], conflict["round"]} == {4, 5}
    _, named = server.get("/api/series?name=Joint+Defence+Consultative")
    assert [s["acronym"] for s in named["items"]] == ["JDCC"]


COMMITMENT_FILTERS = [{}, {"party": "PAK"}, {"party": "KAZ,GHA"}, {"state": ["fulfilled"]},
                      {"state": ["overdue", "pending"]}, {"due_before": "2019-12-31"},
                      {"as_of": "2019-01-01"}, {"party": "UZB", "state": ["overdue"]}]


@pytest.mark.parametrize("filters", COMMITMENT_FILTERS, ids=lambda f: json.dumps(f))
def test_commitments_are_the_follow_api_with_its_filters(server, store, filters):
    from whimbrel import follow

    got, first = _pages(server, "/api/commitments", **filters)
    assert got == json.loads(json.dumps(follow.commitments(store, **filters), default=str))
    assert first["total"] == len(got)
    if got:
        assert first["as_of"] == got[0]["as_of"] == filters.get("as_of", first["as_of"])


def test_commitments_of_the_stored_stories(server):
    _, body = server.get("/api/commitments?party=PAK,RUS")
    jmcc = next(c for c in body["items"] if c["promise"]["acronym"] == "JMCC")
    assert jmcc["promise"]["round"] == 4 and jmcc["promise"]["country"] == "RUS"
    assert jmcc["made"] == "2021-09-29" and jmcc["due"]["end"] == "2022-12-31"
    assert jmcc["state"] == "overdue" and jmcc["fulfilled_by"] is None  # as of the latest story
    assert jmcc["evidence"][0]["doc_id"] == "jmcc-2021-09-29"
    _, body = server.get("/api/commitments?state=fulfilled&party=UZB")
    kept = body["items"][0]
    assert kept["promise"]["round"] == 2 and kept["fulfilled_by"]["doc_id"] == "jdcc-2018-06-21"
    assert kept["fulfilled_by"]["date"] >= kept["made"]  # never kept by an earlier event
    _, before = server.get("/api/commitments?as_of=2018-01-01&party=UZB")
    assert [c["state"] for c in before["items"]] == ["pending"]  # the 2018 report not yet out


@pytest.mark.parametrize("query,field", [
    ("state=kept", "state"), ("party=P%27K", "party"), ("due_before=2021-02-30", "due_before"),
    ("as_of=yesterday", "as_of"), ("as_of=2021-13-01", "as_of"), ("per_page=0", "per_page")])
def test_bad_commitment_filters_are_json_errors(server, query, field):
    status, body = server.get("/api/commitments?" + query)
    assert status == 422 and body["error"]["status"] == 422
    assert any(d.startswith(field) for d in body["error"]["details"]), body


def test_follow_filters_are_described_in_openapi(server):
    _, spec = server.get("/api/openapi.json")
    params = {p["name"]: p for p in spec["paths"]["/api/commitments"]["get"]["parameters"]}
    assert {"party", "state", "due_before", "as_of", "page", "per_page"} <= set(params)
    assert set(params["state"]["schema"]["anyOf"][0]["items"]["enum"]) == {
        "fulfilled", "pending", "overdue", "changed", "cancelled"}
    assert all(params[k].get("description") for k in ("party", "state", "due_before", "as_of"))
    assert "name" in {p["name"] for p in spec["paths"]["/api/series"]["get"]["parameters"]}


def test_code_a_posted_story_without_storing_it(server, store):
    before = store.counts()
    story = {"text": "Kenya and Ethiopia signed a water-sharing agreement in Nairobi on Monday.",
             "date": "2024-05-08"}
    status, body = server.post("/api/code", story)
    assert status == 200, body
    import whimbrel

    here = [e.to_dict() for e in whimbrel.code_text(story["text"], date=story["date"],
                                                     doc_id="posted")]
    assert body["events"] == json.loads(json.dumps(here)) and here  # as coded in process
    assert {a["country"] for e in body["events"] for a in e["source"] + e["target"]} >= {"KEN"}
    assert store.counts() == before
    status, body = server.post("/api/code", {"text": ""})
    assert status == 422 and "text" in body["error"]["details"][0]


@pytest.mark.parametrize("path, status, words", [
    ("/api/events/nope", 404, "no event 'nope'"),
    ("/api/articles/nope", 404, "no story 'nope'"),
    ("/api/events?quad=9", 422, "quad"),
    ("/api/events?since=2024-13", 422, "YYYY-MM"),
    ("/api/events?dyad=PAK", 422, "two actor codes"),
    ("/api/events?per_page=100000", 422, "per_page"),
    ("/api/events?sort=evil", 422, "sort"),
    ("/api/nothing", 404, "/api/openapi.json"),
])
def test_errors_are_json_with_a_message_and_the_right_status(server, path, status, words):
    got, body = server.get(path)
    assert got == status
    assert body["error"]["status"] == status
    assert words in body["error"]["message"] + " ".join(body["error"].get("details", []))


def test_parameters_never_become_sql(server, store):
    before = store.counts()["events"]
    evil = "x'); DROP TABLE events; --"
    for key in ("text", "place"):
        status, body = server.get("/api/events?" + urlencode({key: evil}))
        assert status == 200 and body["total"] == 0
    status, _ = server.get("/api/events?" + urlencode({"actor": evil}))
    assert status == 422
    assert store.counts()["events"] == before


def test_read_only_by_default(server):
    status, body = server.post("/api/ingest", {"stories": [{"id": "x", "text": "Hello."}]},
                               token="anything")
    assert status == 403 and "WHIMBREL_TOKEN" in body["error"]["message"]
    _, health = server.get("/api/health")
    assert health["writable"] is False and health["ingest"] is None
    assert "127.0.0.1" in server.log.read_text()


def test_openapi_description_lists_every_route(server):
    status, spec = server.get("/api/openapi.json")
    assert status == 200
    paths = set(spec["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{doc_id}", "/api/months",
            "/api/dyads/{a}/{b}/months", "/api/countries/{code}/months", "/api/actors",
            "/api/places", "/api/code", "/api/ingest", "/api/series",
            "/api/commitments"} <= paths
    assert not any(p.startswith("/dyad") or p == "/" for p in paths)  # pages are not API


def test_size_and_rate_limits(db, tmp_path):
    with running_server(db, tmp_path, "--rate", "60", "--max-body", "2048") as srv:
        status, body = srv.post("/api/code", {"text": "word " * 1000})
        assert status == 413 and "limit of 2048 bytes" in body["error"]["message"]
        answers = [request(srv.url + "/api/health") for _ in range(40)]
        assert answers[0][0] == 200
        limited = [body for status, body in answers if status == 429]
        assert limited and "slow down" in limited[0]["error"]["message"]


def test_demo_codes_the_bundled_examples(tmp_path):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "whimbrel", "serve", "--demo", "--get",
                          "/api/health"], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    health = json.loads(run.stdout)
    examples = Path(__file__).resolve().parents[1] / "examples"
    assert health["articles"] == len(list(examples.glob("*.txt"))) and health["events"] > 20


def test_requests_for_other_host_names_are_refused(server):
    """DNS rebinding: a page on another site must not read the store through the browser."""
    status, body = request(server.url + "/api/events", headers={"Host": "evil.example:80"})
    assert status == 421 and "localhost" in body["error"]["message"]
    port = server.url.rsplit(":", 1)[1]
    assert request(server.url + "/api/health", headers={"Host": f"localhost:{port}"})[0] == 200


def test_odd_document_ids_are_quoted_in_links(tmp_path):
    from whimbrel.serve.dashboard import article_url, event_link

    assert article_url("a/b c#1?x") == "/article/a%2Fb%20c%231%3Fx"
    assert event_link({"event_id": "e1", "doc_ids": ["x/y"]}) == "/article/x%2Fy#ev-e1"


def test_a_query_past_the_time_limit_is_stopped_with_a_clear_error(db, server):
    from whimbrel.serve.db import QueryTimeout, ServerDB

    sdb = ServerDB(str(db), writable=False, timeout=0.2)
    try:
        with pytest.raises(QueryTimeout, match="longer than 0.2 s"):
            with sdb.reader() as cur:
                cur.execute("SELECT count(*) FROM range(10000000000) a, range(10) b").fetchall()
        with sdb.reader() as cur:  # the store still answers afterwards
            assert cur.execute("SELECT count(*) FROM events").fetchall()[0][0] > 0
    finally:
        sdb.close()


def test_highlight_marks_overlapping_spans_and_escapes_the_story():
    from whimbrel.serve.dashboard import highlight

    text = "<b>Kenya</b> accused Ethiopia on Monday."
    spans = [{"kind": "actor", "start": 3, "end": 8, "label": "KEN", "mention_id": None},
             {"kind": "trigger", "start": 13, "end": 20, "label": "ACCUSE", "mention_id": "m1"},
             {"kind": "actor", "start": 21, "end": 29, "label": "ETH", "mention_id": None},
             {"kind": "trigger", "start": 13, "end": 29, "label": "ACCUSE", "mention_id": "m2"},
             {"kind": "date", "start": 30, "end": 39, "label": "2024-01-29", "mention_id": "m1"},
             {"kind": "place", "start": 35, "end": 99, "label": "bad span", "mention_id": None}]
    html = str(highlight(text, spans))
    assert html.startswith("&lt;b&gt;<mark class=\"hl actor\"")
    assert '<span class="anchor" id="t-m1"></span><span class="anchor" id="t-m2"></span>' \
        '<mark class="hl trigger"' in html  # two events on one trigger: both cards find it
    assert '<mark class="hl actor trigger"' in html  # Ethiopia: actor inside a long trigger
    assert "bad span" not in html  # a span past the end of the text is dropped
    import re

    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">") == text
