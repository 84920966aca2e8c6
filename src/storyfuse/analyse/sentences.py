"""Sentences and named-entity mentions of articles, from one spaCy pass over their paragraphs.

Each article goes through the pipeline of its language (`models.language_pipeline`); where no model
finds entities, its names are read from capitalisation (`names.py`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from storyfuse.analyse.models import language_pipeline
from storyfuse.analyse.names import capitalised_names
from storyfuse.analyse.split import RUN_IN_LANGUAGES, run_in_starts
from storyfuse.extract.patterns import dateline_length
from storyfuse.model import Article, Mention, Sentence

if TYPE_CHECKING:
    from spacy.language import Language

# Labels worth keeping as mentions; numbers and dates are handled by their own stages.
ENTITY_LABELS = {
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "MISC",
}  # fmt: skip
LABELS = {"PER": "PERSON"}  # the WikiNER labels of the French, Spanish... models, in OntoNotes' words
PARAGRAPH_SEPARATOR = "\n\n"  # how Article.text joins blocks
# spaCy's memory grows with the words of a batch, not its paragraphs: 256 paragraphs that are whole
# 1,300-word articles peaked at 2.3 GB, where 64 news paragraphs of 40 words are best for speed.
BATCH_WORDS = 5_000
BATCH_PARAGRAPHS = 64


def sentences_and_mentions(articles: Sequence[Article]) -> list[tuple[list[Sentence], list[Mention]]]:
    """For each article, its sentences (never crossing a paragraph) and its entity mentions.

    Offsets refer to `Article.text`. All paragraphs of the batch in one language go through spaCy in
    one `pipe` call.
    """
    results: list[tuple[list[Sentence], list[Mention]]] = [([], []) for _ in articles]
    by_language: dict[str | None, list[int]] = {}
    for a_index, article in enumerate(articles):
        by_language.setdefault(article.language, []).append(a_index)
    for language, indexes in by_language.items():
        nlp, finds_entities = language_pipeline(language)
        _analyse(nlp, finds_entities, language, articles, indexes, results)
    return results


def _analyse(
    nlp: Language,
    finds_entities: bool,
    language: str | None,
    articles: Sequence[Article],
    indexes: Sequence[int],
    results: list[tuple[list[Sentence], list[Mention]]],
) -> None:
    jobs: list[tuple[str, tuple[int, int]]] = []  # (paragraph text, (article index, paragraph offset))
    for a_index in indexes:
        article = articles[a_index]
        offset = 0
        for block in article.body:
            jobs.append((block.text, (a_index, offset)))
            offset += len(block.text) + len(PARAGRAPH_SEPARATOR)
    docs = (doc for batch in _batches(jobs) for doc in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)))
    for doc, (a_index, offset) in docs:
        article_id = articles[a_index].id
        sentences, mentions = results[a_index]
        joined = 0  # sentences of the paragraph joined to the last one, which opened a quote
        paragraph_first = len(sentences)
        dateline = dateline_length(doc.text)
        for sent in doc.sents:
            text = sent.text.strip()
            start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            if start - offset < dateline:
                # "GENEVA (Reuters) - Top diplomats met …": the sentence is what follows the dateline,
                # which a splitter may also have made a sentence of its own ("LORIENT (AFP)", "- La …")
                cut = min(dateline - (start - offset), len(text))
                text, start = text[cut:], start + cut
            if not text:
                continue
            first_piece = len(sentences)
            for piece_start, piece in _pieces(text, start, language):
                last = sentences[-1] if len(sentences) > paragraph_first else None
                if last is not None and joined < MAX_QUOTE_SENTENCES - 1 and _opens_quote(last.text):
                    # “People did not vote against anyone. They voted to be heard,” she said: one sentence
                    end = piece_start + len(piece)
                    last.text = doc.text[last.start - offset : end - offset]
                    last.end = end
                    joined += 1
                else:
                    sentences.append(
                        Sentence(article_id, len(sentences), piece, piece_start, piece_start + len(piece))
                    )
                    joined = 0
            pieces = sentences[max(first_piece - 1, paragraph_first) :]  # with the one a piece joined
            if finds_entities:
                found = [
                    (ent.start_char, ent.end_char, LABELS.get(ent.label_, ent.label_)) for ent in sent.ents
                ]
            else:
                at = start - offset  # the sentence's place in the paragraph, past any dateline
                found = [(at + a, at + b, label) for a, b, label in capitalised_names(text, language)]
            for ent_start, ent_end, label in found:
                # A dateline's place and agency are no part of the prose ("ARDEN" there is NER's ORG).
                if label in ENTITY_LABELS and offset + ent_start >= start:
                    holder = next((p for p in reversed(pieces) if p.start <= offset + ent_start), pieces[-1])
                    # a name read across a run-in line's end ("Adobe Reader She said") ends with the line
                    ent_end = min(ent_end, holder.end - offset)
                    name = doc.text[ent_start:ent_end].rstrip()
                    if name:
                        mentions.append(
                            Mention(
                                article_id,
                                name,
                                label,
                                offset + ent_start,
                                offset + ent_start + len(name),
                                holder.index,
                            )
                        )


def _pieces(text: str, start: int, language: str | None) -> list[tuple[int, str]]:
    """(start, text) of the sentences in one sentence of the splitter's: more than one where a flattened
    page ran a line without its full stop into the next sentence (`split.RUN_IN`)."""
    if language not in RUN_IN_LANGUAGES:
        return [(start, text)]
    cuts = [0, *run_in_starts(text), len(text)]
    pieces = [(start + a, text[a:b].rstrip()) for a, b in itertools.pairwise(cuts)]
    return [(at, piece) for at, piece in pieces if piece]


def _batches(jobs: Sequence[tuple[str, tuple[int, int]]]) -> Iterator[list[tuple[str, tuple[int, int]]]]:
    """Paragraphs in input order, in batches of at most BATCH_PARAGRAPHS and about BATCH_WORDS words."""
    batch: list[tuple[str, tuple[int, int]]] = []
    words = 0
    for job in jobs:
        batch.append(job)
        words += job[0].count(" ") + 1
        if len(batch) >= BATCH_PARAGRAPHS or words >= BATCH_WORDS:
            yield batch
            batch, words = [], 0
    if batch:
        yield batch


MAX_QUOTE_SENTENCES = 4  # a quote running longer is cut into sentences as spaCy splits it


def _opens_quote(text: str) -> bool:
    """Whether the sentence leaves a quotation open: more “ than ” (German and Polish: „ than “ or ”),
    more « than », or an odd number of straight quotes. A French splitter leaves « alone a sentence."""
    if "„" in text:
        return text.count("„") > text.count("“") + text.count("”")
    return text.count("“") > text.count("”") or text.count("«") > text.count("»") or text.count('"') % 2 == 1
