"""PostgreSQL's search at scale (issue 19): snippets cut in Python from the page's rows, and statements
planned for their own values.

`snippet` stands for FTS5's snippet(…, '[', ']', '…', 12): the words of the query in brackets, at most
twelve words of the text, an ellipsis where the text goes on. A statement psycopg has prepared must
still be planned for each search's words: a plan made once for any word walked every article for a
word none holds.
"""

from __future__ import annotations

import pytest

pytest.importorskip("psycopg", reason="the PostgreSQL backend needs the postgres extra")

from storyfuse.store.open import open_store
from storyfuse.store.postgres.database import SNIPPET_WORDS, _words, snippet

TEXT = (
    "The Quellport ferry ran aground on Monday. Harbour master Ines Völlrath said the ferry company "
    "would publish its report once the harbour of Quellport had reopened, perhaps within a week."
)


def test_a_snippet_brackets_the_query_words_where_most_of_them_meet() -> None:
    cut = snippet(TEXT, _words("harbour ferry"))
    assert cut.startswith("…") and cut.endswith("…")
    assert "[ferry]" in cut and "[Harbour]" in cut  # both words, in the text's own case
    assert len(cut.strip("…").split()) == SNIPPET_WORDS


def test_a_snippet_matches_words_whole_without_case_or_diacritics() -> None:
    assert "[Völlrath]" in snippet(TEXT, _words("VOLLRATH"))
    assert "[" not in snippet(TEXT, _words("harb"))  # a word is matched whole, as the search does
    assert snippet("Short text, ferry.", _words("ferry")) == "Short text, [ferry]."


def test_a_snippet_without_the_words_opens_the_text() -> None:
    # the match was in the title: the text's opening, as FTS5 gives it
    assert snippet(TEXT, _words("lifeboat")) == " ".join(TEXT.split()[:SNIPPET_WORDS]).rstrip(".") + "…"
    assert snippet("", _words("ferry")) == ""
    assert snippet(" … ", _words("ferry")) == "…"
    # as FTS5 cuts it: the text's end when the run reaches it, an ellipsis where it is cut
    words = " ".join(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"] * 2)
    assert snippet(f"{words} ferry. End.", _words("ferry")).endswith("[ferry]. End.")
    assert snippet(f"ferry {words}.", _words("ferry")) == "[ferry] " + " ".join(words.split()[:11]) + "…"


def test_statements_are_planned_for_their_own_values(request: pytest.FixtureRequest) -> None:
    server = request.getfixturevalue("postgres_server")
    with open_store(server.database("plans")) as store:
        assert store.db.execute("SHOW plan_cache_mode").fetchone()[0] == "force_custom_plan"
