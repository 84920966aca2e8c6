"""Copy detection: near-duplicates by MinHash LSH (verified), and families with aligned passages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import analysed_article, fictional_article
from storyfuse.analyse.split import split_sentences
from storyfuse.link.minhash import DuplicateIndex, Shingles, jaccard, minhash_of_signature, shingle_hashes
from storyfuse.model import Family
from storyfuse.synthesise.families import (
    _lexical_pairs,
    _possible_pairs,
    _relation,
    _same_language_space,
    families,
)
from storyfuse.synthesise.story_sentences import StorySentences

WIRE = (
    "Rescue teams in Lindquay pulled eleven people from the water after the ferry Brask capsized on Monday "
    "night near the harbour mouth. The harbour master said strong winds had pushed the vessel onto a "
    "sandbank shortly after it left port. Twenty-three passengers and four crew were on board, according "
    "to the operator. Divers were still searching for two missing passengers on Tuesday morning."
)
REWORDED = (
    "Eleven people were rescued from the sea in Lindquay when the ferry Brask overturned late on Monday "
    "close to the harbour entrance. Powerful winds drove the boat onto a sandbank soon after its "
    "departure, the port authority said. The operator said twenty-three passengers and four crew "
    "members had been aboard. "
    "Divers continued to look for two passengers who remain missing on Tuesday morning."
)


def test_shingles_are_the_same_in_every_process() -> None:
    # blake2b, not Python's salted hash(): two processes with different hash seeds agree
    code = "from storyfuse.link.minhash import shingle_hashes\n" + (
        "print(shingle_hashes('one two three four five six').tolist())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert outputs.pop().strip() == str(shingle_hashes("one two three four five six").tolist())


def test_near_duplicates_are_found_and_verified_and_others_are_not() -> None:
    index = DuplicateIndex()
    assert index.add("wire", WIRE) == []
    edited = WIRE.replace("Rescue teams", "Coastguard teams").replace("on Tuesday morning", "on Tuesday")
    matches = index.add("edited", edited)
    assert [m.article_id for m in matches] == ["wire"]
    assert matches[0].jaccard == round(jaccard(shingle_hashes(WIRE), shingle_hashes(edited)), 4)
    assert index.add("other", fictional_article(5)) == []
    assert index.add("reworded", REWORDED) == []  # same facts, other words: not a near-duplicate


def test_a_bounded_index_forgets_its_oldest_articles_and_keeps_the_recent_ones() -> None:
    index = DuplicateIndex(capacity=3)
    index.add("wire", WIRE)
    for i in range(3):
        index.add(f"other{i}", fictional_article(i))
    assert len(index.entries) == 3 and "wire" not in {a for a, _ in index.entries.values()}
    edited = WIRE.replace("Rescue teams", "Coastguard teams")
    assert index.add("late copy", edited) == []  # its original has left the index
    assert [m.article_id for m in index.add("copy of the copy", edited)] == ["late copy"]


def test_an_article_indexed_by_its_kept_minhash_is_verified_from_its_text_when_needed() -> None:
    texts = {"wire": WIRE, "other": fictional_article(3)}
    read: list[str] = []

    def text_of(article_id: str) -> str:
        read.append(article_id)
        return texts[article_id]

    index = DuplicateIndex(text_of=text_of)
    for article_id, text in texts.items():
        minhash = minhash_of_signature(Shingles.of(text).signature())
        assert minhash is not None
        index.add_minhash(article_id, minhash)
    assert read == []  # indexing reads no text
    edited = WIRE.replace("Rescue teams", "Coastguard teams")
    matches = index.add("edited", edited)
    assert [m.article_id for m in matches] == ["wire"] and read == ["wire"]
    assert matches[0].jaccard == round(jaccard(shingle_hashes(WIRE), shingle_hashes(edited)), 4)
    assert minhash_of_signature(b"") is None and minhash_of_signature(b"not a signature") is None


def test_families_tell_duplicates_from_translations_and_name_the_wire(tmp_path: Path) -> None:
    pairs = [
        analysed_article("wire", split_sentences(WIRE), ["AFP"]),
        analysed_article("copy", split_sentences(WIRE.replace("Monday night", "Monday evening")), ["AFP"]),
        analysed_article("translated", split_sentences(REWORDED)),
        analysed_article("unrelated", split_sentences(fictional_article(8))),
    ]
    story = StorySentences.of([a for a, _ in pairs], [an for _, an in pairs])
    found = families(story)
    assert len(found) == 1
    family = found[0]
    assert set(family.articles) == {"wire", "copy", "translated"}
    assert family.kind == "translation"  # the loosest link in the family names its kind
    assert family.wire == "AFP"
    sides = {(p.left.article, p.right.article) for p in family.passages}
    assert ("wire", "translated") in sides or ("translated", "wire") in sides


# Four paragraphs of a fictional, long-running story, each in its own words.
UPDATES = [
    "Engineers at the Karavel Dam opened two spillways on Friday after the reservoir rose above its "
    "warning mark for the first time since the dam was finished, the regional water board said.",
    "Villages along the lower Oska valley were told to move livestock to higher ground, and the "
    "school in Brenmark closed its doors so that its gym could shelter families from the riverbank.",
    "By Sunday the water board reported that the level had fallen by forty centimetres, while a "
    "crack found in the eastern retaining wall was being surveyed by divers from the navy.",
    "Insurers began sending assessors to flooded farms on Tuesday, and the agriculture minister "
    "promised that compensation forms would be posted to every household before the end of the month.",
]


def test_updates_that_each_repeat_the_one_before_are_not_one_family() -> None:
    # monday shares a paragraph with tuesday, tuesday one with wednesday; monday and wednesday share
    # nothing: copies of one text are copies of one another, so no family holds both
    texts = {
        "monday": UPDATES[0] + "\n\n" + UPDATES[1],
        "tuesday": UPDATES[1] + "\n\n" + UPDATES[2],
        "wednesday": UPDATES[2] + "\n\n" + UPDATES[3],
    }
    pairs = [analysed_article(name, split_sentences(text)) for name, text in texts.items()]
    found = families(StorySentences.of([a for a, _ in pairs], [an for _, an in pairs]))
    assert [(f.articles, f.kind) for f in found] == [(["monday", "tuesday"], "rewrite")]


def test_the_pair_filter_keeps_every_pair_the_full_comparison_links() -> None:
    texts = {
        "wire": WIRE,
        "copy": WIRE.replace("Monday night", "Monday evening"),
        "translated": REWORDED,
        "monday": UPDATES[0] + "\n\n" + UPDATES[1],
        "tuesday": UPDATES[1] + "\n\n" + UPDATES[2],
        # one long sentence shared among three: a rewrite by its shingles, not by its sentences
        "early": "The river rose again. " + UPDATES[2] + " Ferries stopped running.",
        "late": "Schools reopened on Monday. " + UPDATES[2] + " Roads were cleared.",
        **{f"other{i}": fictional_article(i) for i in range(3)},
    }
    pairs = [analysed_article(name, split_sentences(text)) for name, text in texts.items()]
    story = StorySentences.of([a for a, _ in pairs], [an for _, an in pairs])
    shingle_sets = [shingle_hashes(a.text) for a in story.articles]
    by_article: dict[str, list[int]] = {}
    for index, sentence in enumerate(story.sentences):
        by_article.setdefault(sentence.article_id, []).append(index)
    kept = set(_possible_pairs(story, shingle_sets, by_article))
    articles = story.articles
    linked = {
        (i, j)
        for i in range(len(articles))
        for j in range(i + 1, len(articles))
        if _relation(story, articles[i], articles[j], shingle_sets[i], shingle_sets[j], by_article)[0]
    }
    assert {(0, 1), (0, 2), (3, 4), (5, 6)} <= linked  # duplicate, translation, rewrites
    assert linked <= kept


def test_only_articles_that_can_be_copies_get_sentence_vectors() -> None:
    # the translation (same meaning, other words) passes the lexical filter; independent reports of
    # the story do not, and none of their sentences is embedded
    texts = {"wire": WIRE, "translated": REWORDED, "dam": UPDATES[0] + " " + UPDATES[1], "farms": UPDATES[3]}
    pairs = [analysed_article(name, split_sentences(text)) for name, text in texts.items()]
    story = StorySentences.of([a for a, _ in pairs], [an for _, an in pairs])
    by_article: dict[str, list[int]] = {}
    for index, sentence in enumerate(story.sentences):
        by_article.setdefault(sentence.article_id, []).append(index)
    lexical = _lexical_pairs(story, by_article)
    assert lexical[0, 1] and lexical[1, 0]
    assert not lexical[2:, :].any() and not lexical[:, 2:].any()
    shingle_sets = [shingle_hashes(a.text) for a in story.articles]
    count = len(story.articles)
    space = _same_language_space(story, by_article, shingle_sets, ~np.eye(count, dtype=bool))
    assert set(space.by_article) == {"wire", "translated"}
    embedded = {story.sentences[i].article_id for i in story._some}
    assert embedded == {"wire", "translated"}
    assert [(f.articles, f.kind) for f in families(story)] == [(["wire", "translated"], "translation")]


@pytest.mark.parametrize(
    ("wire", "described"),
    [
        (None, "translation"),
        ("AFP", "translation of an AFP dispatch"),
        ("AP", "translation of an AP dispatch"),
        ("Reuters", "translation of a Reuters dispatch"),
        ("Anadolu", "translation of an Anadolu dispatch"),
        ("TASS", "translation of a TASS dispatch"),
        ("UPI", "translation of a UPI dispatch"),
        ("agencies", "translation of agency copy"),
    ],
)
def test_a_family_says_which_wire_it_copies_in_plain_english(wire: str | None, described: str) -> None:
    assert Family(["a", "b"], "translation", wire=wire).description() == described
