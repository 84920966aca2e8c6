"""The SVG pictures: dates land on the axis in order, bars scale with what they count, families are
grouped, conflicting figures share one axis, and no text can escape into markup."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from helpers import series_figure
from storyfuse.model import Figure, FigureValue, TimelineEntry
from storyfuse.present.web.charts import (
    FamilyGroup,
    OutletRow,
    entry_day,
    families_svg,
    figure_svg,
    outlet_bars_svg,
    timeline_svg,
)
from storyfuse.present.web.pages import value_bounds

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script>&"'


def parse(markup: str) -> ET.Element:
    """Well-formed XML is the proof that every text and attribute was escaped."""
    return ET.fromstring(str(markup))


def dots(svg: ET.Element) -> list[tuple[str, float, float]]:
    """(link, x, y) of every timeline dot."""
    found = []
    for link in svg.iter(f"{SVG}a"):
        circle = link.find(f".//{SVG}circle")
        if circle is not None:
            found.append((link.attrib["href"], float(circle.attrib["cx"]), float(circle.attrib["cy"])))
    return found


def test_entry_day_places_months_and_years_in_their_middle_and_skips_bad_dates() -> None:
    assert str(entry_day(TimelineEntry("2031-04-12", "day", ""))) == "2031-04-12"
    assert str(entry_day(TimelineEntry("2031-04", "month", ""))) == "2031-04-15"
    assert str(entry_day(TimelineEntry("2031", "year", ""))) == "2031-07-01"
    assert entry_day(TimelineEntry("someday", "day", "")) is None


def test_timeline_puts_later_days_further_right_and_background_on_its_own_axis() -> None:
    entries = [
        TimelineEntry("2031-04-14", "day", "third"),
        TimelineEntry("2031-04-01", "day", "first"),
        TimelineEntry("2031-04-07", "day", "second"),
        TimelineEntry("1999", "year", "long ago", background=True),
    ]
    svg = parse(timeline_svg(entries, lambda i: f"#e{i}"))
    by_link = {href: (x, y) for href, x, y in dots(svg)}
    assert by_link["#e1"][0] < by_link["#e2"][0] < by_link["#e0"][0]
    assert by_link["#e3"][1] > by_link["#e0"][1]  # the background axis is drawn below
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "This story" in labels and "Background" in labels
    assert any(label and "Apr" in label for label in labels)  # day ticks name the month


def test_timeline_stacks_events_of_one_day_and_escapes_their_text() -> None:
    entries = [TimelineEntry("2031-04-12", "day", f"event {EVIL}") for _ in range(3)]
    markup = timeline_svg(entries, lambda i: f"#e{i}")
    assert "<script>" not in markup
    positions = dots(parse(markup))
    assert len({x for _, x, _ in positions}) == 1 and len({y for _, _, y in positions}) == 3


def test_timeline_without_readable_dates_draws_nothing() -> None:
    assert timeline_svg([TimelineEntry("n/a", "day", "x")], lambda i: "#") is None


def test_outlet_bars_are_proportional_to_what_each_outlet_contributed() -> None:
    rows = [
        OutletRow(f"Gazette {EVIL}", [1], {"summary": 4, "timeline": 2}),
        OutletRow("Courier", [2, 3], {"summary": 1, "quotes": 2}),
    ]
    markup = outlet_bars_svg(rows)
    assert markup is not None and "<script>" not in markup
    svg = parse(markup)
    widths: dict[str, list[float]] = {}
    for rect in svg.iter(f"{SVG}rect"):
        title = rect.find(f"{SVG}title")
        if title is not None and title.text:
            widths.setdefault(title.text.split(":")[0], []).append(float(rect.attrib["width"]))
    gazette, courier = sum(widths[f"Gazette {EVIL}"]), sum(widths["Courier"])
    assert abs(gazette / courier - 6 / 3) < 0.01
    assert outlet_bars_svg([]) is None


def test_families_are_drawn_as_boxes_holding_their_articles_with_links() -> None:
    groups = [
        FamilyGroup("Family 1: rewrite", "rewrite", [(1, "Gazette", "/a/1"), (2, EVIL, "/a/2")]),
        FamilyGroup("Independent reports", "independent", [(3, "Courier", "/a/3")]),
    ]
    svg = parse(families_svg(groups))
    boxes = [r for r in svg.iter(f"{SVG}rect") if "chart-family" in r.attrib.get("class", "")]
    assert [b.attrib["class"] for b in boxes] == ["chart-family rewrite", "chart-family independent"]
    assert [a.attrib["href"] for a in svg.iter(f"{SVG}a")] == ["/a/1", "/a/2", "/a/3"]
    first_box_bottom = float(boxes[0].attrib["y"]) + float(boxes[0].attrib["height"])
    chip_ys = [
        float(r.attrib["y"]) for r in svg.iter(f"{SVG}rect") if "rx" in r.attrib and r.attrib["rx"] == "12"
    ]
    assert chip_ys[0] < first_box_bottom <= chip_ys[2]  # chips sit inside their own family's box


def test_conflicting_figures_share_one_axis_with_ranges_as_bands() -> None:
    figure = Figure(
        "troops",
        [
            FigureValue("some 100,000", 100000, ["a"], approximate=True),
            FigureValue("hundreds of thousands", None, ["b"], low=200000, high=999999),
            FigureValue("many", None, ["c"]),  # no number: listed on the page, not drawn
        ],
        conflict=True,
    )
    markup = figure_svg(figure, lambda ids: "".join(f"[{i}]" for i in ids))
    assert markup is not None
    svg = parse(markup)
    bar = next(r for r in svg.iter(f"{SVG}rect") if r.attrib.get("class") == "chart-bar")
    band = next(r for r in svg.iter(f"{SVG}rect") if r.attrib.get("class") == "chart-range")
    track = float(
        next(r for r in svg.iter(f"{SVG}rect") if r.attrib.get("class") == "chart-track").attrib["width"]
    )
    assert abs(float(bar.attrib["width"]) / track - 0.1) < 0.01
    assert float(band.attrib["x"]) > float(bar.attrib["x"]) + float(bar.attrib["width"])
    assert "sources disagree" in svg.attrib["aria-label"]
    assert [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.startswith("≈")] == [
        "≈ some 100,000  [a]"
    ]
    # values written short on three digits: 999,999 is "1m", not "1e+03k"
    assert {t.text for t in svg.iter(f"{SVG}text") if t.attrib.get("class") == "chart-value"} == {
        "100k",
        "200k–1m",
    }


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (FigureValue("some 100,000", 100000, [], approximate=True), "≈ 100,000"),
        (FigureValue("more than 13,000", 13000, [], low=13000, approximate=True), "≥ 13,000"),
        (FigureValue("less than 20", 20, [], low=0.0, high=20, approximate=True), "≤ 20"),
        (FigureValue("nearly eight", 8, [], high=8, approximate=True), "≈ 8"),
        (FigureValue("tens of thousands", None, [], low=20000, high=99999), "range 20,000–99,999"),
        (FigureValue("seven", 7, []), "7"),
    ],
)
def test_a_figure_value_is_shown_with_what_it_allows(value: FigureValue, shown: str) -> None:
    assert value_bounds(value) == shown


def test_a_figure_with_one_value_has_nothing_to_compare() -> None:
    assert figure_svg(Figure("x", [FigureValue("3", 3, ["a"])]), lambda ids: "") is None


def test_svg_never_contains_raw_angle_brackets_from_text() -> None:
    markup = str(timeline_svg([TimelineEntry("2031-01-01", "day", EVIL)], lambda i: '"><script>'))
    assert not re.search(r"<script", markup)


def test_a_series_is_drawn_in_the_order_of_the_days_reported_with_its_disputed_values_named() -> None:
    svg = parse(figure_svg(series_figure(), lambda ids: "".join(f"[{i}]" for i in ids)) or Markup(""))
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.attrib.get("class") == "chart-label"]
    assert labels == [
        "2031-03-10: 79  [a]",
        "2031-03-12: 1,600  [c]  (disputed)",
        "2031-03-12: 400  [d]  (disputed)",
    ]
    assert "by the day reported" in svg.attrib["aria-label"]
