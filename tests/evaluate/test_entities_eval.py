"""`eval entities` on a tiny ECB+-shaped corpus written here: gold selection, system and baseline scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ecb_xml
from storyfuse.evaluate.datasets.ecbplus import load_ecbplus
from storyfuse.evaluate.entities import named_mentions
from storyfuse.evaluate.report import EvalOptions, run_task


def markable(m_id: int, tag: str, tokens: list[int]) -> str:
    anchors = "".join(f'<token_anchor t_id="{t}"/>' for t in tokens)
    return f'<{tag} m_id="{m_id}">{anchors}</{tag}>'


def chain(instance: str, sources: list[int], target: int) -> tuple[str, str]:
    """The instance markable and the cross-document relation tying `sources` to it."""
    source_tags = "".join(f'<source m_id="{s}" />' for s in sources)
    return (
        f'<HUMAN_PART_PER m_id="{target}" RELATED_TO="" TAG_DESCRIPTOR="x" instance_id="{instance}" />',
        f'<CROSS_DOC_COREF r_id="{target}" note="{instance}">{source_tags}'
        f'<target m_id="{target}" /></CROSS_DOC_COREF>',
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    topic = tmp_path / "ECB+" / "1"
    topic.mkdir(parents=True)
    # Document 1: "Mayor Ilsa Brenn opened the bridge . Brenn smiled . She left ."
    first = [
        ["Mayor", "Ilsa", "Brenn", "opened", "the", "bridge", "."],
        ["Brenn", "smiled", "."],
        ["She", "left", "."],
    ]
    instance, relation = chain("HUM1", [1, 2, 3], 90)
    marks = "\n".join([markable(1, "HUMAN_PART_PER", [2, 3]), markable(2, "HUMAN_PART_PER", [8]),
                       markable(3, "HUMAN_PART_PER", [11]), instance])  # fmt: skip
    (topic / "1_1ecb.xml").write_text(ecb_xml("1_1ecb.xml", first, marks, relation))
    # Document 2: "Ilsa Brenn , the mayor , spoke . Mayor Brenn agreed ."
    second = [["Ilsa", "Brenn", ",", "the", "mayor", ",", "spoke", "."], ["Mayor", "Brenn", "agreed", "."]]
    instance, relation = chain("HUM1", [1, 2], 90)
    marks = "\n".join(
        [markable(1, "HUMAN_PART_PER", [1, 2]), markable(2, "HUMAN_PART_PER", [9, 10]), instance]
    )
    (topic / "1_2ecb.xml").write_text(ecb_xml("1_2ecb.xml", second, marks, relation))
    return tmp_path


def test_gold_keeps_names_in_cross_document_chains_and_drops_pronouns(corpus: Path) -> None:
    first, second = load_ecbplus(corpus)
    assert [m.text for m in named_mentions(first)] == ["Ilsa Brenn", "Brenn"]
    assert [m.text for m in named_mentions(second)] == ["Ilsa Brenn", "Mayor Brenn"]


def test_system_joins_the_variants_that_exact_matching_keeps_apart(corpus: Path) -> None:
    report = run_task("entities", corpus, EvalOptions(topics="1"))
    assert report.n == 4
    assert report.system["bcubed_f1"] == pytest.approx(1.0)
    assert report.baseline_name == "exact-string"
    # exact strings: {Ilsa Brenn x2}, {Brenn}, {Mayor Brenn} -> recall (2*2/4 + 1/4 + 1/4) / 4
    assert report.baseline["bcubed_recall"] == pytest.approx((0.5 + 0.5 + 0.25 + 0.25) / 4)
    assert any("BCubed" in note for note in report.notes)


def test_limit_evaluates_fewer_documents(corpus: Path) -> None:
    report = run_task("entities", corpus, EvalOptions(topics="1", limit=1))
    assert report.n == 2


@pytest.mark.parametrize(
    ("mention", "head"),
    [
        ("a bank in Ostrava", "bank"),
        ("Harbour boss", "boss"),
        ("Section 7 of the Coastal Waters Act", "Section"),
        ("at Mt Veller", "Veller"),
        ("Larkspur Recovery, a treatment centre near Dunmore", "Recovery"),
        ("Vell's", "Vell"),
        ("the Tarrow mother of six", "mother"),
        ("12", None),
    ],
)
def test_head_word_is_the_noun_before_what_modifies_it(mention: str, head: str | None) -> None:
    from storyfuse.evaluate.entities import head_word

    assert head_word(mention) == head


def test_gold_keeps_mentions_headed_by_a_name_only() -> None:
    """A description that contains a name is no name; capitals in a title-case headline or at a
    sentence's start make a name only of a word the document never writes in lower case."""
    from storyfuse.evaluate.datasets.ecbplus import EcbDocument, EcbMention
    from storyfuse.evaluate.entities import named_mentions

    text = (
        "Teen Driver Held After Crash Near Ostrava Bridge\n"
        "Police said a teen driver, Ada Vell, hit a bank in Ostrava.\n"
        "Vell was the Harbour boss's niece."
    )
    spans = ["Teen Driver", "Ostrava Bridge", "Ada Vell", "a bank in Ostrava", "Vell", "Harbour boss"]
    document = EcbDocument("1_1ecb", 1, "ecb", text)
    document.mentions = []
    offset = 0
    for i, name in enumerate(spans):
        offset = text.index(name, offset)
        document.mentions.append(
            EcbMention(str(i), "HUMAN_PART_PER", name, [], 0, "HUM1", offset, offset + len(name))
        )
    assert [m.text for m in named_mentions(document)] == ["Ostrava Bridge", "Ada Vell", "Vell"]
