"""A throwaway PostgreSQL server for the tests: Debian's `postgresql` binaries, `initdb` and `pg_ctl`
in a temporary folder, listening only on a private unix socket (no TCP port).

`find_binaries` looks on PATH and under /usr/lib/postgresql/*/bin (where Debian's package puts them);
as root, the server runs as the `postgres` user (or `nobody`), since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

USER = "storyfuse"
_names = itertools.count()


def find_binaries() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None when PostgreSQL is not installed."""
    candidates = []
    if found := shutil.which("initdb"):
        candidates.append(Path(found).resolve().parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if all((folder / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


class PostgresServer:
    """A server of its own in a temporary folder; `database()` gives the URL of a new empty database."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="storyfuse-pg-"))
        self.data = self.folder / "data"
        self.socket = self.folder  # the socket's folder; its path stays under the 107-byte limit
        self.port = 5432  # names the socket file only: no TCP listener
        self.run_as = _unprivileged_user()
        if self.run_as is not None:
            os.chown(self.folder, self.run_as.pw_uid, self.run_as.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync")
        options = (
            f"-k {self.socket} -p {self.port} -c listen_addresses='' -c fsync=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@/{database}?host={quote(str(self.socket))}&port={self.port}"

    def database(self, prefix: str = "t") -> str:
        """A new empty database on the server; returns its URL."""
        import psycopg

        name = f"{prefix}{next(_names)}_{os.getpid()}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if self.run_as is not None:
            command = [
                "setpriv",
                f"--reuid={self.run_as.pw_uid}",
                f"--regid={self.run_as.pw_gid}",
                "--clear-groups",
                *command,
            ]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder, timeout=120)


def _unprivileged_user() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and no postgres or nobody user to run the server as")
