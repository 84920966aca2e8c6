"""Inline SVG pictures of a story: timeline on a date axis, outlet bars, copy families, figure conflicts.

Every function returns `Markup` built only from escaped pieces, so scraped text can never become markup.
Colours come from CSS classes (`chart-*`), so the pictures follow the page's light or dark theme.
Coordinates live in a fixed viewBox; the SVG scales to the column width.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from markupsafe import Markup, escape

from storyfuse.model import Figure, FigureValue, TimelineEntry

WIDTH = 400  # viewBox width of every chart; CSS caps the drawn width so text stays legible
FONT_SIZE = 13  # the charts' font size in viewBox units (style.css)
MAX_STACK = 6  # dots drawn on one date before a "+n" counter


def _attr(value: object) -> str:
    return str(escape(str(value)))


def _svg(height: float, label: str, body: list[str], css_class: str) -> Markup:
    return Markup(
        f'<svg class="chart {css_class}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{_attr(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def _rect(
    css: str, x: float, y: float, width: float, height: float, rx: float = 3, tip: str | None = None
) -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect class="{_attr(css)}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'rx="{rx:g}">{title}</rect>'
    )


def _line(css: str, x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line class="{_attr(css)}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'


def _text(css: str, x: float, y: float, content: str, middle: bool = False) -> str:
    anchor = ' text-anchor="middle"' if middle else ""
    return f'<text class="{_attr(css)}" x="{x:.1f}" y="{y:.1f}"{anchor}>{escape(content)}</text>'


def text_width(text: str) -> float:
    """Estimated drawn width of `text` in viewBox units: capitals are wider than small letters and
    spaces narrower (averages of common sans-serif fonts), close enough to size boxes and cut labels."""
    ems = 0.0
    for char in text:
        if char in " .,:;'|[]()il":
            ems += 0.3
        elif char.isupper() or char in "mw@%":
            ems += 0.72
        else:
            ems += 0.56
    return ems * FONT_SIZE


def _clip(text: str, width: float) -> str:
    """Text cut to fit `width` viewBox units, with an ellipsis when cut."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def number_runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted distinct numbers as runs of consecutive ones: [1, 2, 3, 5] -> [(1, 3), (5, 5)]."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def runs_text(numbers: Sequence[int], limit: int = 6) -> str:
    """Article numbers as citations people can read at a glance: "[1]–[13] [15]", at most `limit`
    runs and then "+n more"; a run of two is written as two numbers."""
    parts: list[str] = []
    for first, last in number_runs(numbers):
        if last - first >= 2:
            parts.append(f"[{first}]–[{last}]")
        else:
            parts.extend(f"[{k}]" for k in range(first, last + 1))
    if len(parts) > limit:
        hidden = len(parts) - (limit - 1)
        parts = [*parts[: limit - 1], f"+{hidden} more"]
    return " ".join(parts)


# --- timeline ------------------------------------------------------------------------------


def entry_day(entry: TimelineEntry) -> date | None:
    """Where an entry sits on a date axis: its day, the middle of its month or of its year."""
    try:
        if entry.granularity == "day":
            return date.fromisoformat(entry.date)
        if entry.granularity == "month":
            year, month = entry.date.split("-")
            return date(int(year), int(month), 15)
        return date(int(entry.date[:4]), 7, 1)
    except (ValueError, IndexError):
        return None


@dataclass
class _Band:
    label: str
    background: bool
    points: list[tuple[int, date, TimelineEntry]] = field(default_factory=list)


def _domain(days: Sequence[date], years_only: bool) -> tuple[date, date]:
    lo, hi = min(days), max(days)
    pad = timedelta(days=183 if years_only else 2)
    span = (hi - lo).days
    if span < 4 * pad.days:
        return lo - pad, hi + pad
    margin = timedelta(days=max(1, span // 20))
    return lo - margin, hi + margin


def _ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    """At most about eight tick marks on a calendar step suited to the span."""
    span = (hi - lo).days
    ticks: list[tuple[date, str]] = []
    if span <= 120:
        step = max(1, math.ceil(span / 7))
        if step > 1:
            step = 7 * math.ceil(step / 7)  # whole weeks read better than odd day counts
        day = lo + timedelta(days=1)
        while day <= hi:
            ticks.append((day, f"{day.day} {day:%b}"))
            day += timedelta(days=step)
        return ticks
    if span <= 3 * 366:
        months = max(1, math.ceil(span / 30.4 / 7))
        year, month = lo.year, lo.month + 1
        while True:
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            day = date(year, month, 1)
            if day > hi:
                return ticks
            label = f"{day:%b %Y}" if month == 1 or not ticks else f"{day:%b}"
            ticks.append((day, label))
            month += months
    years = max(1, math.ceil((hi.year - lo.year) / 7))
    first = lo.year + 1 + (-(lo.year + 1)) % years
    return [(date(y, 1, 1), str(y)) for y in range(first, hi.year + 1, years)]


def timeline_svg(entries: Sequence[TimelineEntry], anchor: Callable[[int], str]) -> Markup | None:
    """The story's own days on one date axis and the history it recalls on another.

    `anchor(i)` is the link target of entry i (its line in the timeline list). None when no entry
    has a readable date.
    """
    bands = [_Band("This story", False), _Band("Background", True)]
    for i, entry in enumerate(entries):
        day = entry_day(entry)
        if day is not None:
            bands[1 if entry.background else 0].points.append((i, day, entry))
    bands = [b for b in bands if b.points]
    if not bands:
        return None
    body: list[str] = []
    y = 0.0
    left, right = 16.0, WIDTH - 16.0
    for band in bands:
        days = [d for _, d, _ in band.points]
        lo, hi = _domain(days, all(e.granularity == "year" for _, _, e in band.points))
        total = max(1, (hi - lo).days)

        def x_of(day: date, lo: date = lo, total: int = total) -> float:
            return left + (right - left) * (day - lo).days / total

        stacks: dict[int, list[tuple[int, TimelineEntry]]] = {}
        for i, day, entry in sorted(band.points, key=lambda p: p[1]):
            column = round(x_of(day) / 20)  # dots closer than 20 units share a column
            stacks.setdefault(column, []).append((i, entry))
        tallest = min(MAX_STACK, max(len(s) for s in stacks.values()))
        axis_y = y + 28 + 22 * tallest
        kind = "background" if band.background else "own"
        body.append(_text("chart-label", left, y + 16, band.label))
        body.append(_line("chart-axis", left, axis_y, right, axis_y))
        last_label_end = -1e9
        for day, label in _ticks(lo, hi):
            x = x_of(day)
            body.append(_line("chart-tick", x, axis_y, x, axis_y + 5))
            half = text_width(label) / 2
            label_x = min(WIDTH - 2 - half, max(2 + half, x))  # keep edge labels inside the picture
            if label_x - half > last_label_end + 6:
                body.append(_text("chart-tick-label", label_x, axis_y + 19, label, middle=True))
                last_label_end = label_x + half
        for column, stack in sorted(stacks.items()):
            x = min(right - 9, max(left + 9, column * 20.0))
            for level, (i, entry) in enumerate(stack[:MAX_STACK]):
                cy = axis_y - 14 - 22 * level
                more = len(stack) - MAX_STACK if level == MAX_STACK - 1 and len(stack) > MAX_STACK else 0
                text = f"+{more + 1}" if more else str(i + 1)
                tip = f"{entry.date}: {entry.text}"
                body.append(
                    f'<a href="{_attr(anchor(i))}"><g class="chart-dot {kind}">'
                    f"<title>{escape(tip)}</title>"
                    f'<circle cx="{x:.1f}" cy="{cy:.0f}" r="10"/>'
                    f'<text x="{x:.1f}" y="{cy + 4:.0f}" text-anchor="middle">{escape(text)}</text></g></a>'
                )
        y = axis_y + 34
    return _svg(y, "Timeline of the story on a date axis", body, "chart-timeline")


# --- what each outlet contributed ----------------------------------------------------------

CONTRIBUTIONS = ("summary", "timeline", "quotes", "figures")


@dataclass
class OutletRow:
    """One outlet of a story: its articles' numbers and how often the story cites it, by section."""

    outlet: str
    numbers: list[int]
    cited: dict[str, int]
    href: str | None = None

    @property
    def total(self) -> int:
        return sum(self.cited.values())


MAX_OUTLET_ROWS = 12  # bars drawn; the other outlets share one row


def outlet_bars_svg(rows: Sequence[OutletRow]) -> Markup | None:
    """One stacked bar per outlet: how many summary sentences, timeline events, quotes and figure
    values cite its articles. The outlet's name and its article numbers sit above its bar. Past
    MAX_OUTLET_ROWS outlets the rest are summed into one row; one outlet alone draws no chart (there is
    nothing to compare: the page says so in words)."""
    if len(rows) < 2:
        return None
    rest = rows[MAX_OUTLET_ROWS - 1 :] if len(rows) > MAX_OUTLET_ROWS else []
    rows = rows[: MAX_OUTLET_ROWS - 1] if rest else rows
    scale_max = max(1, max(r.total for r in rows))
    left, right = 8.0, WIDTH - 48.0
    body: list[str] = []
    x = left
    for kind in CONTRIBUTIONS:  # legend
        body.append(_rect(f"chart-seg {kind}", x, 6, 12, 12, rx=2))
        body.append(_text("chart-legend", x + 17, 16, kind))
        x += 17 + text_width(kind) + 18
    y = 30.0
    for row in rows:
        articles = f"{len(row.numbers)} article{'s' if len(row.numbers) != 1 else ''}"
        numbers = _clip(runs_text(row.numbers, limit=3), (right - left) / 2)
        name = _clip(row.outlet, right - left - text_width(f"{numbers} · {articles}  "))
        label = (
            f'<text class="chart-label" x="{left}" y="{y + 14:.0f}">{escape(name)} '
            f'<tspan class="chart-muted">{escape(numbers)} · {articles}</tspan></text>'
        )
        body.append(f'<a href="{_attr(row.href)}">{label}</a>' if row.href else label)
        bar_y = y + 20
        body.append(_rect("chart-track", left, bar_y, right - left, 14))
        x = left
        for kind in CONTRIBUTIONS:
            count = row.cited.get(kind, 0)
            if not count:
                continue
            width = (right - left) * count / scale_max
            body.append(
                _rect(f"chart-seg {kind}", x, bar_y, width, 14, rx=0, tip=f"{row.outlet}: {count} {kind}")
            )
            x += width
        body.append(_text("chart-value", right + 6, bar_y + 12, _compact(row.total)))
        y = bar_y + 26
    if rest:  # summed, in words: one bar for them all would dwarf every outlet's
        in_rest = sum(len(r.numbers) for r in rest)
        cited = sum(r.total for r in rest)
        body.append(
            _text(
                "chart-muted",
                left,
                y + 14,
                f"and {len(rest)} other outlets: {in_rest} articles, cited {cited:,} times",
            )
        )
        y += 24
    return _svg(y, "What each outlet contributed to the story (times cited)", body, "chart-outlets")


# --- copy families -------------------------------------------------------------------------


@dataclass
class FamilyGroup:
    """A group of articles drawn together: a copy family, or the independent reports."""

    title: str
    kind: str  # duplicate, rewrite, translation, or "independent"
    members: list[tuple[int, str, str]]  # (article number, outlet, link)


MAX_FAMILY_CHIPS = 8  # article chips drawn in one group
CHIP_TEXT = 150.0  # widest chip label: a long outlet name is cut, so chips share a row


def families_svg(groups: Sequence[FamilyGroup]) -> Markup | None:
    """Each family as a box holding its articles as chips; independent reports in a dashed box."""
    if not groups:
        return None
    body: list[str] = []
    y = 4.0
    inner_left, inner_right = 18.0, WIDTH - 18.0
    for group in groups:
        chips: list[tuple[float, float, str, str, str]] = []  # x, row, label, tip, href
        x, row = inner_left, 0
        members = group.members
        if len(members) > MAX_FAMILY_CHIPS:  # the rest are listed with the articles; say how many
            extra = (0, f"+{len(members) - MAX_FAMILY_CHIPS + 1} more", members[MAX_FAMILY_CHIPS - 1][2])
            members = [*members[: MAX_FAMILY_CHIPS - 1], extra]
        for number, outlet, href in members:
            text = f"[{number}] {outlet}" if number else outlet
            label = _clip(text, CHIP_TEXT)
            width = text_width(label) + 16
            if x + width > inner_right and x > inner_left:
                x, row = inner_left, row + 1
            chips.append((x, row, label, f"article {number}: {outlet}" if number else outlet, href))
            x += width + 8
        rows = (chips[-1][1] + 1) if chips else 1
        height = 34 + rows * 30
        body.append(_rect(f"chart-family {group.kind}", 6, y, WIDTH - 12, height, rx=10))
        body.append(_text("chart-label", inner_left, y + 21, group.title))
        for cx, crow, label, tip, href in chips:
            cy = y + 32 + crow * 30
            width = text_width(label) + 16
            body.append(
                f'<a href="{_attr(href)}"><g class="chart-chip"><title>{escape(tip)}</title>'
                f'<rect x="{cx:.0f}" y="{cy:.0f}" width="{width:.0f}" height="24" rx="12"/>'
                f'<text x="{cx + 8:.0f}" y="{cy + 16:.0f}">{escape(label)}</text></g></a>'
            )
        y += height + 10
    return _svg(y, "Copy families: articles that are copies of one another, grouped", body, "chart-families")


# --- figures on which sources disagree -----------------------------------------------------


def _compact(number: float) -> str:
    """Three significant digits and a scale word: 999,999 is "1m", not "1e+03k"."""
    rounded = float(f"{number:.3g}")
    for limit, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(rounded) >= limit:
            return f"{rounded / limit:g}{suffix}"
    return f"{rounded:g}"


def _drawable(value: FigureValue) -> bool:
    """A value with a number or a range to draw ("many" is listed on the page only)."""
    return value.value is not None or (value.low is not None and value.high is not None)


def figure_svg(figure: Figure, cite: Callable[[list[str]], str]) -> Markup | None:
    """The values the sources give for one quantity, on one shared axis from zero: a bar for a single
    number, a band for a range. `cite(ids)` gives the citation text for a value's articles."""
    drawn = [shown for shown in figure.shown_values() if _drawable(shown[0])]
    if len(drawn) < 2:
        return None
    top = max(max(v.high or 0.0, v.value or 0.0) for v, _, _ in drawn)
    if top <= 0:
        return None
    left, right = 8.0, WIDTH - 70.0
    body: list[str] = []
    y = 4.0
    for value, day, disputed in drawn:
        written = f"{f'{day}: ' if day else ''}{'≈ ' if value.approximate else ''}{value.text}"
        named = "  (disputed)" if disputed else ""
        label = _clip(f"{written}  {cite(value.articles)}{named}", right - left)
        body.append(_text("chart-label", left, y + 14, label))
        bar_y = y + 21
        body.append(_rect("chart-track", left, bar_y, right - left, 14))
        if value.low is not None and value.high is not None:
            x0 = left + (right - left) * max(0.0, value.low) / top
            x1 = left + (right - left) * max(0.0, value.high) / top
            body.append(_rect("chart-range", x0, bar_y, max(2.0, x1 - x0), 14))
            shown = f"{_compact(value.low)}–{_compact(value.high)}"
        else:
            assert value.value is not None
            width = max(2.0, (right - left) * max(0.0, value.value) / top)
            body.append(_rect("chart-bar", left, bar_y, width, 14))
            shown = _compact(value.value)
        if value.value is not None and value.low is not None and value.high is not None:
            x = left + (right - left) * max(0.0, value.value) / top
            body.append(_line("chart-mark", x, bar_y - 3, x, bar_y + 17))
        body.append(_text("chart-value", right + 8, bar_y + 12, shown))
        y = bar_y + 26
    verdict = "sources disagree" if figure.conflict else "sources agree"
    verdict += ", by the day reported" if figure.series else ""
    return _svg(y, f"{figure.subject}: values side by side ({verdict})", body, "chart-figure")
