"""Reads ECB+ token XML: plain text per document, its gold event (topic, half), mentions and coref chains."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml import etree

from storyfuse.errors import BadInput, StoryfuseError

Half = Literal["ecb", "ecbplus"]

_FILE_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")
_TOPIC_PART = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")

# Detokenisation: tokens glued to the previous one, tokens the next one is glued to.
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", "%", ")", "]", "}", "''", "”", "’", "...", "…"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "“", "‘", "#"}
_CLITICS = {
    "'s", "'S", "n't", "N'T", "'re", "'ve", "'ll", "'d", "'m", "’s", "n’t", "’re", "’ve", "’ll", "’d", "’m",
}  # fmt: skip
_QUOTE_SPELLING = {"``": '"', "''": '"'}


def detokenise(tokens: Sequence[str]) -> str:
    """Join PTB-style tokens into readable text ("her rep , '' he" -> `her rep," he`)."""
    return detokenise_with_spans(tokens)[0]


def detokenise_with_spans(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int] | None]]:
    """Readable text and each token's character span in it (None for blank tokens, which are dropped)."""
    parts: list[str] = []
    spans: list[tuple[int, int] | None] = []
    length = 0
    glue_next = False
    inside_plain_quote = False  # a bare " opens or closes depending on how many came before
    for token in tokens:
        if not token.strip():
            spans.append(None)
            continue
        glue = glue_next or token in _NO_SPACE_BEFORE or token in _CLITICS
        glue_next = token in _NO_SPACE_AFTER
        if token == '"':
            if inside_plain_quote:
                glue = True
            else:
                glue_next = True
            inside_plain_quote = not inside_plain_quote
        if parts and not glue:
            parts.append(" ")
            length += 1
        shown = _QUOTE_SPELLING.get(token, token)
        parts.append(shown)
        spans.append((length, length + len(shown)))
        length += len(shown)
    return "".join(parts), spans


@dataclass
class EcbMention:
    """One annotated mention (event or entity) anchored to tokens of its document."""

    m_id: str
    tag: str  # e.g. ACTION_OCCURRENCE, HUMAN_PART_PER, LOC_GEO
    text: str  # the detokenised token span
    token_ids: list[int]
    sentence: int
    chain: str | None  # cross-document instance id, an intra-document chain id, or None (singleton)
    # Character offsets into EcbDocument.text (for a discontinuous mention, the span around all its
    # tokens); None inside the removed URL line.
    start: int | None = None
    end: int | None = None


@dataclass
class EcbDocument:
    """One ECB+ document as plain text, with what its annotation says."""

    name: str  # file name without .xml, e.g. "1_10ecbplus"
    topic: int
    half: Half  # "ecb" (the original corpus) or "ecbplus" (the second event of the topic)
    text: str  # sentences detokenised, one per line; ecbplus source URLs are kept apart in `url`
    url: str | None = None
    mentions: list[EcbMention] = field(default_factory=list)

    @property
    def gold_event(self) -> str:
        """Each topic holds two seminal events: the ecb documents' and the ecbplus documents'."""
        return f"{self.topic}{self.half}"


def parse_topics(spec: str) -> list[int]:
    """Topic numbers of a range spec such as "1-35" or "1,3,5-7", in ascending order."""
    topics: set[int] = set()
    for part in spec.split(","):
        match = _TOPIC_PART.match(part)
        if match is None:
            raise StoryfuseError(f"bad topic range {spec!r}: use numbers and ranges like 1-35 or 1,3,5-7")
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if high < low:
            raise StoryfuseError(f"bad topic range {spec!r}: {low}-{high} runs backwards")
        topics.update(range(low, high + 1))
    return sorted(topics)


def corpus_root(data: Path) -> Path:
    """The folder holding the numbered topic folders: `data` itself or its `ECB+` subfolder."""
    nested = data / "ECB+"
    return nested if nested.is_dir() else data


def topic_folders(data: Path, topics: str | None) -> tuple[list[Path], list[int]]:
    """The topic folders to read (requested ones, or every numbered folder) and requested topics not present.

    ECB+ itself has no topics 15 and 17, so a range may name absent topics; none present is an error.
    """
    root = corpus_root(data)
    if not root.is_dir():
        raise StoryfuseError(f"{data}: not a folder of ECB+ topic folders")
    present = {int(p.name): p for p in root.iterdir() if p.is_dir() and p.name.isdigit()}
    wanted = sorted(present) if topics is None else parse_topics(topics)
    found = [present[t] for t in wanted if t in present]
    if not found:
        asked = "" if topics is None else f" for topics {topics}"
        raise StoryfuseError(f"{data}: no numbered ECB+ topic folders{asked}")
    return found, [t for t in wanted if t not in present]


def load_ecbplus(data: Path, topics: str | None = None) -> list[EcbDocument]:
    """Every ECB+ document of the chosen topics, ordered by topic, half and document number."""
    documents: list[EcbDocument] = []
    for folder in topic_folders(data, topics)[0]:
        paths = [p for p in folder.glob("*.xml") if _FILE_NAME.match(p.name)]
        documents.extend(read_ecbplus_document(p) for p in sorted(paths, key=_document_order))
    return documents


def _document_order(path: Path) -> tuple[int, str, int]:
    match = _FILE_NAME.match(path.name)
    assert match is not None  # callers filtered on the same pattern
    return int(match.group(1)), match.group(3), int(match.group(2))


def read_ecbplus_document(path: Path) -> EcbDocument:
    """Parse one ECB+ XML file; BadInput when the name or the XML is not ECB+."""
    match = _FILE_NAME.match(path.name)
    if match is None:
        raise BadInput(f"{path}: not an ECB+ file name (expected e.g. 1_10ecb.xml or 1_10ecbplus.xml)")
    half: Half = "ecbplus" if match.group(3) == "ecbplus" else "ecb"
    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise BadInput(f"{path}: not readable XML ({error})") from error

    tokens: dict[int, tuple[int, str]] = {}  # t_id -> (sentence, token text)
    for token in root.iter("token"):
        try:
            tokens[int(token.get("t_id", ""))] = (int(token.get("sentence", "")), token.text or "")
        except ValueError as error:
            raise BadInput(f"{path}: token without numeric t_id/sentence") from error
    if not tokens:
        raise BadInput(f"{path}: no tokens")

    sentences: dict[int, list[int]] = defaultdict(list)  # sentence -> its t_ids in order
    for t_id in sorted(tokens):
        sentences[tokens[t_id][0]].append(t_id)
    url: str | None = None
    # ecbplus files carry the page URL as sentence 0; it is not article text (and would give the half away).
    first = min(sentences)
    if half == "ecbplus" and tokens[sentences[first][0]][1].lower() in {"http", "https", "www"}:
        url = "".join(tokens[t][1] for t in sentences.pop(first))

    lines: list[str] = []
    token_spans: dict[int, tuple[int, int]] = {}  # t_id -> character span in the document text
    offset = 0
    for sentence in sorted(sentences):
        line, spans = detokenise_with_spans([tokens[t][1] for t in sentences[sentence]])
        for t_id, span in zip(sentences[sentence], spans, strict=True):
            if span is not None:
                token_spans[t_id] = (offset + span[0], offset + span[1])
        lines.append(line)
        offset += len(line) + 1  # the newline between sentences

    return EcbDocument(
        name=path.stem,
        topic=int(match.group(1)),
        half=half,
        text="\n".join(lines),
        url=url,
        mentions=_mentions(root, tokens, token_spans),
    )


def _mentions(
    root: etree._Element, tokens: dict[int, tuple[int, str]], token_spans: dict[int, tuple[int, int]]
) -> list[EcbMention]:
    markables = root.find("Markables")
    if markables is None:
        return []
    instance_of: dict[str, str] = {}  # m_id of an instance markable (no anchors) -> its instance id
    anchored: list[tuple[str, str, list[int]]] = []
    for markable in markables:
        if not isinstance(markable.tag, str):
            continue  # comments
        m_id = markable.get("m_id", "")
        anchors = [int(a.get("t_id", "-1")) for a in markable.iter("token_anchor")]
        anchors = [t for t in anchors if t in tokens]
        if anchors:
            anchored.append((m_id, markable.tag, sorted(anchors)))
        elif markable.get("instance_id"):
            instance_of[m_id] = markable.get("instance_id", "")

    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else []:
        if relation.tag not in {"CROSS_DOC_COREF", "INTRA_DOC_COREF"}:
            continue
        target = relation.find("target")
        target_id = target.get("m_id", "") if target is not None else ""
        if relation.tag == "CROSS_DOC_COREF":
            chain = instance_of.get(target_id) or relation.get("note") or ""
        else:
            # Intra-document chains have no instance id; name them after the document and target.
            chain = f"{root.get('doc_name', '')}#{target_id}"
        for source in relation.iter("source"):
            chain_of[source.get("m_id", "")] = chain

    mentions: list[EcbMention] = []
    for m_id, tag, anchors in anchored:
        spans = [token_spans[t] for t in anchors if t in token_spans]
        mentions.append(
            EcbMention(
                m_id=m_id,
                tag=tag,
                text=detokenise([tokens[t][1] for t in anchors]),
                token_ids=anchors,
                sentence=tokens[anchors[0]][0],
                chain=chain_of.get(m_id) or None,
                start=min(s for s, _ in spans) if spans else None,
                end=max(e for _, e in spans) if spans else None,
            )
        )
    return mentions
