"""Merge, split, move and rename by hand (#24): each is logged with its reason and leaves constraints on
articles (store/curation.py) that every later ingest and re-link honours (link/constraints.py).

Each function validates its ids, records the correction, regroups only the stories concerned
(`Linker.apply_corrections`), all in one transaction, and returns the ids of the stories that hold the
articles afterwards; the stories whose membership changed are marked for synthesis (`synthesise_dirty`).
"""

from __future__ import annotations

from collections.abc import Sequence

from storyfuse.errors import StoryfuseError
from storyfuse.model import Constraint
from storyfuse.run.linking import Linker, stored_profile
from storyfuse.store import Store

MAX_HEADLINE = 300  # characters


def merge(
    store: Store, story_ids: Sequence[str], reason: str | None = None, profile: str | None = None
) -> str:
    """Make these stories one; returns the id of the story they became."""
    ids = list(dict.fromkeys(story_ids))
    if len(ids) < 2:
        raise StoryfuseError("merge needs two stories or more")
    members = [a for sid in ids for a in _members(store, sid)]
    linker = Linker(store, stored_profile(store, profile))
    with store.transaction():
        store.record_correction("merge", ids, members, [Constraint("together", tuple(members))], reason)
        linker.apply_corrections(ids)
    return _story_of(store, members[0])


def split(
    store: Store,
    story_id: str,
    article_ids: Sequence[str],
    reason: str | None = None,
    profile: str | None = None,
) -> tuple[str, str]:
    """Take these articles out of the story into a story of their own; returns (the story they left,
    the story they form)."""
    members = _members(store, story_id)
    leaving = list(dict.fromkeys(article_ids))
    strangers = [a for a in leaving if a not in members]
    if strangers:
        raise StoryfuseError(f"not in story {story_id}: {', '.join(strangers[:3])}")
    staying = [a for a in members if a not in leaving]
    if not leaving or not staying:
        raise StoryfuseError("split needs some of the story's articles, not none or all of them")
    constraints = [
        Constraint("together", tuple(leaving)),
        Constraint("apart", tuple(leaving), tuple(staying)),
    ]
    linker = Linker(store, stored_profile(store, profile))
    with store.transaction():
        store.record_correction("split", [story_id], leaving, constraints, reason)
        linker.apply_corrections([story_id])
    return _story_of(store, staying[0]), _story_of(store, leaving[0])


def move(
    store: Store, article_id: str, to_story: str, reason: str | None = None, profile: str | None = None
) -> str:
    """Move one article into another story; returns that story's id (it keeps its own)."""
    source = store.story_of(article_id)
    if source is None:
        raise StoryfuseError(f"article {article_id} is in no story yet")
    target = _members(store, to_story)
    if source == to_story:
        raise StoryfuseError(f"article {article_id} is in story {to_story} already")
    others = [a for a in store.story_article_ids(source) if a != article_id]
    constraints = [Constraint("together", (article_id, *target))]
    if others:
        constraints.insert(0, Constraint("apart", (article_id,), tuple(others)))
    linker = Linker(store, stored_profile(store, profile))
    with store.transaction():
        store.record_correction("move", [source, to_story], [article_id], constraints, reason)
        linker.apply_corrections([source, to_story])
    return _story_of(store, article_id)


def rename(store: Store, story_id: str, headline: str, reason: str | None = None) -> None:
    """Give the story this headline, now and after every later synthesis of it."""
    text = " ".join(headline.split())
    if not text:
        raise StoryfuseError("a headline needs some words")
    if len(text) > MAX_HEADLINE:
        raise StoryfuseError(f"a headline of at most {MAX_HEADLINE} characters, please ({len(text)} given)")
    members = _members(store, story_id)
    story = store.story(story_id)
    with store.transaction():
        store.record_correction("rename", [story_id], [], [], reason, headline=(members[0], text))
        if story is not None and story_id not in store.dirty_story_ids():  # else synthesis pins it
            story.headline = text
            store.write_story(story)


def _members(store: Store, story_id: str) -> list[str]:
    members = store.story_article_ids(story_id)
    if not members:
        raise StoryfuseError(f"no story {story_id!r} (see `storyfuse stories`)")
    return members


def _story_of(store: Store, article_id: str) -> str:
    found = store.story_of(article_id)
    assert found is not None  # every article the corrections name stays in a story
    return found
