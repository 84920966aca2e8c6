"""PolNeAR (Newell, Margolin & Ruths 2018): news articles with attribution annotations in brat standoff.

Each `<split>/text/NAME.txt` has an `<split>/attributions/NAME.ann` whose text-bound lines
(`T1<TAB>Content 393 479;481 500<TAB>…`) mark source, cue and content spans by character offsets into
the text, and whose event lines (`E1<TAB>Attribution:T4 Source:T3 Content:T2 Cue:T1`) tie them into one
attribution. Only the train and dev splits are read; the test split is held out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from storyfuse.errors import StoryfuseError

SPLITS = ("train", "dev")
Span = tuple[int, int]
_SPAN = re.compile(r"^(\d+) (\d+)$")


@dataclass
class GoldAttribution:
    content: list[Span]  # the words attributed (possibly in pieces)
    source: list[Span] = field(default_factory=list)  # who they are attributed to; empty when unstated


@dataclass
class PolnearArticle:
    name: str
    text: str
    attributions: list[GoldAttribution]


def load_polnear(data: Path, split: str = "dev") -> list[PolnearArticle]:
    """The articles of one split (train or dev) in name order; `data` is the corpus folder or the split's."""
    if split not in SPLITS:
        raise StoryfuseError(f"PolNeAR split {split!r} is not one of {', '.join(SPLITS)}")
    folder = data if (data / "text").is_dir() else data / split
    texts = folder / "text"
    if not texts.is_dir():
        raise StoryfuseError(f"{data}: no PolNeAR {split}/text folder (expected the polnear corpus folder)")
    # An annotation file is named after its article and its annotator: NAME_4e07.ann
    annotated = {p.stem.rsplit("_", 1)[0]: p for p in sorted((folder / "attributions").glob("*.ann"))}
    articles = [
        PolnearArticle(
            path.stem,
            path.read_text(encoding="utf-8"),
            parse_ann(annotated[path.stem].read_text(encoding="utf-8")),
        )
        for path in sorted(texts.glob("*.txt"))
        if path.stem in annotated
    ]
    if not articles:
        raise StoryfuseError(f"{folder}: no article of text/ has its annotations in attributions/")
    return articles


def parse_ann(text: str) -> list[GoldAttribution]:
    """The attributions of one brat file that have a content span."""
    spans: dict[str, list[Span]] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if fields[0].startswith("T"):
            kind_and_spans = fields[1].split(" ", 1)
            if len(kind_and_spans) != 2:
                continue
            pieces = [_SPAN.match(piece.strip()) for piece in kind_and_spans[1].split(";")]
            spans[fields[0]] = [(int(m.group(1)), int(m.group(2))) for m in pieces if m]
        elif fields[0].startswith("E"):
            roles = dict(part.split(":", 1) for part in fields[1].split() if ":" in part)
            events.append(roles)
    return [
        GoldAttribution(content=spans[roles["Content"]], source=spans.get(roles.get("Source", ""), []))
        for roles in events
        if roles.get("Content") in spans
    ]
