"""The store contract: every backend is a whole `StoreBackend` and answers every question the same.

Each test runs on SQLite and on PostgreSQL (a throwaway server, tests/pg_server.py; skipped without
Debian's postgresql). The comparisons build one fictional store (web/fixtures.py) on both and ask each
the same things; the seeds, ingested on both, give identical story JSON.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import BACKENDS, SEEDS, new_store_address
from helpers import run_cli, store_contents, write_articles
from storyfuse.errors import StoreError
from storyfuse.store import integrity
from storyfuse.store.interface import (
    Curation,
    EntityCatalogue,
    Ingest,
    LinkState,
    SearchIndex,
    StoreBackend,
    StoryReader,
)
from storyfuse.store.listing import StoryFilter
from storyfuse.store.open import open_store, write_lock
from web.fixtures import FERRY, MARKET, build_store


@pytest.fixture(scope="module")
def both(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The fictional store built on each backend: backend -> address."""
    folder = tmp_path_factory.mktemp("contract")
    return {
        b: build_store(new_store_address(b, request, folder, "fictional")) for b in ("sqlite", "postgresql")
    }


def ask(address: str, question: Any) -> Any:
    with open_store(address, readonly=True) as store:
        return question(store)


def same_on_both(both: dict[str, str], question: Any) -> Any:
    answers = [ask(address, question) for address in both.values()]
    assert answers[0] == answers[1]
    return answers[0]


def test_each_backend_is_a_whole_store(store_address: str) -> None:
    with open_store(store_address) as store:
        protocols = (Ingest, LinkState, StoryReader, EntityCatalogue, SearchIndex, Curation, StoreBackend)
        for protocol in protocols:
            assert isinstance(store, protocol), protocol.__name__


def test_stories_and_their_listings_are_the_same_on_both(both: dict[str, str]) -> None:
    listed = same_on_both(both, lambda s: [_listed(x) for x in s.list_stories()])
    assert sorted(x["id"] for x in listed) == sorted([MARKET, FERRY])
    for story_id in (FERRY, MARKET):
        story = same_on_both(both, lambda s, i=story_id: s.story(i).to_json())  # type: ignore[union-attr]
        assert story["id"] == story_id
    same_on_both(both, lambda s: [_listed(x) for x in s.list_stories(offset=1, limit=1)])
    same_on_both(both, lambda s: (s.count_stories(), s.status().articles, s.status().stories))
    same_on_both(both, lambda s: s.story("s-not-there"))
    same_on_both(both, lambda s: s.story_article_ids(FERRY))
    same_on_both(both, lambda s: {k: vars(v) for k, v in s.article_meta(s.story_article_ids(FERRY)).items()})


def _listed(x: Any) -> dict[str, Any]:
    """A listing as data: its fields (the update's time aside) and its articles read."""
    return vars(x) | {"updated_at": None, "articles": [vars(a) for a in x.articles]}


def test_filters_prefixes_and_counts_are_the_same_on_both(both: dict[str, str]) -> None:
    for wanted in (
        StoryFilter(),
        StoryFilter(source="gazette"),
        StoryFilter(entity="vollrath"),
        StoryFilter(since="2031-01-01", sort="size"),
        StoryFilter(min_articles=2, sort="outlets"),
    ):
        same_on_both(both, lambda s, f=wanted: [x.id for x in s.filtered_stories(f)])
        same_on_both(both, lambda s, f=wanted: s.count_filtered_stories(f))
    same_on_both(both, lambda s: s.outlet_counts([FERRY, MARKET]))
    same_on_both(both, lambda s: s.ids_starting("story", FERRY[:4], 5))
    same_on_both(both, lambda s: s.count_unwritten_stories())


def test_entities_are_the_same_on_both(both: dict[str, str]) -> None:
    found = same_on_both(both, lambda s: [e.to_json() for e in s.find_entities("vollrath")])
    assert found and found[0]["type"] == "PERSON"
    same_on_both(both, lambda s: [e.to_json() for e in s.find_entities("marrow")])
    same_on_both(both, lambda s: [e.to_json() for e in s.find_entities("100%_")])  # LIKE's own characters
    same_on_both(both, lambda s: s.entity(found[0]["id"]).to_json())  # type: ignore[union-attr]
    same_on_both(both, lambda s: [e.to_json() for e in s.entities_by_mentions()])
    same_on_both(both, lambda s: s.entity_types())


def test_search_finds_the_same_hits_with_snippets_on_both(both: dict[str, str]) -> None:
    for query in ("marrowfield", "ferry harbour", "Völlrath"):
        hits = same_on_both(
            both, lambda s, q=query: sorted((h.kind, h.id, h.title, h.story_id) for h in s.search(q))
        )
        assert hits, query
    for address in both.values():
        snippets = ask(address, lambda s: [h.snippet for h in s.search("marrowfield")])
        assert any("[" in x and "]" in x for x in snippets), snippets  # the match is marked
    for text in ('"(*) AND OR NEAR -', "", "   ", "'; DROP TABLE stories; --"):
        same_on_both(both, lambda s, q=text: [(h.kind, h.id) for h in s.search(q)])


def test_the_integrity_check_finds_the_same_on_both(both: dict[str, str]) -> None:
    found = same_on_both(both, lambda s: integrity.check(s))
    # the fictional store is written without sentences: those articles are all the check finds
    assert found and {f.kind for f in found} == {integrity.UNANALYSED}


def test_a_transaction_keeps_nothing_of_a_failed_batch(store_address: str) -> None:
    with open_store(store_address) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.save_story_states([("s1", "{}", "2031-01-01", "2031-01-01")])
            raise RuntimeError("the batch failed")
        assert store.dirty_story_ids() == []
        with store.transaction():
            store.save_story_states([("s1", "{}", "2031-01-01", "2031-01-01")])
        assert store.dirty_story_ids() == ["s1"]


def test_reopening_keeps_data_and_a_reader_may_not_write(store_address: str) -> None:
    build_store(store_address)
    with open_store(store_address) as store:  # opened again for writing: nothing migrated twice
        assert store.count_stories() == 2
    with (
        open_store(store_address, readonly=True) as store,
        pytest.raises(Exception, match=r"(?i)read-only|readonly"),
        store.transaction(),
    ):
        store.save_story_states([("s9", "{}", None, None)])


def test_a_missing_store_is_not_made_by_a_reader(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    for backend in ("sqlite", "postgresql"):
        with pytest.raises(StoreError, match="no store here yet"):
            open_store(new_store_address(backend, request, tmp_path, "absent"), readonly=True)


def test_a_foreign_postgresql_database_is_refused_and_left_untouched(postgres_server: Any) -> None:
    import psycopg

    url = postgres_server.database("foreign")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (text text)")
    with pytest.raises(StoreError, match="not a storyfuse store; left untouched"):
        open_store(url)
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert tables == [("notes",)]


def test_a_postgresql_store_another_writer_makes_while_this_one_looks_is_opened(
    postgres_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two ingests start on an empty database: the second read the store's meta table missing, the first
    then made the store, and the second found its tables and took the database for a foreign one (CI)."""
    from storyfuse.store.postgres.connection import PgConnection

    url = postgres_server.database("raced")
    original = PgConnection.execute
    made: list[bool] = []

    def execute(self: PgConnection, sql: str, parameters: Any = (), /) -> Any:
        cursor = original(self, sql, parameters)
        if "FILTER (WHERE table_name = 'storyfuse_meta')" in sql and not made:
            made.append(True)
            open_store(url).close()  # the other writer, between this one's two reads
        return cursor

    monkeypatch.setattr(PgConnection, "execute", execute)
    with open_store(url) as store:
        assert made and store.count_articles() == 0


def test_a_postgresql_store_made_while_this_writer_waits_to_make_it_is_opened(postgres_server: Any) -> None:
    """The second of two ingests on an empty database found it empty, waited for the migration lock
    while the first made the store, and then, its session's catalog cache stale, saw the new tables
    but no meta table (CI, about 1 run in 20). A whole migration sends the server so many catalog
    changes that it mostly refreshes the waiting session's cache; the first writer here makes only the
    meta table and one other, which leaves the cache stale every time."""
    import psycopg

    from storyfuse.store.postgres.database import MIGRATION_LOCK_KEY
    from storyfuse.store.postgres.schema import APPLICATION, SCHEMA_VERSION

    url = postgres_server.database("waited")
    first = psycopg.connect(url)
    first.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))
    opened: list[str | StoreError] = []

    def second() -> None:
        try:
            with open_store(url):
                opened.append("opened")
        except StoreError as exc:
            opened.append(exc)

    waiter = threading.Thread(target=second)
    waiter.start()
    with psycopg.connect(url, autocommit=True) as watcher:
        waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        for _ in range(600):  # until the second writer waits for the lock the first holds
            if watcher.execute(waiting).fetchone()[0]:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the second writer never waited for the migration lock")
    first.execute("CREATE TABLE storyfuse_meta (key text PRIMARY KEY, value text)")
    first.execute("CREATE TABLE articles (id text PRIMARY KEY)")
    first.execute(
        "INSERT INTO storyfuse_meta(key, value) VALUES ('application', %s), ('schema_version', %s)",
        (APPLICATION, str(SCHEMA_VERSION)),
    )
    first.commit()
    first.close()
    waiter.join(timeout=60)
    assert opened == ["opened"]


def test_a_postgresql_store_of_a_newer_schema_is_refused_and_left_untouched(postgres_server: Any) -> None:
    import psycopg

    url = postgres_server.database("newer")
    open_store(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE storyfuse_meta SET value = '999' WHERE key = 'schema_version'")
    for readonly in (False, True):
        with pytest.raises(StoreError, match="schema 999, newer than this storyfuse reads"):
            open_store(url, readonly=readonly)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT value FROM storyfuse_meta WHERE key = 'schema_version'").fetchone() == (
            "999",
        )


def test_an_unreachable_server_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://nobody@/nothing?host={tmp_path}&port=1"
    with pytest.raises(StoreError, match="cannot connect"):
        open_store(url)
    result = run_cli(capsys, "stories", "--db", url)
    assert result.code == 1
    assert result.err.count("\n") == 1 and result.err.startswith("error: "), result.err
    assert "Traceback" not in result.err


def test_an_unknown_address_scheme_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "stories", "--db", "mysql://somewhere/db")
    assert result.code == 1
    assert "not a store address" in result.err and "Traceback" not in result.err


def test_a_second_writer_waits_for_the_first_on_the_server(postgres_server: Any) -> None:
    url = postgres_server.database("lock")
    said: list[str] = []
    order: list[str] = []

    def second() -> None:
        with write_lock(url, on_wait=said.append):
            order.append("second")

    with write_lock(url):
        waiter = threading.Thread(target=second)
        waiter.start()
        for _ in range(100):
            if said:
                break
            time.sleep(0.05)
        time.sleep(0.2)
        order.append("first")
    waiter.join(timeout=10)
    assert order == ["first", "second"]
    assert len(said) == 1 and said[0].startswith("waiting for another writer of postgresql://")


def test_the_cli_ingests_lists_and_checks_a_server_store(
    postgres_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = postgres_server.database("cli")
    write_articles(tmp_path / "articles", 6)
    done = run_cli(capsys, "ingest", str(tmp_path / "articles"), "--db", url)
    assert done.code == 0, done.err
    assert "6 new article(s)" in done.err
    again = run_cli(capsys, "ingest", str(tmp_path / "articles"), "--db", url)
    assert "0 new article(s), 6 already stored" in again.err
    listed = run_cli(capsys, "stories", "--db", url, "--json")
    assert listed.code == 0 and '"id"' in listed.out
    checked = run_cli(capsys, "check", "--db", url)
    assert checked.code == 0, checked.out + checked.err


def test_the_demo_runs_on_a_server_store_as_on_a_file(
    postgres_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = postgres_server.database("demo")
    shown = run_cli(capsys, "demo", "--db", url)
    assert shown.code == 0, shown.err
    ingested = re.match(r"(\d+) example articles ingested into postgresql://", shown.err)
    assert ingested and int(ingested[1]) > 0, shown.err
    assert f"next: storyfuse show STORY_ID --db {url}" in shown.err
    checked = run_cli(capsys, "check", "--db", url)
    assert checked.code == 0, checked.out + checked.err
    on_file = tmp_path / "demo.db"
    assert run_cli(capsys, "demo", "--db", str(on_file)).err.startswith(f"{ingested[1]} example articles")
    assert store_contents(url) == store_contents(on_file)
    assert not Path("postgresql:").exists()  # the URL was never taken for a path


@pytest.mark.shared
def test_the_seeds_give_identical_story_json_on_both(
    request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = {}
    for backend in ("sqlite", "postgresql"):
        address = new_store_address(backend, request, tmp_path, "seeds")
        assert run_cli(capsys, "ingest", str(SEEDS), "--db", address).code == 0
        with open_store(address, readonly=True) as store:
            ids = [x.id for x in store.list_stories()]
            shown[backend] = {
                i: run_cli(capsys, "show", i, "--db", address, "--format", "json").out for i in ids
            }
            assert integrity.check(store) == []
    assert shown["sqlite"] and shown["sqlite"] == shown["postgresql"]


def test_copy_moves_a_store_to_the_server_and_back_with_identical_stories(
    request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_articles(tmp_path / "articles", 12)
    write_articles(tmp_path / "later", 4, start=12)
    original = new_store_address("sqlite", request, tmp_path, "original")
    assert run_cli(capsys, "ingest", str(tmp_path / "articles"), "--db", original).code == 0
    server = new_store_address("postgresql", request, tmp_path, "copied")
    back = new_store_address("sqlite", request, tmp_path, "back")
    for source, target in ((original, server), (server, back)):
        done = run_cli(capsys, "copy", "--from", source, "--to", target)
        assert done.code == 0, done.err
        assert "12 article(s)" in done.err and "reads the same from both" in done.err
    stories = {address: _all_stories(capsys, address) for address in (original, server, back)}
    assert stories[original] and stories[original] == stories[server] == stories[back]
    for address in (server, back):
        assert run_cli(capsys, "check", "--db", address).code == 0
    refused = run_cli(capsys, "copy", "--from", original, "--to", server)
    assert refused.code == 1 and "not empty" in refused.err
    # a copy goes on as the original would: the same new articles give the same stories
    for address in (original, server):
        assert run_cli(capsys, "ingest", str(tmp_path / "later"), "--db", address).code == 0
    assert store_contents(original) == store_contents(server)


def _all_stories(capsys: pytest.CaptureFixture[str], address: str) -> dict[str, str]:
    with open_store(address, readonly=True) as store:
        ids = [x.id for x in store.list_stories()]
    return {i: _shown(capsys, i, address) for i in ids}


def _shown(capsys: pytest.CaptureFixture[str], story_id: str, address: str) -> str:
    return run_cli(capsys, "show", story_id, "--db", address, "--format", "json").out


def test_the_portable_sql_is_translated_for_psycopg_outside_literals_and_casts() -> None:
    pytest.importorskip("psycopg")
    from storyfuse.store.postgres.connection import translate

    assert translate("SELECT 1 WHERE a = ? AND b::text = 'x?y' AND c LIKE '50%' ESCAPE '\\'") == (
        "SELECT 1 WHERE a = %s AND b::text = 'x?y' AND c LIKE '50%%' ESCAPE '\\'"
    )
    assert translate("SELECT :q, 'it''s :q', \"col?\" FROM t") == "SELECT %(q)s, 'it''s :q', \"col?\" FROM t"


def test_a_literal_percent_reaches_the_server_unchanged(postgres_server: Any) -> None:
    with open_store(postgres_server.database("percent")) as store:
        assert store.db.execute("SELECT '100%' || ?", ("!",)).fetchone()[0] == "100%!"
        assert store.db.execute("SELECT ?::text", ("a\x00b",)).fetchone()[0] == "a\ufffdb"  # NUL: no text


def test_corrections_and_alerts_give_the_same_on_both(
    request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_articles(tmp_path / "articles", 12)
    write_articles(tmp_path / "later", 4, start=12)
    seen = {}
    for backend in BACKENDS:
        address = new_store_address(backend, request, tmp_path, "curated")
        assert run_cli(capsys, "ingest", str(tmp_path / "articles"), "--db", address).code == 0
        assert run_cli(capsys, "alert", "add", "bridge", "--db", address).code == 0
        with open_store(address, readonly=True) as store:
            ids = sorted(x.id for x in store.list_stories())
        steps = [
            run_cli(capsys, "rename", ids[0], "A headline of our own", "--db", address),
            run_cli(capsys, "merge", ids[1], ids[2], "--db", address),
            run_cli(capsys, "ingest", str(tmp_path / "later"), "--db", address),
            run_cli(capsys, "alert", "check", "--db", address),
            run_cli(capsys, "history", ids[0], "--db", address, "--json"),
        ]
        assert all(step.code == 0 for step in steps), [step.err for step in steps]
        assert run_cli(capsys, "check", "--db", address).code == 0
        seen[backend] = (_all_stories(capsys, address), steps[3].out, len(steps[4].out.splitlines()))
    assert seen["sqlite"] == seen["postgresql"]
