"""What the CLI and the web app share to read a user's request: ids given by a unique prefix, and the
story filter made from options or query parameters, each refused in one line when it cannot be read."""

from __future__ import annotations

import calendar
import re

from storyfuse.errors import StoryfuseError
from storyfuse.store import Store
from storyfuse.store.listing import SORTS, StoryFilter

MIN_PREFIX = 3  # shorter prefixes name too many ids to be worth a look-up
# Words people write for an entity type -> the type group the store keeps.
ENTITY_TYPES = {
    "person": "PERSON",
    "people": "PERSON",
    "place": "PLACE",
    "places": "PLACE",
    "gpe": "PLACE",
    "loc": "PLACE",
    "org": "ORG",
    "organisation": "ORG",
    "organization": "ORG",
    "group": "NORP",
    "norp": "NORP",
    "misc": "MISC",
}
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class UnknownId(StoryfuseError):
    """No item has that id or an id starting with it, or several do."""


def resolve_id(store: Store, kind: str, given: str, hint: str = "") -> str:
    """The full id of the story, article, storyline or entity that `given` names or begins; raises
    UnknownId in one line when none or several do (listing a few of them)."""
    text = given.strip()
    found = store.ids_starting(kind, text, limit=4) if text else []
    if found and (found[0] == text or len(found) == 1):
        if found[0] != text and len(text) < MIN_PREFIX:
            raise UnknownId(f"{kind} id prefix {text!r} is too short: give {MIN_PREFIX} characters or more")
        return found[0]
    if not found:
        raise UnknownId(f"no {kind} {given!r} in {store.label}{f' ({hint})' if hint else ''}")
    shown = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
    raise UnknownId(f"{kind} id prefix {given!r} is ambiguous: it begins {shown}; give more of it")


def day_bound(value: str | None, *, end: bool) -> str | None:
    """A date given as YYYY, YYYY-MM or YYYY-MM-DD as the first (or with `end`, the last) day it
    covers; StoryfuseError when it is no such date."""
    if value is None or not value.strip():
        return None
    match = _DAY.match(value.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = int(match[1]), int(match[2] or (12 if end else 1)), match[3]
        last = calendar.monthrange(year, month)[1]
        number = int(day) if day else (last if end else 1)
        if not 1 <= number <= last:
            raise ValueError
    except ValueError:
        raise StoryfuseError(f"not a date: {value!r} (write YYYY-MM-DD, YYYY-MM or YYYY)") from None
    return f"{year:04d}-{month:02d}-{number:02d}"


def story_filter(
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    language: str | None = None,
    entity: str | None = None,
    min_articles: int | None = None,
    sort: str | None = None,
) -> StoryFilter:
    """The filter these options ask for; empty strings (a form's blank fields) ask for nothing."""
    if sort and sort not in SORTS:
        raise StoryfuseError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    first, last = day_bound(since, end=False), day_bound(until, end=True)
    if first and last and first > last:
        raise StoryfuseError(f"--since {since} is after --until {until}")
    return StoryFilter(
        since=first,
        until=last,
        source=(source or "").strip() or None,
        language=(language or "").strip().lower() or None,
        entity=(entity or "").strip() or None,
        min_articles=min_articles if min_articles and min_articles > 1 else None,
        sort=sort or "recent",
    )


def entity_type(given: str | None) -> str | None:
    """The store's type group for a type word (person, place, org, group); StoryfuseError otherwise."""
    if not given:
        return None
    found = ENTITY_TYPES.get(given.strip().lower()) or (given.upper() if given.isupper() else None)
    if found is None:
        raise StoryfuseError(f"unknown entity type {given!r}: use person, place, org, group or misc")
    return found
