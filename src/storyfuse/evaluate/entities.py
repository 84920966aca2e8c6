"""`storyfuse eval entities`: cross-document canonicalisation of named-entity mentions on ECB+.

Gold: the entity mentions of ECB+ (tags HUMAN_PART_*, LOC_*, NON_HUMAN_PART*) that are names and
belong to a cross-document chain, clustered by chain, topic by topic. A mention is a name when it
holds a capitalised word that is not its sentence's first word, or whose word the document also
writes capitalised mid-sentence; pronouns are not names, nor are pronouns with a clitic ("I'm" is one
ECB+ token; before this check, nine such mentions in topics 1-35 counted as names).
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
        baseline=_scores(baseline, gold),
        notes=[
            f"{len(topics)} topics, {len(documents)} documents, {len(gold)} named entity mentions in "
            f"{len(set(gold))} gold cross-document chains",
            "gold: ECB+ entity mentions (HUMAN_PART_*, LOC_*, NON_HUMAN_PART*) that are names (a capitalised "
            "word other than a sentence's first, or one the document also capitalises mid-sentence; no "
            "pronouns) and belong to a cross-document chain; clustered by chain within each topic",
            "system: synthesise.entities canonicaliser per topic over the same mention strings as one story, "
            "labels from spaCy NER on each document, documents as context; baseline: exact string, "
            "case-insensitive; BCubed over mentions",
            f"canonicalisation time {seconds:.2f} s of {elapsed:.2f} s (spaCy labelling excluded)",
            *([f"no folder for requested topic(s) {','.join(map(str, absent))}"] if absent else []),
        ],
    )


def named_mentions(document: EcbDocument) -> list[EcbMention]:
    """The document's entity mentions that are names and belong to a cross-document chain."""
    lines = document.text.split("\n")
    capitalised_mid = {w for line in lines for w in _WORD.findall(line)[1:] if w[:1].isupper()}
    kept = []
    for m in document.mentions:
        if not m.tag.startswith(ENTITY_TAG_PREFIXES) or not m.chain or "#" in m.chain or m.start is None:
            continue
        words = _WORD.findall(m.text)
        if not words or all(_CLITIC.sub("", w.lower()) in PRONOUNS for w in words):
            continue
        line_start = document.text.rfind("\n", 0, m.start) + 1
        first_of_sentence = not document.text[line_start : m.start].strip(" \"'“‘(")
        if any(
            w[:1].isupper()
            and _CLITIC.sub("", w.lower()) not in PRONOUNS
            and (i > 0 or not first_of_sentence or w in capitalised_mid)
            for i, w in enumerate(words)
        ):
            kept.append(m)
    return kept


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
