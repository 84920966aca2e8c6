"""Text from inputs reaches the terminal with its control characters escaped, and JSON stays JSON."""

from __future__ import annotations

import json

from storyfuse.present.terminal import json_text, printable

HOSTILE = "Ferry\x1b]0;owned\x07 news\x1b[2J\nwarning: forged\r\x9b31m\u202eevil\udcff\tend"


def test_printable_escapes_every_control_character_on_one_line() -> None:
    shown = printable(HOSTILE)
    assert shown == (
        "Ferry\\x1b]0;owned\\x07 news\\x1b[2J\\nwarning: forged\\r\\x9b31m\\u202eevil\\udcff\\tend"
    )
    assert shown.isprintable()


def test_printable_leaves_ordinary_text_alone() -> None:
    text = "Zürich's ferry — «Fähre» 渡轮 عبّارة [1]"
    assert printable(text) == text


def test_json_text_escapes_what_json_would_print_raw_and_reads_back_the_same() -> None:
    value = {"title": HOSTILE, "place": "Zürich"}
    text = json_text(value, indent=2)
    assert all(c.isprintable() for c in text.replace("\n", ""))
    assert "Zürich" in text
    assert json.loads(text) == value


def test_a_story_shows_a_series_by_day_and_names_its_disputed_values() -> None:
    from rich.console import Console

    from helpers import series_figure
    from storyfuse.model import Story, StoryArticle
    from storyfuse.present.render import print_story

    figure = series_figure()
    articles = [StoryArticle(i, None, None, "Wire", i, None) for i in "acd"]
    story = Story(id="s1", headline="Cases rise in Varnholm", articles=articles, figures=[figure])
    console = Console(record=True, width=200)
    print_story(console, story)
    line = next(x for x in console.export_text().splitlines() if x.startswith("suspected cases"))
    assert line.index("2031-03-10: 79") < line.index("2031-03-12: 1,600") < line.index("2031-03-12: 400")
    assert line.count("(disputed)") == 2 and "by the day reported" in line and "sources disagree" in line
