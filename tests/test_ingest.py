"""Reading stories: every reader on real files, bad inputs, encodings, boilerplate."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from whimbrel.errors import InputError
from whimbrel.ingest import (
    ReadOptions,
    find_dateline,
    known_extensions,
    parse_date,
    parse_dateline,
    read_header,
    read_inputs,
    reader,
    trailing_slug,
)
from whimbrel.model import Article
from whimbrel.registry import readers

INPUTS = Path(__file__).parent / "data" / "inputs"
EXAMPLE = Path("/work/shared/examples/jmcc-2021-09-29.txt")
STORY = ("date 2021-10-04 Officials in Ankara said on Monday that the ministers had met in Baku. "
         "“We agreed on a plan,” the minister said — the café talks were “productive”.\n")


def read_one(path: Path, **kwargs) -> Article | InputError:
    items = list(read_inputs([path], **kwargs))
    assert len(items) == 1, items
    return items[0]


def spans_text(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.boilerplate]


# -- plain text, date line, boilerplate ------------------------------------------------

@pytest.mark.skipif(not EXAMPLE.exists(), reason="shared example not present")
def test_example_story_date_and_boilerplate():
    art = read_one(EXAMPLE)
    assert isinstance(art, Article)
    assert art.doc_id == "jmcc-2021-09-29"
    assert art.date == date(2021, 9, 29)
    assert art.origin == str(EXAMPLE)
    assert art.text == EXAMPLE.read_text(encoding="utf-8")  # nothing cut
    found = spans_text(art)
    assert found[0].strip() == "date 2021-09-29"
    assert "PTI SH MRJ AKJ MRJ" in found
    assert len(found) == 2
    clean = art.clean_text
    assert len(clean) == len(art.text)
    assert clean.lstrip().startswith("Senior defence officials of Pakistan and Russia")
    assert clean.rstrip().endswith("have finalised a gas pipeline project.")


def test_own_story_share_line_and_slug():
    art = read_one(INPUTS / "ankara-talks.txt")
    assert art.date == date(2022, 3, 14)
    assert spans_text(art) == ["date 2022-03-14", "Share: Facebook Twitter WhatsApp", "AFP KT LM"]
    assert art.clean_text.rstrip().endswith("its dispute with Armenia.")


def test_header_block_sets_fields_and_is_blanked():
    art = read_one(INPUTS / "header-block.txt")
    assert art.date == date(2023, 11, 7)
    assert art.title == "Kenya and Ethiopia sign trade pact"
    assert art.source == "Example Wire"
    assert "(Reporting by A. Writer; Editing by B. Editor)" in spans_text(art)
    clean = art.clean_text
    assert "Title" not in clean and "Reporting" not in clean
    # the dateline is kept in the text for the place stage, and found there
    assert "NAIROBI, Nov 7" in clean
    place, span = find_dateline(clean)
    assert place == "NAIROBI" and art.text[span[0]:span[1]] == "NAIROBI"


def test_undated_story_and_default_date():
    assert read_one(INPUTS / "undated-protest.txt").date is None
    art = read_one(INPUTS / "undated-protest.txt", default_date=date(2023, 2, 1))
    assert art.date == date(2023, 2, 1)
    assert art.boilerplate == []


@pytest.mark.parametrize("text, expected", [
    ("The ministers met in Geneva, said the UN.", None),
    ("The ministers met in Geneva, said the UN.\n", None),
    ("They met in Geneva. NATO", None),  # one token that is no agency: a sentence
    ("They met in Geneva.PTI SH MRJ", "PTI SH MRJ"),
    ("They met in Geneva. IANS", "IANS"),
    ("They met in Geneva.\n\nAFP KT 0929 1545\n", "AFP KT 0929 1545"),
    ("They met in Geneva. (ANI)", "(ANI)"),
    ("They met in Geneva. RBK/SLM", "RBK/SLM"),
    ("They met in Geneva. ABCDEFG HIJ", None),  # too long to be desk initials
])
def test_trailing_slug(text, expected):
    span = trailing_slug(text)
    assert (text[span[0]:span[1]] if span else None) == expected


@pytest.mark.parametrize("text, when, blanked", [
    (" date 2021-09-29 Senior officials met.", date(2021, 9, 29), " date 2021-09-29"),
    ("Date: Wed, 29 Sep 2021 10:00:00 +0500\n\nOfficials met.", date(2021, 9, 29),
     "Date: Wed, 29 Sep 2021 10:00:00 +0500"),
    ("2021-09-29\nOfficials met.", date(2021, 9, 29), "2021-09-29"),
    ("September 29, 2021\n\nOfficials met.", date(2021, 9, 29), "September 29, 2021"),
    ("Officials met on 29 September 2021.", None, None),  # a date inside prose is not a header
    ("Date: sometime soon\nOfficials met.", None, "Date: sometime soon"),
])
def test_read_header(text, when, blanked):
    header = read_header(text)
    assert header.date == when
    got = [text[s:e] for s, e in header.spans]
    assert got == ([blanked.strip()] if blanked and blanked.startswith("Date") else
                   [blanked] if blanked else [])


# -- dates and datelines ---------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2021-09-29", date(2021, 9, 29)),
    ("2021-09-29T23:30:00+05:00", date(2021, 9, 29)),  # the date as written, not UTC
    ("Wed, 29 Sep 2021 10:00:00 GMT", date(2021, 9, 29)),
    ("29 September 2021", date(2021, 9, 29)),
    ("Sept. 29, 2021", date(2021, 9, 29)),
    ("20210929", date(2021, 9, 29)),
    (1632900000, date(2021, 9, 29)),
    (None, None),
    ("", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["01/02/2021", "next Tuesday", "2021-02-30", True, [2021]])
def test_parse_date_refuses_ambiguous_or_wrong(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize("text, place, agency", [
    ("ISLAMABAD, Sept 29 (Reuters) - Pakistan said", "ISLAMABAD", "Reuters"),
    ("NEW DELHI: India on Monday said", "NEW DELHI", None),
    ("Islamabad [Pakistan], Sep 29 (ANI): Pakistan said", "Islamabad", "ANI"),
    ("Moscow (AFP) - Russia said", "Moscow", "AFP"),
    ("WASHINGTON — The United States said", "WASHINGTON", None),
    ("A headline\n\nKABUL, Oct 3 (Reuters) - The Taliban said", "KABUL", "Reuters"),
])
def test_dateline_found(text, place, agency):
    found = parse_dateline(text)
    assert found is not None
    assert found.place == place and found.agency == agency
    assert text[found.place_span[0]:found.place_span[1]] == place


@pytest.mark.parametrize("text", ["USA-Pakistan ties are improving.", "In Islamabad, officials said",
                                  "Senior officials met on Monday.", "US-Pakistan relations"])
def test_no_dateline_in_plain_sentences(text):
    assert find_dateline(text) is None


# -- JSON Lines, JSON, CSV -------------------------------------------------------------

def test_jsonl_bad_lines_are_errors_and_the_rest_comes_through():
    path = INPUTS / "stories.jsonl"
    items = list(read_inputs([path]))
    kinds = [(type(i).__name__, i.doc_id if isinstance(i, Article) else i.origin) for i in items]
    assert kinds == [
        ("Article", "jl-1"), ("InputError", f"{path}:2"), ("Article", "jl-4"),
        ("InputError", f"{path}:5"), ("InputError", f"{path}:6"), ("InputError", f"{path}:7"),
        ("InputError", f"{path}:8"), ("Article", "9")]
    errors = {i.origin.rsplit(":", 1)[1]: i.message for i in items if isinstance(i, InputError)}
    assert errors["2"].startswith("line 2: not valid JSON (Expecting ',' delimiter")
    assert errors["2"].endswith("; skipped")
    assert "no text field" in errors["5"]
    assert "'text' is int, not a string" in errors["6"]
    assert "unparseable date" in errors["7"] and "next Tuesday" in errors["7"]
    assert "expected a JSON object" in errors["8"]
    first, fourth, ninth = (i for i in items if isinstance(i, Article))
    assert (first.date, first.source, first.title, first.origin) == (
        date(2021, 10, 10), "Example Wire", "Border talks", f"{path}:1")
    assert fourth.date == date(2021, 10, 11)  # "published" in RFC 2822 form
    assert ninth.date is None


def test_json_list_file_and_json_named_jsonl(tmp_path):
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([{"id": "a", "text": "Cuba freed prisoners.", "date": "2020-01-02"},
                                  {"id": "b", "text": ""}]), encoding="utf-8")
    a, b = read_inputs([listed])
    assert isinstance(a, Article) and a.doc_id == "a" and a.date == date(2020, 1, 2)
    assert isinstance(b, InputError) and b.origin == f"{listed}:item 2" and "empty" in b.message
    lines = tmp_path / "lines.json"
    lines.write_text('{"id": "x", "text": "One."}\n{"id": "y", "text": "Two."}\n', encoding="utf-8")
    assert [i.doc_id for i in read_inputs([lines])] == ["x", "y"]


def test_jsonl_record_over_the_limit(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "big", "text": "word " * 300_000}) + "\n")
        fh.write(json.dumps({"id": "ok", "text": "Chad closed its border."}) + "\n")
    big, ok = read_inputs([path])
    assert isinstance(big, InputError) and big.origin == f"{path}:1"
    assert "--max-bytes" in big.message and "MB" in big.message
    assert isinstance(ok, Article) and ok.doc_id == "ok"
    # raising the limit lets it through
    assert isinstance(next(read_inputs([path], max_record_bytes=2_000_000)), Article)


def test_csv_rows():
    path = INPUTS / "stories.csv"
    items = list(read_inputs([path]))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "Article"]
    assert items[0].doc_id == "csv-1" and items[0].date == date(2022, 6, 1)
    assert items[1].origin == f"{path}:3" and items[1].message.startswith("row 2: unparseable date")
    assert items[2].message.startswith("row 3: has 3 fields, the header has 5")
    assert items[3].text.startswith('A story with "quotes" and\na line break')
    assert items[3].origin == f"{path}:5"


def test_tsv_cp1252_and_missing_text_column(tmp_path):
    tsv = tmp_path / "s.tsv"
    tsv.write_bytes("doc_id\tbody\tpublished\nt1\tThe café owners in Lomé protested.\t2022-01-05\n"
                    .encode("cp1252"))
    (art,) = read_inputs([tsv])
    assert art.text == "The café owners in Lomé protested." and art.date == date(2022, 1, 5)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,headline\n1,Only a headline\n", encoding="utf-8")
    (err,) = read_inputs([bad])
    assert isinstance(err, InputError) and "no text column" in err.message


# -- HTML and feeds ---------------------------------------------------------------------

def test_html_page_main_text_and_metadata():
    art = read_one(INPUTS / "page.html")
    assert isinstance(art, Article)
    assert art.doc_id == "page"
    assert art.title == "Chile and Peru agree to joint border patrols"
    assert art.date == date(2023, 5, 2)  # article:published_time, before JSON-LD and <time>
    assert art.url == "https://news.example.org/2023/05/02/chile-peru-patrols"
    assert art.source == "Example News"
    paras = art.text.split("\n\n")
    assert paras[0].startswith("SANTIAGO, May 2 (Example News) - Chile and Peru agreed")
    assert paras[-1] == "Peru’s minister called the deal “a first step” toward wider cooperation on migration."
    for junk in ("Home", "Share on Facebook", "Related stories", "Copyright", "trackPageView",
                 "file photo", "font-family", "all the news that fits"):
        assert junk not in art.text
    assert find_dateline(art.text)[0] == "SANTIAGO"


def test_html_date_from_json_ld_and_time(tmp_path):
    body = "<p>" + "Ghana and Togo reopened their border after talks in Accra. " * 5 + "</p>"
    ld = tmp_path / "ld.html"
    ld.write_text('<html><head><script type="application/ld+json">{"@graph": [{"@type": '
                  '"NewsArticle", "datePublished": "2020-07-08T10:00:00Z"}]}</script></head>'
                  f"<body><div>{body}</div></body></html>", encoding="utf-8")
    assert read_one(ld).date == date(2020, 7, 8)
    tm = tmp_path / "time.htm"
    tm.write_text(f'<html><body><article><time datetime="2019-03-04">4 March</time>{body}'
                  "</article></body></html>", encoding="utf-8")
    assert read_one(tm).date == date(2019, 3, 4)


def test_html_without_text_is_an_error(tmp_path):
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>",
                    encoding="utf-8")
    err = read_one(page)
    assert isinstance(err, InputError) and "no story text" in err.message


def test_html_declared_charset(tmp_path):
    page = tmp_path / "latin.html"
    page.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Le président '
                     'du Sénégal a reçu son homologue à Dakar.</p></body></html>'.encode("latin-1"))
    assert read_one(page).text == "Le président du Sénégal a reçu son homologue à Dakar."


def test_rss_feed_items():
    path = INPUTS / "feed.rss"
    first, second, empty = read_inputs([path])
    assert first.doc_id == "https://wire.example.org/world/japan-korea-talks"
    assert first.date == date(2023, 1, 12)  # the feed's own date, not shifted to UTC
    assert first.source == "Example Wire: World"
    assert first.text == ("Japan and South Korea hold security talks\n\nJapanese and South Korean "
                          "defence officials met in Tokyo on Thursday to discuss missile threats."
                          "\n\nThey agreed to share radar data.")
    assert first.origin == f"{path}:item 1"
    assert second.doc_id == "https://wire.example.org/world/brazil-recalls"
    assert second.date == date(2023, 1, 13)
    assert isinstance(empty, InputError) and empty.origin == f"{path}:item 3"


def test_atom_feed_entries():
    first, second = read_inputs([INPUTS / "feed.atom"])
    assert first.doc_id == "urn:example:gazette:1001"
    assert first.date == date(2023, 2, 20)  # published wins over updated
    assert first.url == "https://gazette.example.org/1001"
    assert first.text == ("Egypt hosts Sudan ceasefire talks\n\nEgypt hosted talks between Sudanese "
                          "army and paramilitary envoys in Cairo on Monday.")
    assert second.date == date(2023, 2, 19) and second.url is None
    assert "<" not in first.text + second.text


def test_xml_that_is_no_feed(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>',
                    encoding="utf-8")
    err = read_one(path)
    assert isinstance(err, InputError) and "feed" in err.message


# -- encodings, binary, empty, size ------------------------------------------------------

@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig",
                                      "utf-32"])
def test_encodings_decode_to_the_same_text(tmp_path, encoding):
    path = tmp_path / f"story-{encoding}.txt"
    path.write_bytes(STORY.encode(encoding))
    art = read_one(path)
    assert isinstance(art, Article), art
    assert art.text == STORY
    assert art.date == date(2021, 10, 4)


def test_latin1_story(tmp_path):
    text = "Officials in Bogotá said the Señor and the café owners of Zürich had met.\n"
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    assert read_one(path).text == text


@pytest.mark.parametrize("content, message", [
    (b"", "empty file; skipped"),
    (b"  \n\t\r\n  ", "empty file; skipped"),
    ("\ufeff \n".encode("utf-8"), "empty file; skipped"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "looks like a binary file (NUL byte"),
    (bytes(b for b in os.urandom(4000) if b) + b"\x00" * 3, "looks like a binary file"),
    (bytes(range(1, 32)) * 50, "looks like a binary file"),
])
def test_unreadable_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    err = read_one(path)
    assert isinstance(err, InputError), err
    assert err.origin == str(path)
    assert err.message.startswith(message) and err.message.endswith("; skipped")


def test_file_over_max_bytes(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Troops crossed the border. " * 800_000)  # 21.6 MB
    err = read_one(path)
    assert isinstance(err, InputError)
    assert "21.6 MB" in err.message and "5.0 MB" in err.message and "--max-bytes" in err.message
    assert isinstance(read_one(path, max_bytes=30_000_000), Article)


# -- folders, missing paths, registry -----------------------------------------------------

def test_folder_walk_is_recursive_sorted_and_skips_others(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Peru expelled a diplomat.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Chile recalled an envoy.", encoding="utf-8")
    (tmp_path / "c.TXT").write_text("Bolivia closed a crossing.", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden.", encoding="utf-8")
    assert [a.doc_id for a in read_inputs([tmp_path])] == ["a", "two", "c"]  # by path: a.md, b/, c.TXT
    empty = tmp_path / "empty"
    empty.mkdir()
    (err,) = read_inputs([empty])
    assert isinstance(err, InputError) and "no story files" in err.message


def test_missing_path_and_order(tmp_path):
    items = list(read_inputs([INPUTS / "undated-protest.txt", tmp_path / "nope.txt",
                              INPUTS / "ankara-talks.txt"]))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert "no such file" in items[1].message


def test_unknown_extension_is_sniffed(tmp_path):
    feed = tmp_path / "download"
    feed.write_bytes((INPUTS / "feed.atom").read_bytes())
    assert [a.doc_id for a in read_inputs([feed])] == ["urn:example:gazette:1001",
                                                       "urn:example:gazette:1002"]
    plain = tmp_path / "story.dat"
    plain.write_text("Mali and Niger signed a pact.", encoding="utf-8")
    assert read_one(plain).text == "Mali and Niger signed a pact."


def test_readers_are_registered_and_a_user_can_add_one(tmp_path):
    assert {"text", "jsonl", "csv", "html", "feed"} <= set(readers.names())
    assert known_extensions()[".ndjson"] == "jsonl"

    @reader("test_upper", (".upper",))
    def read_upper(path: Path, options: ReadOptions):
        yield Article(doc_id=path.stem, text=path.read_text().upper(), origin=str(path),
                      date=options.default_date)

    path = tmp_path / "x.upper"
    path.write_text("quiet news", encoding="utf-8")
    art = read_one(path, default_date=date(2020, 1, 1))
    assert art.text == "QUIET NEWS" and art.date == date(2020, 1, 1)


def test_boilerplate_lines_and_prose_that_looks_alike():
    from whimbrel.ingest import find_boilerplate

    text = ("Shares of the state oil company rose after the talks.\n\n"
            "Copyright disputes between the two publishers grew last year.\n\n"
            "Read more: Iran and Iraq sign water deal\n\n"
            "Share this article\n\n"
            "© 2023 Example Wire. All rights reserved.\n")
    found = [text[s:e] for s, e in find_boilerplate(text)]
    assert found == ["Read more: Iran and Iraq sign water deal", "Share this article",
                     "© 2023 Example Wire. All rights reserved."]


def test_html_without_semantic_container_uses_the_densest_block(tmp_path):
    story = ["Thai and Cambodian troops withdrew from the disputed temple area on Friday.",
             "Both armies said observers from Indonesia would monitor the pull-back.",
             "The foreign ministers are due to meet in Jakarta next month."]
    page = tmp_path / "soup.html"
    page.write_text(
        "<html><body><div id='top'><p>Subscribe now for full access to all stories</p></div>"
        "<div class='wrap'><div class='col'>" + "".join(f"<p>{s}</p>" for s in story) +
        "</div><div class='col2'><p>Weather: sunny, 31 degrees in the capital today.</p></div>"
        "</div><div class='sidebar'><p>Most read: a story about football transfers</p></div>"
        "</body></html>", encoding="utf-8")
    art = read_one(page)
    assert art.text == "\n\n".join(story)
    assert art.date is None and art.title is None


def test_html_br_separated_paragraphs(tmp_path):
    page = tmp_path / "br.html"
    page.write_text("<html><head><title>Old site</title><meta name='date' content='2009-04-02'>"
                    "</head><body><div class='story'>Nepal's parliament met on Thursday."
                    "<br><br>Opposition members walked out.<br>The speaker adjourned the house."
                    "</div></body></html>", encoding="utf-8")
    art = read_one(page)
    assert art.text.split("\n\n") == ["Nepal's parliament met on Thursday.",
                                      "Opposition members walked out.",
                                      "The speaker adjourned the house."]
    assert art.title == "Old site" and art.date == date(2009, 4, 2)


def test_jsonl_in_utf16_and_binary_jsonl(tmp_path):
    records = [{"id": "u1", "text": "Oman mediated talks between Iran and Saudi Arabia.\u2028Both sides welcomed it."},
               {"id": "u2", "text": "Qatar hosted the meeting in Doha."}]
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-16"))
    assert [(a.doc_id, a.text) for a in read_inputs([wide])] == [(r["id"], r["text"]) for r in records]
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b"\x00\x01\x02\x03\n" * 2000 + bytes(range(256)) * 40)
    (err,) = read_inputs([junk])  # one error for the file, not one per "line"
    assert isinstance(err, InputError) and err.origin == str(junk)
    assert err.message.startswith("looks like a binary file")


def test_markdown_front_matter(tmp_path):
    path = tmp_path / "note.md"
    path.write_text('---\ntitle: "Laos and Vietnam open a rail link"\npublished: 2024-01-15\n'
                    "tags: [rail]\n---\nLaos and Vietnam opened a rail link on Monday.\n",
                    encoding="utf-8")
    art = read_one(path)
    assert art.date == date(2024, 1, 15)
    assert art.title == "Laos and Vietnam open a rail link"
    assert art.clean_text.strip() == "Laos and Vietnam opened a rail link on Monday."
