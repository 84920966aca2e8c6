"""Storylines end to end on fictional reports: two events of one subject ten days apart form one storyline,
an unrelated event of the same days stays out, in any input order; the storyline shows in the CLI, the
story JSON, the web app and its API, and the static report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import run_cli
from storyfuse.model import Article
from storyfuse.pipeline import ingest
from storyfuse.present.static_report import write_report
from storyfuse.present.web.app import create_app
from storyfuse.present.web.pages import page_file
from storyfuse.store import Store

# (url, outlet, day, text): the Karavel Dam breach, the inquiry ten days later, a dock strike between.
REPORTS = [
    (
        "https://kessaria-herald.example/2031/05/02/karavel-dam-breach",
        "Kessaria Herald",
        "2031-05-02",
        "Karavel Dam breach floods villages along the Oska river\n\n"
        "The Karavel Dam in Kessaria gave way early on Friday, sending the Oska river over its banks and "
        "flooding six villages downstream. Civil protection chief Mirela Dragan said 4,000 residents were "
        "evacuated by boat and helicopter.\n\n"
        "Engineers had warned last year that the dam's spillway was cracked. Rescue teams searched flooded "
        "farms near Kessaria through the night.",
    ),
    (
        "https://northgate-wire.example/2031/05/02/kessaria-dam-flood",
        "Northgate Wire",
        "2031-05-02",
        "Thousands evacuated as Kessaria dam fails\n\n"
        "Floodwater from the breached Karavel Dam swept through villages on the Oska river in Kessaria on "
        "Friday. Mirela Dragan, who leads civil protection, said about 4,000 people had been evacuated.\n\n"
        "The reservoir behind the dam emptied within hours. Farms and roads along the Oska were under water "
        "and helicopters lifted residents from rooftops.",
    ),
    (
        "https://kessaria-herald.example/2031/05/12/karavel-dam-inquiry",
        "Kessaria Herald",
        "2031-05-12",
        "Inquiry into Karavel Dam breach blames cracked spillway\n\n"
        "An inquiry into the breach of the Karavel Dam found that the cracked spillway engineers reported "
        "last year was never repaired, Kessaria's parliament heard on Tuesday. Mirela Dragan said the "
        "4,000 residents evacuated from the Oska river villages could begin returning next week.\n\n"
        "The flooded farms along the Oska will receive reconstruction aid, and the dam's operator faces "
        "charges over the breach.",
    ),
    (
        "https://northgate-wire.example/2031/05/12/kessaria-dam-report",
        "Northgate Wire",
        "2031-05-12",
        "Kessaria dam breach report points to unrepaired spillway\n\n"
        "The Karavel Dam gave way because its cracked spillway was never repaired, an inquiry told "
        "Kessaria's parliament on Tuesday. Civil protection chief Mirela Dragan said evacuated residents of "
        "the flooded Oska villages could go home next week.\n\n"
        "The dam's operator faces charges, and reconstruction aid for the Oska farms was approved.",
    ),
    (
        "https://quellport-gazette.example/2031/05/07/dock-strike",
        "Quellport Gazette",
        "2031-05-07",
        "Quellport dock workers strike over pay\n\n"
        "Dock workers at the Quellport container terminal walked out on Wednesday in a dispute over pay. "
        "Union leader Tomas Brenner said 900 members had joined the strike and cranes stood idle.\n\n"
        "Ships queued outside the harbour as the terminal's operator offered talks on wages.",
    ),
    (
        "https://northgate-wire.example/2031/05/07/quellport-strike",
        "Northgate Wire",
        "2031-05-07",
        "Strike halts Quellport container terminal\n\n"
        "Cranes stood idle at the Quellport container terminal on Wednesday as 900 dock workers struck "
        "over pay, union leader Tomas Brenner said.\n\n"
        "The terminal's operator offered wage talks while ships waited outside the harbour.",
    ),
]


def _pile(path: Path, order: list[int]) -> Path:
    records = [
        {"url": url, "source": outlet, "published": day, "text": text}
        for url, outlet, day, text in (REPORTS[i] for i in order)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _partitions(store: Store) -> tuple[set[frozenset[str]], set[frozenset[frozenset[str]]]]:
    """The stories as sets of URLs, and the storylines as sets of such stories."""
    stories: dict[str, set[str]] = {}
    for article in _all_articles(store):
        story_id = store.story_of(article.id)
        assert story_id is not None and article.url is not None
        stories.setdefault(story_id, set()).add(article.url)
    # each story's storyline, written or not (an empty window: just the stories named)
    line_of = store.storyline_window("9999", "0000", list(stories))
    lines: dict[str, set[frozenset[str]]] = {}
    for story_id, line in line_of.items():
        if line is not None:
            lines.setdefault(line, set()).add(frozenset(stories[story_id]))
    return {frozenset(s) for s in stories.values()}, {frozenset(v) for v in lines.values()}


def _all_articles(store: Store) -> list[Article]:
    return store.articles(store.recent_article_ids(store.count_articles()))


@pytest.fixture(scope="module")
def storyline_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("storylines")
    with Store(folder / "s.db") as store:
        ingest(store, [str(_pile(folder / "pile.jsonl", list(range(len(REPORTS)))))])
    return folder / "s.db"


def test_two_events_of_one_subject_form_a_storyline_and_the_other_event_stays_out(storyline_db: Path) -> None:
    with Store(storyline_db, readonly=True) as store:
        stories, lines = _partitions(store)
        dam = {u for u, _, _, _ in REPORTS[:4]}
        assert len(stories) == 3
        dam_events = {s for s in stories if s <= dam}
        assert len(dam_events) == 2
        assert lines == {frozenset(dam_events)}
        [line] = store.list_storylines()
        assert line.events == 2 and line.articles == 4 and line.outlets == 2
        assert (line.first_published, line.last_published) == ("2031-05-02", "2031-05-12")
        assert "Karavel" in line.title or "Kessaria" in line.title
        strike_article = next(a.id for a in _all_articles(store) if "strike" in (a.url or ""))
        strike = store.story_of(strike_article)
        assert strike is not None
        found = store.story(strike)
        assert found is not None and found.storyline is None


@pytest.mark.parametrize("order", [[5, 4, 3, 2, 1, 0], [2, 4, 0, 5, 3, 1]])
def test_the_same_storylines_in_any_input_order(storyline_db: Path, tmp_path: Path, order: list[int]) -> None:
    with Store(storyline_db, readonly=True) as store:
        expected = _partitions(store)
    with Store(tmp_path / "s.db") as store:
        ingest(store, [str(_pile(tmp_path / "pile.jsonl", order))], synthesise=False)
        assert _partitions(store) == expected


def test_a_late_event_joins_the_storyline_of_an_earlier_run(tmp_path: Path) -> None:
    """The inquiry ingested in a second run joins the storyline the breach opened in the first."""
    with Store(tmp_path / "s.db") as store:
        ingest(store, [str(_pile(tmp_path / "first.jsonl", [0, 1, 4, 5]))], synthesise=False)
        assert store.list_storylines() == []
        ingest(store, [str(_pile(tmp_path / "second.jsonl", [2, 3]))], synthesise=False)
        [line] = store.list_storylines()
        assert line.events == 2 and line.articles == 4


def test_cli_lists_and_shows_storylines(storyline_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = run_cli(capsys, "storylines", "--db", str(storyline_db), "--json")
    assert listed.code == 0
    [line] = json.loads(listed.out)
    assert line["events"] == 2 and line["articles"] == 4
    shown = run_cli(capsys, "storylines", line["id"], "--db", str(storyline_db), "--json")
    events = json.loads(shown.out)["stories"]
    assert [e["first_published"] for e in events] == ["2031-05-02", "2031-05-12"]
    text = run_cli(capsys, "storylines", line["id"], "--db", str(storyline_db))
    assert text.code == 0 and events[0]["headline"][:30] in text.out
    story = run_cli(capsys, "show", events[0]["id"], "--db", str(storyline_db), "--format", "json")
    assert json.loads(story.out)["storyline"] == line["id"]
    missing = run_cli(capsys, "storylines", "l-none", "--db", str(storyline_db))
    assert missing.code != 0 and "no storyline 'l-none'" in missing.err and "Traceback" not in missing.err


def test_web_app_and_api_show_storylines(storyline_db: Path) -> None:
    client = TestClient(create_app(storyline_db), raise_server_exceptions=False)
    [line] = client.get("/api/storylines").json()
    assert client.get("/api/storylines").headers["X-Total-Count"] == "1"
    one = client.get(f"/api/storylines/{line['id']}").json()
    assert [e["first_published"] for e in one["stories"]] == ["2031-05-02", "2031-05-12"]
    assert client.get("/api/storylines/l-none").status_code == 404
    index = client.get("/storylines")
    assert index.status_code == 200 and f"/storylines/{line['id']}" in index.text
    page = client.get(f"/storylines/{line['id']}")
    assert page.status_code == 200
    for event in one["stories"]:
        assert f"/stories/{event['id']}" in page.text
    assert "Outlets over time" in page.text and "Northgate Wire" in page.text
    story = client.get(f"/stories/{one['stories'][0]['id']}")
    assert f"/storylines/{line['id']}" in story.text
    assert client.get(f"/api/stories/{one['stories'][0]['id']}").json()["storyline"] == line["id"]


def test_report_has_a_page_per_storyline(storyline_db: Path, tmp_path: Path) -> None:
    summary = write_report(storyline_db, tmp_path / "site")
    assert summary.storylines == 1
    with Store(storyline_db, readonly=True) as store:
        [line] = store.list_storylines()
        view = store.storyline(line.id)
    assert view is not None
    page = (tmp_path / "site" / "storylines" / page_file(line.id)).read_text("utf-8")
    for event in view.stories:
        assert f"../stories/{page_file(event.id)}" in page
    assert f"storylines/{page_file(line.id)}" in (tmp_path / "site" / "storylines.html").read_text("utf-8")
