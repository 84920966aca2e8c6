"""Saved searches (#24): `storyfuse alert add "query"`, /api/alerts and the alert feeds.

An alert is a query and the time it was last seen; the stories it matches are found by the store's own
search (`Store.search`, whatever the backend), and a story written since it was seen is new to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyfuse.store.sql import Connection


@dataclass
class Alert:
    id: int
    query: str
    created_at: str
    seen_at: str


def add(db: Connection, query: str, at: str) -> int:
    """Save a search; the stories written before now are not new to it. Call inside a transaction."""
    db.execute("INSERT INTO alerts(query, created_at, seen_at) VALUES (?, ?, ?)", (query, at, at))
    return int(db.execute("SELECT max(id) FROM alerts").fetchone()[0])


def remove(db: Connection, alert_id: int) -> bool:
    return db.execute("DELETE FROM alerts WHERE id = ?", (alert_id,)).rowcount > 0


def mark_seen(db: Connection, alert_id: int, at: str) -> None:
    db.execute("UPDATE alerts SET seen_at = ? WHERE id = ?", (at, alert_id))


def all_alerts(db: Connection) -> list[Alert]:
    return [
        Alert(r[0], r[1], r[2], r[3])
        for r in db.execute("SELECT id, query, created_at, seen_at FROM alerts ORDER BY id")
    ]


def get(db: Connection, alert_id: int) -> Alert | None:
    row = db.execute("SELECT id, query, created_at, seen_at FROM alerts WHERE id = ?", (alert_id,)).fetchone()
    return Alert(row[0], row[1], row[2], row[3]) if row else None
