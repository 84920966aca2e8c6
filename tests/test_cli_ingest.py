"""Ingest through the real CLI: idempotence, bad input, exit codes, --strict, and a SIGKILL mid-run."""

from __future__ import annotations

import base64
import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from helpers import fail_cleaning_on, fictional_article, run_cli, write_articles
from storyfuse.analyse.embed import STATIC_DIMENSIONS
from storyfuse.link.cluster import StoryState
from storyfuse.store import Store


def article_count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        con.close()


def test_same_content_twice_is_one_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(fictional_article(1))
    (tmp_path / "a" / "copy-of-one.txt").write_text(fictional_article(1))
    first = run_cli(capsys, "ingest", str(tmp_path / "a"), "--db", str(db))
    second = run_cli(capsys, "ingest", str(tmp_path / "a"), "--db", str(db))
    assert first.code == 0 and second.code == 0
    assert "1 new article(s), 1 already stored" in first.err
    assert "0 new article(s), 2 already stored" in second.err
    assert article_count(db) == 1
    with Store(db) as store:  # the second place the content was seen is kept, not lost
        origins = store.db.execute("SELECT origin FROM article_origins").fetchall()
    assert len(origins) == 1


def test_bad_inputs_warn_in_one_line_each_and_the_rest_is_ingested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_articles(tmp_path / "good", 2)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 owners in Quellport protested on Monday.".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: 21 MB on paper, nothing on disk
        fh.truncate(21 * 1024 * 1024)
    feed = tmp_path / "lines.jsonl"
    feed.write_text(
        json.dumps({"url": "https://news.example/a", "title": "Ferry", "text": fictional_article(7)})
        + "\n{not json\n"
        + json.dumps({"url": "https://news.example/b", "title": "No body"})
        + "\n"
    )
    missing = tmp_path / "missing.txt"
    result = run_cli(
        capsys,
        "ingest",
        *map(str, [*good, empty, binary, latin, huge, feed, missing]),
        "--db",
        str(tmp_path / "s.db"),
    )
    assert result.code == 0
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 7, result.err
    for bad in (empty, binary, latin, huge, missing):
        assert sum(str(bad) in w for w in warnings) == 1
    assert sum("lines.jsonl" in w for w in warnings) == 2
    assert "Traceback" not in result.err
    assert article_count(tmp_path / "s.db") == 3


def test_nothing_ingestable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "s.db"))
    assert result.code == 2
    assert "no such file" in result.err
    assert "Traceback" not in result.err


def test_strict_fails_on_bad_input_and_ingests_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_articles(tmp_path / "good", 3)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n")
    db = tmp_path / "s.db"
    result = run_cli(capsys, "ingest", *map(str, good), str(bad), "--strict", "--db", str(db))
    assert result.code == 1
    assert result.err.count("\n") == 1 and "--strict" in result.err
    assert article_count(db) == 0


def _jsonl_with_a_bad_url(path: Path) -> Path:
    records = [
        {"url": "https://news.example/a", "text": fictional_article(11)},
        {"url": "http://[oops/story", "text": fictional_article(12)},  # urllib: "Invalid IPv6 URL"
        {"url": "https://news.example/c", "text": fictional_article(13)},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _warc_with_a_bad_target_uri(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for i, url in enumerate(["https://news.example/x", "http://[oops/story"]):
            page = "".join(f"<p>{p}</p>" for p in fictional_article(20 + i).split("\n\n"))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            payload = io.BytesIO(f"<html><body><article>{page}</article></body></html>".encode())
            record = writer.create_warc_record(url, "response", payload=payload, http_headers=http)
            writer.write_record(record)
    return path


def test_a_url_that_does_not_parse_costs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = _jsonl_with_a_bad_url(tmp_path / "urls.jsonl")
    crawl = _warc_with_a_bad_target_uri(tmp_path / "crawl.warc")
    result = run_cli(capsys, "ingest", str(crawl), "--db", str(tmp_path / "warc.db"), "--no-synthesis")
    assert result.code == 0 and result.err.count("\n") == 1, result.err
    assert article_count(tmp_path / "warc.db") == 2
    for db, strict in ((tmp_path / "s.db", []), (tmp_path / "strict.db", ["--strict"])):
        result = run_cli(capsys, "ingest", str(feed), "--db", str(db), "--no-synthesis", *strict)
        assert result.code == 0 and "Traceback" not in result.err, result.err
        assert article_count(db) == 3
    cleaned = run_cli(capsys, "clean", str(feed), "--jsonl")
    assert cleaned.code == 0 and cleaned.err == ""
    assert [json.loads(line)["url"] for line in cleaned.out.splitlines()][1] == "http://[oops/story"


def _fail_on_strike_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make cleaning fail, as an unforeseen bug would, on the articles about a strike."""
    fail_cleaning_on(monkeypatch, "walked out")


def test_an_article_the_cleaner_fails_on_is_one_warning_and_the_rest_is_ingested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_strike_articles(monkeypatch)
    paths = write_articles(tmp_path / "in", 4)  # article 2 is about a strike
    db = tmp_path / "s.db"
    result = run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", str(db), "--no-synthesis")
    assert result.code == 0
    assert result.err.splitlines()[0] == f"warning: {paths[2]}: article could not be cleaned"
    assert "Traceback" not in result.err and "NoneType" not in result.err
    assert article_count(db) == 3
    cleaned = run_cli(capsys, "clean", *map(str, paths), "--jsonl")
    assert cleaned.err == f"warning: {paths[2]}: article could not be cleaned\n"
    assert len(cleaned.out.splitlines()) == 3
    strict = run_cli(capsys, "ingest", *map(str, paths), "--db", str(tmp_path / "t.db"), "--strict")
    assert strict.code == 1
    assert strict.err == (
        f"error: {paths[2]}: article could not be cleaned (--strict: nothing was ingested)\n"
    )
    assert article_count(tmp_path / "t.db") == 0


def test_a_file_name_that_is_not_utf8_is_stored_and_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"f\xe6rge.txt"), "w") as article:  # Latin-1 "færge"
        article.write(fictional_article(5))
    write_articles(folder, 2)
    db = tmp_path / "s.db"
    result = run_cli(capsys, "ingest", str(folder), "--db", str(db))
    assert result.code == 0 and "3 new article(s)" in result.err, result.err
    listed = json.loads(run_cli(capsys, "stories", "--db", str(db), "--json").out)
    paths = {a["path"] for s in listed for a in s["articles"]}
    assert f"{folder}/f\\xe6rge.txt" in paths
    [story] = [s for s in listed if any(a["path"].endswith("f\\xe6rge.txt") for a in s["articles"])]
    shown = run_cli(capsys, "show", story["id"], "--db", str(db))
    assert shown.code == 0 and "f\\xe6rge.txt" in shown.out


def test_control_characters_in_a_file_name_reach_no_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty\x1b]0;owned\x07\nwarning: all is well.txt").write_text("")
    write_articles(folder, 1)
    result = run_cli(capsys, "ingest", str(folder), "--db", str(tmp_path / "s.db"), "--no-synthesis")
    assert result.code == 0
    assert "\x1b" not in result.err and "\x07" not in result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert warnings == [f"warning: {folder}/empty\\x1b]0;owned\\x07\\nwarning: all is well.txt: empty file"]


def test_a_file_that_is_not_a_store_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.db"
    db.write_text("shopping list\n")
    good = write_articles(tmp_path / "good", 1)
    result = run_cli(capsys, "ingest", str(good[0]), "--db", str(db))
    assert result.code == 1
    assert result.err.startswith("error: ") and result.err.count("\n") == 1
    assert db.read_text() == "shopping list\n"


def test_gzipped_html_and_stdin_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.html.gz"
    paragraphs = "".join(f"<p>{p}</p>" for p in fictional_article(4).split("\n\n")[1:])
    page.write_bytes(
        gzip.compress(
            f"<html><head><title>Strike</title></head><body><article>"
            f"<h1>Dock strike</h1>{paragraphs}</article></body></html>".encode()
        )
    )
    result = run_cli(capsys, "ingest", str(page), "--db", str(tmp_path / "s.db"))
    assert result.code == 0, result.err
    assert article_count(tmp_path / "s.db") == 1


def test_sigkill_mid_ingest_then_rerun_leaves_every_article_exactly_once(tmp_path: Path) -> None:
    total = 160
    folder = tmp_path / "articles"
    write_articles(folder, total)
    db = tmp_path / "s.db"
    command = [sys.executable, "-m", "storyfuse.present.cli", "ingest", str(folder), "--db", str(db)]
    # no linking-order window: with one, the first articles are stored only once 1024 are prepared,
    # and these 160 would all be stored in one burst before the kill
    env = {**os.environ, "STORYFUSE_THREADS": "1", "STORYFUSE_ORDER_WINDOW": "0"}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        if db.exists() and _safe_count(db) > 0:
            break
    assert process.poll() is None, "ingest finished before it could be killed; make the input larger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = _safe_count(db)
    assert 0 < partial < total
    finished = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert finished.returncode == 0, finished.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == total
    assert con.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0] == total
    # every article is in exactly one story, and no story is left half-written
    assert con.execute("SELECT count(*) FROM story_articles").fetchone()[0] == total
    assert con.execute("SELECT count(*) FROM stories WHERE json IS NULL OR dirty = 1").fetchone()[0] == 0
    con.close()


def test_ctrl_c_with_worker_processes_stops_cleanly_and_a_rerun_finishes(tmp_path: Path) -> None:
    # Ctrl-C reaches the whole foreground group: the ingest process and its preparation workers.
    total = 400
    records = [{"url": f"https://news.example/{i}", "text": fictional_article(i)} for i in range(total)]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    db = tmp_path / "s.db"
    # A process started in the background (as CI may start the suite) inherits SIGINT ignored, and Python
    # then keeps it so; a terminal's Ctrl-C finds the default handler, which this restores.
    restore_interrupts = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "sys.argv[0] = 'storyfuse'; from storyfuse.present.cli import main; main()"
    )
    command = [sys.executable, "-c", restore_interrupts, "ingest", str(feed), "--db", str(db)]
    env = {**os.environ, "STORYFUSE_THREADS": "1", "STORYFUSE_WORKERS": "2"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
        if db.exists() and _safe_count(db) > 100:  # past PARALLEL_AFTER: the workers are running
            break
    assert process.poll() is None, "ingest finished before it could be interrupted; make the input larger"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err.strip().endswith("interrupted"), err
    assert "Traceback" not in err
    finished = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert article_count(db) == total


def _safe_count(db: Path) -> int:
    try:
        return article_count(db)
    except sqlite3.Error:
        return 0


def test_no_synthesis_links_now_and_synthesise_completes_later(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    folder = tmp_path / "in"
    folder.mkdir()
    write_articles(folder, 3)
    result = run_cli(capsys, "ingest", str(folder), "--no-synthesis", "--db", str(db))
    assert result.code == 0 and "waiting for `storyfuse synthesise`" in result.err
    with Store(db, readonly=True) as store:
        waiting = store.dirty_story_ids()
        ids = [a for s in waiting for a in store.story_article_ids(s)]
        assert waiting and sorted(ids) == sorted(store.recent_article_ids(10))
        # Linking needed only lead vectors: the spaCy pass (sentences, mentions) waits for synthesis.
        assert sorted(store.pending_analysis_ids(ids)) == sorted(ids)
        assert all(not an.sentences and not an.mentions for an in store.analyses(ids).values())
    listed = run_cli(capsys, "stories", "--json", "--db", str(db))
    assert json.loads(listed.out) == [] and "run `storyfuse synthesise --db" in listed.err

    result = run_cli(capsys, "synthesise", "--db", str(db))
    assert result.code == 0 and f"{len(waiting)} story(ies) synthesised" in result.err
    with Store(db, readonly=True) as store:
        assert store.dirty_story_ids() == []
        assert {s.id for s in store.list_stories()} == set(waiting)
        assert store.pending_analysis_ids(ids) == []
        analyses = store.analyses(ids).values()
        assert all(an.sentences for an in analyses)
        assert any(an.mentions for an in analyses)  # NER ran for them
    listed = run_cli(capsys, "stories", "--json", "--db", str(db))
    assert len(json.loads(listed.out)) == len(waiting) and listed.err == ""


BREACH = (
    "The Brask dam on the upper Ostra river gave way before dawn, flooding the valley town of "
    "Lindquay. Engineer Tomas Vell of the Ostra water board said the spillway had cracked overnight."
)


@pytest.mark.parametrize(
    ("breach_first", "later_published"),
    [
        (True, "2020-05-01"),  # an archive ingested later: its date brings back the story of its time
        (False, None),  # undated, after newer news moved the window: the story that just left it
    ],
    ids=["late archive article", "undated report after newer news"],
)
def test_a_later_report_finds_its_story_outside_the_hot_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breach_first: bool, later_published: str | None
) -> None:
    recent = [
        {"url": f"https://news.example/{i}", "title": f"Recent news {i}", "text": fictional_article(i),
         "published": f"2031-03-{1 + i:02d}"}
        for i in range(10)
    ]  # fmt: skip
    breach = {"url": "https://news.example/breach-1", "title": "Brask dam breach floods Lindquay",
              "text": BREACH, "published": "2020-05-01"}  # fmt: skip
    first = tmp_path / "first.jsonl"
    records = [breach, *recent] if breach_first else [*recent, breach]
    first.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    report = {"url": "https://wire.example/breach-2", "title": "Lindquay flooded as the Brask dam fails",
              "text": BREACH.replace("gave way before dawn", "collapsed early in the morning")}  # fmt: skip
    if later_published:
        report["published"] = later_published
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(report) + "\n")
    db = tmp_path / "s.db"
    assert run_cli(capsys, "ingest", str(first), "--db", str(db)).code == 0
    assert run_cli(capsys, "ingest", str(later), "--db", str(db)).code == 0
    listed = json.loads(run_cli(capsys, "stories", "--json", "--db", str(db)).out)
    urls = [{a["url"] for a in s["articles"]} for s in listed]
    assert {"https://news.example/breach-1", "https://wire.example/breach-2"} in urls


def test_a_store_with_lead_vectors_of_another_encoder_is_brought_to_the_profiles_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A store whose lead vectors another encoder made (the default profile's e5, or an old version's
    # MiniLM) holds 384-dimension ones, in the articles' vectors and in the stories' clusterer states;
    # the next ingest with the fast profile recomputes both as its static 256-dimension ones.
    db = tmp_path / "s.db"
    write_articles(tmp_path / "in", 3)
    assert run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", str(db), "--profile", "fast").code == 0
    with Store(db) as store, store.transaction():
        ids = store.recent_article_ids(10)
        store.replace_lead_vectors({a: [1 / 384**0.5] * 384 for a in ids})
        old_states = []
        for story_id, state in store.story_states(None):
            data = json.loads(state)
            data["vector_sum"] = base64.b64encode(np.ones(384, dtype=np.float32).tobytes()).decode()
            old_states.append((story_id, json.dumps(data)))
        store.replace_story_states(old_states)
        assert store.link_vector_size() == 384
    write_articles(tmp_path / "more", 1, start=3)
    result = run_cli(capsys, "ingest", str(tmp_path / "more"), "--db", str(db), "--profile", "fast")
    assert result.code == 0, result.err
    with Store(db, readonly=True) as store:
        assert store.link_vector_size() == STATIC_DIMENSIONS
        vectors = [np.asarray(an.embedding) for an in store.analyses(store.recent_article_ids(10)).values()]
        assert all(v.shape == (STATIC_DIMENSIONS,) and abs(np.linalg.norm(v) - 1) < 1e-5 for v in vectors)
        states = [StoryState.from_json(s, state) for s, state in store.story_states(None)]
        assert states and all(s.vector_sum.shape == (STATIC_DIMENSIONS,) for s in states)
        # each story's state is the sum of its members' recomputed vectors
        for state in states:
            members = store.analyses(store.story_article_ids(state.id))
            total = np.sum([np.asarray(an.embedding, dtype=np.float32) for an in members.values()], axis=0)
            assert np.allclose(state.vector_sum, total, atol=1e-5)


@pytest.mark.parametrize("kept", [True, False], ids=["minhashes kept", "store from before they were kept"])
def test_a_copy_of_an_article_of_an_earlier_run_is_found(tmp_path: Path, kept: bool) -> None:
    from storyfuse.link.minhash import Shingles
    from storyfuse.pipeline import ingest
    from storyfuse.run.linking import Linker

    paths = write_articles(tmp_path / "in", 4)
    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest(store, [str(p) for p in paths], synthesise=False)
        original = store.recent_article_ids(10)[1]
        if not kept:
            with store.transaction():
                store.db.execute("DELETE FROM minhashes")
        copy = store.article(original).text.replace("described the day", "called the day")  # type: ignore[union-attr]
        linker = Linker(store)  # what the next ingest starts with
        assert [m.article_id for m in linker.duplicates.add_shingles("copy", Shingles.of(copy))] == [original]
        assert store.db.execute("SELECT count(*) FROM minhashes").fetchone()[0] == 4
