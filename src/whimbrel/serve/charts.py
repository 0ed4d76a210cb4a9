"""Charts drawn as SVG on the server: no JavaScript, no network, prints as it shows.

Each function takes rows from :mod:`queries` and a function that makes a link for a
bar, dot or place, and returns SVG markup (a ``Markup`` string, safe to embed).
"""

from __future__ import annotations

import math
from datetime import date as Date
from typing import Any, Callable

from markupsafe import Markup, escape

QUAD_COLORS = {1: "#9ecae1", 2: "#2171b5", 3: "#fdae6b", 4: "#d94801"}
QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
               4: "material conflict"}


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from first to last, so gaps show as gaps."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def padded_months(first: str, last: str, at_least: int = 12) -> list[str]:
    """The months from first to last, widened to ``at_least`` around them (so one month
    of data is a bar in its year, not a slab across the chart)."""
    months = month_range(first, last)
    extra = at_least - len(months)
    if extra <= 0:
        return months
    y, m = int(first[:4]), int(first[5:7])
    back = extra // 2
    m -= back
    while m < 1:
        y, m = y - 1, m + 12
    start = f"{y:04d}-{m:02d}"
    out = []
    while len(out) < at_least:
        out.append(start)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        start = f"{y:04d}-{m:02d}"
    return out


def _bar_width(step: float) -> float:
    return max(1.0, min(step * 0.85, 28.0))


def _x_labels(months: list[str], x0: float, step: float, y: float) -> list[str]:
    every = 1 if len(months) <= 14 else 3 if len(months) <= 40 else 12
    out = []
    for i, month in enumerate(months):
        if (every == 12 and month[5:] != "01" and i) or (every != 12 and i % every):
            continue
        label = month[:4] if every == 12 else month
        x, anchor = x0 + i * step + step / 2, "middle"
        edge = x0 + len(months) * step
        if x + 3.3 * len(label) > edge:  # would run off the chart: end it at the edge
            x, anchor = edge, "end"
        out.append(f'<text x="{_f(x)}" y="{_f(y)}" class="ax" text-anchor="{anchor}">{label}'
                   '</text>')
    return out


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    mag = 10 ** math.floor(math.log10(value))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= value)


def stacked_months(rows: list[dict[str, Any]], link: Callable[[str, int], str], *,
                   width: int = 960, height: int = 260, title: str = "") -> Markup:
    """Events per month stacked by quad class; each block links to its events."""
    if not rows:
        return Markup('<p class="empty">No dated events match these filters.</p>')
    by_month = {r["month"]: r for r in rows}
    months = padded_months(rows[0]["month"], rows[-1]["month"])
    left, right, top, bottom = 44, 8, 10, 24
    pw, ph = width - left - right, height - top - bottom
    step = pw / len(months)
    top_val = _nice_max(max(r["events"] for r in rows))
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'aria-label="{escape(title or "events by month and quad class")}">']
    for frac in (0, 0.5, 1):
        y = top + ph - frac * ph
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{_f(y)}" y2="{_f(y)}" '
                     'class="grid"/>')
        parts.append(f'<text x="{left - 4}" y="{_f(y + 4)}" class="ax" text-anchor="end">'
                     f'{_f(top_val * frac)}</text>')
    bar_w = _bar_width(step)
    for i, month in enumerate(months):
        row = by_month.get(month)
        if not row:
            continue
        y = top + ph
        for q in (1, 2, 3, 4):
            n = row.get(f"q{q}") or 0
            if not n:
                continue
            h = n / top_val * ph
            y -= h
            parts.append(
                f'<a href="{escape(link(month, q))}" class="bar q{q}"><rect x="{_f(left + i * step + (step - bar_w) / 2)}"'
                f' y="{_f(y)}" width="{_f(bar_w)}" height="{_f(max(h, 0.5))}" '
                f'fill="{QUAD_COLORS[q]}"><title>{month}: {n} {QUAD_LABELS[q]}</title></rect></a>')
    parts += _x_labels(months, left, step, height - 6)
    parts.append("</svg>")
    return Markup("".join(parts))


def dyad_timeline(rows: list[dict[str, Any]], events: list[dict[str, Any]],
                  month_link: Callable[[str, int], str], event_link: Callable[[dict], str], *,
                  width: int = 960, height: int = 380) -> Markup:
    """Cooperation above the line and conflict below it, month by month; under it, each
    event as a dot at its date and Goldstein score, linked to its story."""
    if not rows:
        return Markup('<p class="empty">No dated events between these two actors.</p>')
    by_month = {r["month"]: r for r in rows}
    months = padded_months(rows[0]["month"], rows[-1]["month"])
    left, right, top = 44, 8, 10
    pw = width - left - right
    bars_h, gap, dots_h = 200, 34, height - 10 - 200 - 34 - 10
    step = pw / len(months)
    mid = top + bars_h / 2
    peak = _nice_max(max(max((r["q1"] or 0) + (r["q2"] or 0), (r["q3"] or 0) + (r["q4"] or 0))
                         for r in rows))
    scale = (bars_h / 2) / peak
    parts = [f'<svg class="chart timeline" role="img" viewBox="0 0 {width} {height}" '
             'aria-label="cooperation and conflict by month, and each event">',
             f'<line x1="{left}" x2="{width - right}" y1="{_f(mid)}" y2="{_f(mid)}" class="axis"/>',
             f'<text x="{left - 4}" y="{_f(top + 8)}" class="ax" text-anchor="end">{_f(peak)}</text>',
             f'<text x="{left - 4}" y="{_f(top + bars_h)}" class="ax" text-anchor="end">'
             f'{_f(peak)}</text>',
             ]
    bar_w = _bar_width(step)
    lines: list[list[str]] = [[]]
    for i, month in enumerate(months):
        row = by_month.get(month)
        if not row:
            if lines[-1]:
                lines.append([])  # no events that month: the line breaks, it does not guess
            continue
        x = left + i * step + (step - bar_w) / 2
        up, down = mid, mid
        for q in (1, 2, 3, 4):
            n = row.get(f"q{q}") or 0
            if not n:
                continue
            h = n * scale
            y = (up - h) if q <= 2 else down
            if q <= 2:
                up -= h
            else:
                down += h
            parts.append(f'<a href="{escape(month_link(month, q))}" class="bar q{q}"><rect '
                         f'x="{_f(x)}" y="{_f(y)}" width="{_f(bar_w)}" height="{_f(max(h, .5))}" '
                         f'fill="{QUAD_COLORS[q]}"><title>{month}: {n} {QUAD_LABELS[q]}</title>'
                         '</rect></a>')
        if row.get("mean_goldstein") is not None:
            y = mid - row["mean_goldstein"] / 10 * bars_h / 2
            lines[-1].append(f"{_f(x + bar_w / 2)},{_f(y)}")
    for line in lines:
        if len(line) > 1:
            parts.append(f'<polyline points="{" ".join(line)}" class="goldstein"><title>mean '
                         'Goldstein score by month (-10..10)</title></polyline>')
    parts.append(f'<text x="{left + 4}" y="{_f(top + 10)}" class="lbl">cooperation</text>'
                 f'<text x="{left + 4}" y="{_f(top + bars_h - 2)}" class="lbl">conflict</text>')
    parts += _x_labels(months, left, step, top + bars_h + 16)
    y0 = top + bars_h + gap
    parts.append(f'<rect x="{left}" y="{_f(y0)}" width="{pw}" height="{dots_h}" class="lane"/>')
    parts.append(f'<text x="{left - 4}" y="{_f(y0 + 8)}" class="ax" text-anchor="end">+10</text>')
    parts.append(f'<text x="{left - 4}" y="{_f(y0 + dots_h)}" class="ax" text-anchor="end">-10'
                 '</text>')
    first = Date.fromisoformat(months[0] + "-01")
    y, m = int(months[-1][:4]), int(months[-1][5:7])
    span_days = (Date(y + (m == 12), m % 12 + 1, 1) - first).days
    for ev in events:
        day = ev.get("date")
        if day is None:
            continue
        x = left + (day - first).days / span_days * pw
        g = ev.get("goldstein") or 0
        y = y0 + dots_h / 2 - g / 10 * (dots_h / 2 - 6)
        q = ev.get("quad_class") or 1
        r = 4 + min(5, math.log2(ev.get("num_mentions") or 1))
        tip = f"{day} {ev.get('event_type') or ev.get('cameo_name')}: {ev.get('evidence') or ''}"
        parts.append(f'<a href="{escape(event_link(ev))}" class="dot"><circle cx="{_f(x)}" '
                     f'cy="{_f(y)}" r="{_f(r)}" fill="{QUAD_COLORS.get(q, "#888")}">'
                     f'<title>{escape(tip[:300])}</title></circle></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


def world_map(shapes: list[tuple[str, str, str]], points: list[dict[str, Any]],
              counts: dict[str, int], point_link: Callable[[dict], str],
              country_link: Callable[[str], str], *, width: int = 960) -> Markup:
    """Country outlines (shaded by events that happened there) and event points by quad."""
    from .geo import HEIGHT, project

    parts = [f'<svg class="chart map" role="img" viewBox="0 0 {width} {_f(HEIGHT)}" '
             'aria-label="map of events">',
             f'<rect x="0" y="0" width="{width}" height="{_f(HEIGHT)}" class="sea"/>']
    top = max(counts.values(), default=0)
    for code, name, path in shapes:
        n = counts.get(code, 0)
        shade = f' fill-opacity="{_f(0.15 + 0.6 * math.sqrt(n / top))}"' if n else ""
        cls = "land hit" if n else "land"
        body = (f'<path d="{path}" class="{cls}"{shade}><title>{escape(name)}: {n} events'
                '</title></path>')
        parts.append(f'<a href="{escape(country_link(code))}">{body}</a>' if n and code
                     else body)
    for p in sorted(points, key=lambda p: -p["events"]):
        x, y = project(p["lon"], p["lat"])
        r = min(14.0, 2.5 + 1.5 * math.sqrt(p["events"]))
        q = p.get("quad_class") or 1
        tip = f"{p.get('place') or ''}: {p['events']} {QUAD_LABELS.get(q, '')}"
        parts.append(f'<a href="{escape(point_link(p))}" class="pt q{q}"><circle cx="{_f(x)}" '
                     f'cy="{_f(y)}" r="{_f(r)}" fill="{QUAD_COLORS.get(q, "#888")}">'
                     f'<title>{escape(tip)}</title></circle></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
