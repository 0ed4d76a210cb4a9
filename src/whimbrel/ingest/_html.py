"""Main text and metadata of a saved news page, offline, with lxml.

Pages carry menus, share bars and related-story lists around the story. The
story is taken from the semantic container (itemprop=articleBody, <article>,
<main>) when it holds a fair share of the page's paragraphs, else from the
element whose paragraphs hold the most text. Paragraphs are joined by blank
lines so that the language stage sees paragraph breaks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterator

from ._boilerplate import junk_hints

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "iframe", "svg", "button", "select", "template", "figure", "figcaption", "object",
              "embed", "canvas", "video", "audio", "map")
_BLOCK_TAGS = frozenset((
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "blockquote", "pre", "table", "tr", "td", "th", "dd", "dt", "dl", "br", "hr",
    "address", "center", "body", "caption", "details", "summary"))
_KEEP_ALWAYS = frozenset(("html", "body", "article", "main"))
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished",
              "article.published", "pubdate", "publishdate", "publish-date", "publish_date",
              "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date",
              "sailthru.date", "parsely-pub-date", "original-publish-date", "og:published_time",
              "article:published", "published_time", "cxenseparse:recs:publishtime")
_WORD = re.compile(r"[a-z]+")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)


@dataclass
class Page:
    text: str
    title: str | None = None
    date: str | None = None  # as written; parsed by the reader
    url: str | None = None
    source: str | None = None


def declared_charset(data: bytes) -> str | None:
    """The encoding a page names in its <meta charset> (first 4 KB)."""
    m = _CHARSET.search(data[:4096])
    return m[1].decode("ascii").lower() if m else None


def extract(html: str) -> Page:
    """Story text and metadata of one HTML page (``Page.text`` may be empty)."""
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    meta = _meta(root)
    ld = list(_json_ld(root))
    date = (next((meta[k] for k in _DATE_META if meta.get(k)), None)
            or _ld_value(ld, "datePublished") or _time_datetime(root))
    title = (meta.get("og:title") or meta.get("twitter:title") or _ld_value(ld, "headline")
             or _first_text(root, "//h1") or _first_text(root, "//title"))
    _drop_junk(root)  # after metadata: <time> and <h1> often sit in a <header>
    body = _container(root)
    url = _canonical(root) or meta.get("og:url")
    source = meta.get("og:site_name") or _ld_publisher(ld)
    text = "\n\n".join(paragraphs(body)) if body is not None else ""
    return Page(text=text, title=_squash(title), date=date, url=url, source=_squash(source))


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed item's description), paragraphs kept."""
    import lxml.html
    from lxml.etree import ParserError

    if "<" not in html:
        return "\n\n".join(p for p in (_squash(x) for x in re.split(r"\n\s*\n", html)) if p)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except ParserError:
        return _squash(html) or ""
    for el in list(root.iter(*_DROP_TAGS)):
        _remove(el)
    return "\n\n".join(paragraphs(root))


def paragraphs(el: Any) -> list[str]:
    """Whitespace-normalised text blocks of ``el``, split at block elements and <br>."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            out.append(text)
        buf.clear()

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str):  # comment, processing instruction
            if node.tail:
                buf.append(node.tail)
            return
        block = node.tag in _BLOCK_TAGS
        if block:
            flush()
        if node.text:
            buf.append(node.text)
        for child in node:
            walk(child)
        if block:
            flush()
        if node.tail:
            buf.append(node.tail)

    walk(el)
    flush()
    return out


def _meta(root: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        value = el.get("content")
        if key and value and value.strip():
            out.setdefault(key.strip().lower(), value.strip())
    for el in root.xpath("//*[@itemprop='datePublished'][@datetime]"):
        out.setdefault("datepublished", el.get("datetime"))
    return out


def _json_ld(root: Any) -> Iterator[dict[str, Any]]:
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        yield from _ld_objects(data)


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"])


def _ld_value(objects: list[dict[str, Any]], key: str) -> str | None:
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _ld_publisher(objects: list[dict[str, Any]]) -> str | None:
    for obj in objects:
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            return pub["name"]
    return None


def _drop_junk(root: Any) -> None:
    hints = junk_hints()
    for el in list(root.iter(*_DROP_TAGS)):
        _remove(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.tag in _KEEP_ALWAYS or el.getparent() is None:
            continue
        words = set(_WORD.findall(f"{el.get('class', '')} {el.get('id', '')}".lower()))
        role = (el.get("role") or "").lower()
        if words & hints or role in ("navigation", "banner", "contentinfo", "complementary"):
            _remove(el)


def _remove(el: Any) -> None:
    """Remove ``el`` but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _p_chars(el: Any) -> int:
    return sum(len(" ".join(p.text_content().split())) for p in el.iter("p"))


def _container(root: Any) -> Any:
    body = root.find("body")
    if body is None:
        body = root
    total = _p_chars(body)
    for xpath in ("//*[@itemprop='articleBody']", "//article", "//main", "//*[@role='main']"):
        found = root.xpath(xpath)
        if found:
            best = max(found, key=_p_chars)
            chars = _p_chars(best)
            if chars and (chars >= 0.25 * total or chars >= 500):
                return best
    return _densest(body) if total else body


def _densest(body: Any) -> Any:
    """The element whose paragraphs hold the most text (grandparents get half the credit)."""
    scores: dict[Any, float] = {}
    for p in body.iter("p"):
        n = len(" ".join(p.text_content().split()))
        if n < 25:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + n
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + n / 2
    return max(scores, key=scores.__getitem__) if scores else body


def _time_datetime(root: Any) -> str | None:
    """A <time datetime>: marked pubdate first, then in the article, then anywhere."""
    for xpath in ("//time[@pubdate][@datetime]", "//article//time[@datetime]",
                  "//main//time[@datetime]", "//time[@datetime]"):
        for t in root.xpath(xpath):
            if t.get("datetime", "").strip():
                return t.get("datetime").strip()
    return None


def _first_text(root: Any, xpath: str) -> str | None:
    for el in root.xpath(xpath):
        text = _squash(el.text_content())
        if text:
            return text
    return None


def _canonical(root: Any) -> str | None:
    for el in root.xpath("//link[@href]"):
        if "canonical" in (el.get("rel") or "").lower().split():
            return el.get("href").strip() or None
    return None


def _squash(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None
