"""Store I/O errors are one line naming the store and what to do; probing a foreign file leaves it alone."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import run_cli, write_articles
from storyfuse.store import Store


def _store_with_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str], count: int = 6) -> Path:
    db = tmp_path / "s.db"
    write_articles(tmp_path / "in", count)
    assert run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", str(db), "--no-synthesis").code == 0
    return db


def _one_error_line(err: str) -> str:
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("error: ")
    return err


def test_probing_a_foreign_wal_mode_database_creates_nothing_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "other.db"
    con = sqlite3.connect(foreign)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE notes (body TEXT)")
    con.execute("INSERT INTO notes VALUES ('a note of another program')")
    con.commit()
    con.close()
    before = foreign.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    for command in (["stories"], ["show", "x"], ["ingest", str(tmp_path / "none.txt")]):
        result = run_cli(capsys, *command, "--db", str(foreign))
        assert result.code == 1
        assert "not a storyfuse store; left untouched" in _one_error_line(result.err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    assert foreign.read_bytes() == before


def _damage_pages(db: Path) -> None:
    """Overwrite the middle of the file (never its first page, which says what the file is)."""
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    for start in range(2 * page, len(data) - page, 2 * page):
        data[start + 100 : start + 1100] = b"\xa5" * 1000
    db.write_bytes(bytes(data))


def test_a_damaged_store_is_one_line_and_serve_refuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _store_with_articles(tmp_path, capsys, count=30)
    _damage_pages(db)
    with Store(db, readonly=True) as store, pytest.raises(Exception, match="damaged"):
        store.quick_check()
    served = run_cli(capsys, "serve", "--port", "0", "--db", str(db))
    assert served.code == 1 and f"{db}: the store is damaged" in _one_error_line(served.err)
    listed = run_cli(capsys, "stories", "--db", str(db))
    assert listed.code == 1 and f"{db}: the store is damaged" in _one_error_line(listed.err)
    assert ".recover" in listed.err


def test_a_full_disk_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _store_with_articles(tmp_path, capsys)
    real_init = Store.__init__

    def on_a_full_disk(self: Store, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's SQLITE_FULL, as on a full disk

    monkeypatch.setattr(Store, "__init__", on_a_full_disk)
    write_articles(tmp_path / "more", 40, start=100)
    result = run_cli(capsys, "ingest", str(tmp_path / "more"), "--db", str(db), "--no-synthesis")
    assert result.code == 1
    assert _one_error_line(result.err) == (
        f"error: {db}: the disk is full; free some space and run the command again"
        " (what it committed is kept)\n"
    )


def _can_mount_read_only() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    done = subprocess.run(["unshare", "--mount", "true"], capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(not _can_mount_read_only(), reason="needs `unshare --mount` to make a read-only mount")
def test_a_store_on_a_read_only_mount_is_read_and_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _store_with_articles(tmp_path / "disk", capsys)
    mount = tmp_path / "mnt"
    mount.mkdir()
    storyfuse = str(Path(sys.executable).with_name("storyfuse"))
    on_mount = str(mount / "s.db")
    script = (
        f'mount --bind "{db.parent}" "{mount}" && mount -o remount,bind,ro "{mount}" || exit 99\n'
        f'"{storyfuse}" stories --db "{on_mount}" --json > "{tmp_path}/stories.json"; echo "stories $?"\n'
        f'"{storyfuse}" ingest "{tmp_path}/disk/in" --db "{on_mount}" 2>&1; echo "ingest $?"\n'
    )
    done = subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True)
    lines = done.stdout.splitlines()
    assert lines[0] == "stories 0", done.stdout + done.stderr
    assert (tmp_path / "stories.json").read_text().startswith("[")
    assert lines[1:] == [
        f"error: {on_mount}: the store is read-only (its file, folder or disk); reading commands (stories, "
        "show, entities) still work; to write, make it writable or copy it elsewhere and use --db",
        "ingest 1",
    ]
    assert sorted(p.name for p in db.parent.iterdir()) == ["in", "s.db"]
