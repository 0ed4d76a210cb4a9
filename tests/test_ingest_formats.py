"""Corpus formats for large runs (Parquet, gzip, zstd, tar) and bad lines that must cost
only themselves: a JSON line nested too deeply, a CSV row with an unterminated quote."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from whimbrel.errors import InputError
from whimbrel.ingest import read_inputs
from whimbrel.model import Article

RECORDS = [{"id": f"r{i}", "text": f"Officials of Kenya and Ethiopia met in Nairobi, report {i}.",
            "date": "2024-05-0" + str(1 + i)} for i in range(4)]


def _jsonl(records) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")


def _ids(items) -> list[str]:
    return [it.doc_id for it in items if isinstance(it, Article)]


def test_deeply_nested_json_line_costs_only_that_line(tmp_path):
    lines = [json.dumps(RECORDS[0]), "[" * 100_000 + "]" * 100_000, json.dumps(RECORDS[1])]
    path = tmp_path / "nested.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([path]))
    assert _ids(items) == ["r0", "r1"]
    errors = [it for it in items if isinstance(it, InputError)]
    assert len(errors) == 1 and errors[0].origin == f"{path}:2"
    assert "nested too deeply" in errors[0].message


def test_deeply_nested_line_in_a_json_named_file(tmp_path):
    path = tmp_path / "nested.json"
    path.write_text(json.dumps(RECORDS[0]) + "\n" + "{\"a\":" * 50_000 + "1" + "}" * 50_000
                    + "\n" + json.dumps(RECORDS[1]) + "\n", encoding="utf-8")
    items = list(read_inputs([path]))
    assert _ids(items) == ["r0", "r1"]
    assert sum(isinstance(it, InputError) for it in items) == 1


def test_csv_unterminated_quote_loses_only_its_row(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('id,text\n'
                    'a,Kenya and Ethiopia met.\n'
                    'b,"Kenya said Ethiopia had agreed\n'          # the quote never closes
                    'c,Brazil and Argentina signed a deal.\n'
                    'd,"India and Nepal, in Kathmandu, held talks."\n'
                    'e,"A story\nover two lines is fine."\n'
                    'f,Ghana and Togo met.\n', encoding="utf-8")
    items = list(read_inputs([path]))
    assert _ids(items) == ["a", "c", "d", "e", "f"]
    errors = [it for it in items if isinstance(it, InputError)]
    assert [e.origin for e in errors] == [f"{path}:3"]
    assert "resumes on the next line" in errors[0].message
    by_id = {it.doc_id: it for it in items if isinstance(it, Article)}
    assert by_id["e"].text == "A story\nover two lines is fine."
    assert by_id["d"].origin == f"{path}:5"


def test_csv_unterminated_quote_at_the_end(tmp_path):
    path = tmp_path / "tail.csv"
    path.write_text('id,text\na,Kenya met Ethiopia.\nb,"never closed\nc,Ghana met Togo.\n',
                    encoding="utf-8")
    items = list(read_inputs([path]))
    assert _ids(items) == ["a", "c"]


def test_csv_runaway_record_is_capped(tmp_path):
    path = tmp_path / "runaway.csv"
    rows = "".join(f"r{i},Story number {i} about Kenya and Ethiopia.\n" for i in range(400))
    path.write_text('id,text\nx,"opens and never closes\n' + rows, encoding="utf-8")
    items = list(read_inputs([path], max_record_bytes=2000))
    assert len(_ids(items)) == 400


def test_parquet_reader(tmp_path):
    path = tmp_path / "corpus.parquet"
    table = pa.table({"id": [1, 2, 3], "text": ["Kenya met Ethiopia.", "", "Ghana met Togo."],
                      "date": [date(2024, 1, 2), None, date(2024, 1, 3)]})
    pq.write_table(table, path, row_group_size=2)
    items = list(read_inputs([path]))
    assert _ids(items) == ["1", "3"]
    assert items[0].date == date(2024, 1, 2) and items[0].origin == f"{path}:row 1"
    assert isinstance(items[1], InputError) and items[1].origin == f"{path}:row 2"


def test_parquet_without_text_column(tmp_path):
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"id": [1]}), path)
    (item,) = read_inputs([path])
    assert isinstance(item, InputError) and "no text column" in item.message


def test_compressed_files_read_like_the_plain_one(tmp_path):
    plain = tmp_path / "stories.jsonl"
    plain.write_bytes(_jsonl(RECORDS))
    gz = tmp_path / "gz" / "stories.jsonl.gz"
    zst = tmp_path / "zst" / "stories.jsonl.zst"
    gz.parent.mkdir(), zst.parent.mkdir()
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    zst.write_bytes(zstandard.ZstdCompressor().compress(plain.read_bytes()))
    want = [(a.doc_id, a.text, a.date) for a in read_inputs([plain])]
    for path in (gz, zst):
        got = list(read_inputs([path]))
        assert [(a.doc_id, a.text, a.date) for a in got] == want
        assert got[1].origin == f"{path}:2"


def test_tar_archive_members_in_order(tmp_path):
    path = tmp_path / "corpus.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in (("b/story.txt", b"date 2024-05-01\n\nKenya met Ethiopia.\n"),
                           ("a/more.jsonl.zst", zstandard.ZstdCompressor().compress(
                               _jsonl(RECORDS[:2]))),
                           (".hidden/skip.txt", b"not read"), ("notes.bin", b"\x00\x01")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    items = list(read_inputs([path]))
    assert _ids(items) == ["story", "r0", "r1"]
    assert items[0].origin == f"{path}/b/story.txt"
    assert items[2].origin == f"{path}/a/more.jsonl.zst:2"


def test_broken_compressed_file_is_reported(tmp_path):
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(RECORDS))[:40])
    bad = tmp_path / "bad.zst"
    bad.write_bytes(b"not zstd at all")
    items = list(read_inputs([path, bad]))
    assert all(isinstance(it, InputError) for it in items)
    assert {it.origin for it in items} == {str(path), str(bad)}


def test_folder_picks_up_compressed_and_archives(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt.gz").write_bytes(gzip.compress(b"Kenya met Ethiopia in Nairobi.\n"))
    (folder / "two.parquet").write_bytes(b"")
    pq.write_table(pa.table({"id": ["p1"], "text": ["Ghana met Togo."]}), folder / "two.parquet")
    assert _ids(read_inputs([folder])) == ["one", "p1"]
