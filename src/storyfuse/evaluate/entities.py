"""`storyfuse eval entities`: cross-document canonicalisation of named-entity mentions on ECB+.

Gold: the entity mentions of ECB+ (tags HUMAN_PART_*, LOC_*, NON_HUMAN_PART*) that are names and
belong to a cross-document chain, clustered by chain, topic by topic. ECB+ does not mark which
mentions are names, so a mention is a name when its head word is one, as ACE tells a name (NAM) from a
description (NOM): "Mafia boss", "a bank in Athens" and "Brooklyn mother of 12" describe someone with
the help of another name. The head is the last word before what modifies the noun from behind (a
comma, a bracket, a preposition or relative word in lower case). It is a name when it is capitalised;
at the start of a sentence or in a headline written in title case or capitals, where every word is
capitalised, only when the document never writes it in lower case ("Driver", "Teen", "MAN" are not).
Pronouns are never names, nor pronouns with a clitic ("I'm" is one ECB+ token).
System: the story canonicaliser (`synthesise.entities.resolve_entities`) run per topic over those
mention strings as if they were NER mentions of one story, each with the spaCy NER label of the
entity it overlaps in its document (none when spaCy found nothing there) and its document as context.
Baseline: exact-string matching (case-insensitive, surrounding whitespace ignored).
Score: BCubed over mentions, summed over topics (mentions of different topics never meet).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

from storyfuse.evaluate.datasets.ecbplus import EcbDocument, EcbMention, load_ecbplus, topic_folders
from storyfuse.evaluate.metrics import bcubed
from storyfuse.evaluate.report import EvalOptions, EvalReport
from storyfuse.model import Mention

BASELINE_NAME = "exact-string"
ENTITY_TAG_PREFIXES = ("HUMAN_PART", "LOC_", "NON_HUMAN_PART")
PRONOUNS = {
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "its",
    "they", "them", "their", "who", "whom", "whose", "which", "that", "this", "these", "those", "there",
    "here", "where", "herself", "himself", "itself", "themselves", "ourselves", "yourself",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_CLITIC = re.compile(r"['’](?:m|d|s|re|ve|ll)$")  # "I'm", "he's": a pronoun with a verb glued on
# The gold's own small word lists, kept apart from the system's so that the gold does not move with it.
_HEAD_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*|\d[\w.-]*|[,(]")
_BEFORE_HEAD = {
    "a", "an", "the", "his", "her", "their", "its", "this", "one", "another", "in", "on", "at", "of",
    "near", "off", "from", "for", "with", "along", "alongside", "outside", "inside", "around", "by",
    "to", "into", "behind", "across", "under",
}  # fmt: skip
_AFTER_HEAD = _BEFORE_HEAD - {"a", "an", "the", "his", "her", "their", "its", "this", "one", "another"} | {
    "who", "which", "that", "where", "whose", "just", "between", "over", "after", "before", "during",
}  # fmt: skip
# A title-case headline: this share of its words of four letters or more are capitalised.
HEADLINE_CAPITALS = 0.85


def run(data: Path, options: EvalOptions) -> EvalReport:
    documents = load_ecbplus(data, options.topics)
    absent = topic_folders(data, options.topics)[1]
    if options.limit is not None:
        documents = documents[: options.limit]
    topics = sorted({d.topic for d in documents})
    labelled = [(d, named_mentions(d)) for d in documents]
    labels = ner_labels(labelled)
    gold: list[str] = []
    system: list[str] = []
    baseline: list[str] = []
    start = time.perf_counter()
    seconds = 0.0
    for topic in topics:
        in_topic = [(d, ms) for d, ms in labelled if d.topic == topic]
        mentions = [
            Mention(d.name, m.text, labels.get((d.name, m.m_id), ""), m.start or 0, m.end or 0, m.sentence)
            for d, ms in in_topic
            for m in ms
        ]
        if not mentions:
            continue
        gold.extend(f"{topic}:{m.chain}" for _, ms in in_topic for m in ms)
        baseline.extend(f"{topic}:{m.text.strip().lower()}" for m in mentions)
        started = time.perf_counter()
        system.extend(
            f"{topic}:{label}" for label in canonical_labels(mentions, {d.name: d.text for d, _ in in_topic})
        )
        seconds += time.perf_counter() - started
    elapsed = time.perf_counter() - start
    return EvalReport(
        task="entities",
        n=len(gold),
        system={**_scores(system, gold), "mentions_per_s": len(gold) / seconds if seconds else 0.0},
        baseline_name=BASELINE_NAME,
        baseline=_scores(baseline, gold) if options.baseline else {},
        notes=[
            f"{len(topics)} topics, {len(documents)} documents, {len(gold)} named entity mentions in "
            f"{len(set(gold))} gold cross-document chains",
            "gold: ECB+ entity mentions (HUMAN_PART_*, LOC_*, NON_HUMAN_PART*) whose head word is a name "
            "(capitalised; at a sentence's start or in a title-case headline, a word the document never "
            "writes in lower case; no pronouns) and that belong to a cross-document chain; clustered by "
            "chain within each topic",
            "system: synthesise.entities canonicaliser per topic over the same mention strings as one story, "
            "labels from spaCy NER on each document, documents as context; baseline: exact string, "
            "case-insensitive; BCubed over mentions",
            f"canonicalisation time {seconds:.2f} s of {elapsed:.2f} s (spaCy labelling excluded)",
            *([f"no folder for requested topic(s) {','.join(map(str, absent))}"] if absent else []),
        ],
    )


def named_mentions(document: EcbDocument) -> list[EcbMention]:
    """The document's entity mentions that are names and belong to a cross-document chain."""
    lower_case = {w for w in _WORD.findall(document.text) if w[:1].islower()}
    kept = []
    for m in document.mentions:
        if not m.tag.startswith(ENTITY_TAG_PREFIXES) or not m.chain or "#" in m.chain or m.start is None:
            continue
        head = head_word(m.text)  # a mention of pronouns only has a pronoun for its head, or none
        if head is None or not head[:1].isupper() or _CLITIC.sub("", head.lower()) in PRONOUNS:
            continue
        line_start = document.text.rfind("\n", 0, m.start) + 1
        line_end = document.text.find("\n", m.start)
        line = document.text[line_start : line_end if line_end >= 0 else len(document.text)]
        head_start = m.start + m.text.rfind(head)
        first_of_sentence = not document.text[line_start:head_start].strip(" \"'“‘(")
        if (first_of_sentence or _headline(line)) and head.lower() in lower_case:
            continue
        kept.append(m)
    return kept


def head_word(text: str) -> str | None:
    """The noun a mention is about: the last word before its modifiers that follow ("a bank in Athens"
    -> bank, "Matanuska Maid Dairy" -> Dairy); numbers are skipped ("Section 7" -> Section)."""
    chunk: list[str] = []
    for token in _HEAD_TOKEN.findall(text):
        if not chunk and token.lower() in _BEFORE_HEAD:
            continue
        if chunk and (token in {",", "("} or token in _AFTER_HEAD):
            break
        chunk.append(token)
    words = [t for t in chunk if t[:1].isalpha()]
    return re.sub(r"['’]s?$", "", words[-1]) if words else None


def _headline(line: str) -> bool:
    """A line in title case or capitals, where capitals tell nothing about names."""
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    return len(words) >= 2 and sum(w[:1].isupper() for w in words) >= HEADLINE_CAPITALS * len(words)


def ner_labels(labelled: Sequence[tuple[EcbDocument, list[EcbMention]]]) -> dict[tuple[str, str], str]:
    """(document, mention id) -> label of the spaCy entity overlapping the mention, from one NER pass."""
    from storyfuse.analyse.models import spacy_pipeline
    from storyfuse.analyse.sentences import ENTITY_LABELS

    nlp = spacy_pipeline()
    labels: dict[tuple[str, str], str] = {}
    jobs = [(d.text, i) for i, (d, ms) in enumerate(labelled) if ms]
    for doc, i in nlp.pipe(jobs, as_tuples=True, batch_size=64):
        document, mentions = labelled[i]
        entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS]
        for m in mentions:
            assert m.start is not None and m.end is not None
            overlapping = [label for s, e, label in entities if s < m.end and m.start < e]
            if overlapping:
                labels[(document.name, m.m_id)] = overlapping[0]
    return labels


def canonical_labels(mentions: Sequence[Mention], texts: dict[str, str]) -> list[str]:
    from storyfuse.synthesise.entities import resolve_entities

    resolved = resolve_entities(mentions, texts)
    return [
        f"e{id(resolved.by_mention[i])}" if i in resolved.by_mention else f"alone{i}"
        for i in range(len(mentions))
    ]


def _scores(predicted: Sequence[str], gold: Sequence[str]) -> dict[str, float]:
    b3 = bcubed(predicted, gold)
    return {
        "bcubed_precision": b3.precision,
        "bcubed_recall": b3.recall,
        "bcubed_f1": b3.f1,
        "clusters": float(len(set(predicted))),
    }
