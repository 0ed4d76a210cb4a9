"""RSS and Atom files, parsed from bytes with feedparser (no network access)."""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from ..model import Article
from ._dates import parse_date
from ._html import fragment_text


def read_feed_items(data: bytes, path: Path, options: Any) -> Iterator[Article | InputError]:
    """One Article per feed item; an item with neither title nor text is an InputError."""
    import feedparser

    from ._readers import make_article

    feed = feedparser.parse(data)
    if not feed.entries:
        if feed.bozo:
            reason = getattr(feed.bozo_exception, "getMessage", lambda: str(feed.bozo_exception))()
            yield InputError(str(path), f"not an RSS or Atom feed ({reason}); skipped")
        else:
            yield InputError(str(path), "the feed has no items; skipped")
        return
    outlet = feed.feed.get("title") or None
    for i, entry in enumerate(feed.entries, start=1):
        origin = f"{path}:item {i}"
        title = " ".join((entry.get("title") or "").split())
        body = _entry_body(entry)
        if not title and not body:
            yield InputError(origin, "no title and no text; skipped")
            continue
        text = f"{title}\n\n{body}" if title and body else (title or body)
        url = _entry_url(entry)
        doc_id = entry.get("id") or url or f"{path.stem}-{i}"
        yield make_article(doc_id, text, origin, options, date=_entry_date(entry),
                           title=title or None, url=url, source=outlet)


def _entry_url(entry: Any) -> str | None:
    """The item's web link (feedparser copies an Atom id such as "urn:..." into ``link``)."""
    link = entry.get("link") or ""
    return link if link.startswith(("http://", "https://")) else None


def _entry_body(entry: Any) -> str:
    """The longest of the item's content and summary, as plain text."""
    candidates = [c for c in entry.get("content", []) if c.get("value")]
    if entry.get("summary"):
        candidates.append({"value": entry["summary"],
                           "type": entry.get("summary_detail", {}).get("type", "text/html")})
    if not candidates:
        return ""
    best = max(candidates, key=lambda c: len(c["value"]))
    if best.get("type") == "text/plain":
        return "\n\n".join(p.strip() for p in best["value"].split("\n\n") if p.strip())
    return fragment_text(best["value"])


def _entry_date(entry: Any) -> Date | None:
    """The date as the feed wrote it (feedparser's parsed form is shifted to UTC)."""
    for key in ("published", "updated", "created"):
        try:
            found = parse_date(entry.get(key))
        except ValueError:
            found = None
        if found:
            return found
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return Date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None
