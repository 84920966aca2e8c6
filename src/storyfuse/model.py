"""The data classes every stage passes along, and the story-JSON (de)serialisation.

Stages are plain functions over these classes. JSON appears only at the edges
(store, CLI, API); inside, everything is a dataclass.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

InputFormat = Literal["text", "html"]
BlockKind = Literal["paragraph", "heading"]
FamilyKind = Literal["duplicate", "rewrite", "translation"]
Granularity = Literal["day", "month", "year"]


# --- ingest -----------------------------------------------------------------


@dataclass
class RawDocument:
    """One article as a reader found it, before any cleaning."""

    origin: str  # file path (with `#n` for the n-th record of a multi-record file) or URL
    content: str  # decoded text or HTML
    format: InputFormat
    url: str | None = None
    title: str | None = None  # given by the input (JSONL field, feed entry), not guessed
    published: str | None = None  # given by the input, as written
    source: str | None = None  # given by the input
    crawled: str | None = None  # when the page was fetched (WARC date), ISO 8601
    native_id: str | None = None  # an id the input suggests (file stem, JSONL `id`)


@dataclass
class InputProblem:
    """A piece of input that could not be read; reported in one line, never fatal alone."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


# --- extract ----------------------------------------------------------------


@dataclass
class Block:
    """One paragraph or heading of an article body."""

    text: str
    kind: BlockKind = "paragraph"


# The one scale of DateGuess.confidence, by how the date was found (extract/metadata.py, html_meta.py):
# 0.9 the input's own field; 0.85 a dateline or a "Published on" line; 0.7-0.8 meta tags, JSON-LD,
# htmldate, a weekday date the page's own year supports; 0.6 a URL or a page-header date; 0.4-0.5 a
# banner or the latest date of embedded posts.
STATED_DATE = 0.7  # from here the article states the date of itself: linking trusts it (link/features.py)
USABLE_DATE = 0.5  # from here synthesis takes it as the article's day as it is (synthesise/reference_date.py)

# Width of a sentence vector (all-MiniLM-L6-v2): the encoder writes it, the store keeps rows of it.
SENTENCE_VECTOR_WIDTH = 384
# The precision the store keeps sentence vectors in (half the space; cosines change by < 0.001). Synthesis
# rounds the vectors it computes to it, so that a story reads the same numbers whether its vectors were
# kept from before or are new: near ties (which of two sentences heads a timeline date) then fall alike.
SENTENCE_VECTOR_DTYPE = "float16"


@dataclass
class DateGuess:
    """A publication or reference date with how it was found and how sure we are (see STATED_DATE)."""

    value: str  # ISO date, YYYY-MM-DD
    method: str  # e.g. "html-meta", "dateline", "weekday+month", "input"
    confidence: float  # 0..1


@dataclass
class Extracted:
    """What the extract stage makes of a RawDocument."""

    title: str | None
    body: list[Block]
    source: str | None = None
    language: str | None = None
    published: DateGuess | None = None
    credits: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # clutter lines taken out, kept for inspection
    notes: list[str] = field(default_factory=list)  # bounds that cut the input (storyfuse.bounds): warnings
    authors: list[str] = field(default_factory=list)  # bylines the page or text names
    # Which extractor found the body: "trafilatura", "trafilatura-recall" (fallback), "text-cleaner".
    method: str = "text-cleaner"

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.body)


# --- stored article ------------------------------------------------------------


@dataclass
class Article:
    """An ingested, cleaned article as the store holds it."""

    id: str
    origin: str
    format: InputFormat
    content_hash: str
    title: str | None
    body: list[Block]
    url: str | None = None
    source: str | None = None
    language: str | None = None
    published: DateGuess | None = None
    credits: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.body)

    @property
    def path(self) -> str | None:
        """The file the article came from, when it came from a file (not a URL)."""
        if self.origin.startswith(("http://", "https://", "-")):
            return None
        return self.origin


# --- analyse ------------------------------------------------------------------


@dataclass
class Sentence:
    article_id: str
    index: int
    text: str
    start: int  # character offsets into Article.text
    end: int


@dataclass
class Mention:
    """A named-entity mention found by NER."""

    article_id: str
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, ...
    start: int
    end: int
    sentence: int


@dataclass
class NameCandidate:
    """A mention cleaned and typed in its article's context (synthesise/entities.py), before the story
    groups it: the name as an alias shows it, the type, and the cues its article gives."""

    mention: int  # index into Analysis.mentions
    text: str  # the part of the mention it is (NER runs lists together: "the Atlantic, Arctic")
    start: int
    end: int
    surface: str  # cleaned: no determiner, possessive, honorific, title or nickname
    kind: str  # PERSON, PLACE, ORG, NORP or another NER label
    role: str | None = None  # a title written beside it: "Kremlin spokesman"
    acronym: str | None = None  # "(INF)" after it
    nickname: str | None = None  # one folded word written inside the name
    mid_sentence: bool = False  # after another word of its sentence: its capitals are a name's
    located: bool = False  # after "at", "in": somewhere
    common: bool = False  # a word of it is written in lower case elsewhere in the article
    speaks: bool = False  # the subject of a speech verb
    possessive: bool = False  # written with "'s"


@dataclass
class QuantityCandidate:
    """A quantity one sentence of an article states (synthesise/figures.py), with what it counts."""

    sentence: int  # index into Analysis.sentences
    text: str  # as written: "some 100,000"
    noun: str  # what it counts, normalised: "troops"
    phrase: str  # the counted phrase as written: "troops on the border"
    value: float | None
    low: float | None
    high: float | None
    approximate: bool
    window: str  # the quantity with the words around it
    kind: str  # "level", or "change" for a rise, a fall or a spread


@dataclass
class QuoteCandidate:
    """A quoted span of an article (synthesise/quotes.py) with the cues that do not need the story's
    entities; the speaker is chosen when the story's people are known."""

    text: str
    start: int  # offsets of the marks in Article.text
    end: int
    paragraph: int
    news: bool  # its sentence can be shown as news
    described: str | None  # an unnamed speaker as the article describes them: "a pensioner"


@dataclass
class Candidates:
    """What synthesis reads of one article that depends on that article alone, found once by the
    analysis pass and stored with it, so a story that grows does not find it again."""

    names: list[NameCandidate] = field(default_factory=list)
    quantities: list[QuantityCandidate] = field(default_factory=list)
    quotes: list[QuoteCandidate] = field(default_factory=list)
    version: int = 0  # of the code that found them (synthesise.CANDIDATES_VERSION): older ones are redone

    def to_json(self) -> str:
        """Compact JSON for the store: each candidate as the list of its fields, in declaration order."""
        return json.dumps(
            {
                "version": self.version,
                "names": [list(vars(c).values()) for c in self.names],
                "quantities": [list(vars(c).values()) for c in self.quantities],
                "quotes": [list(vars(c).values()) for c in self.quotes],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Candidates:
        data = json.loads(text)
        return cls(
            names=[NameCandidate(*row) for row in data["names"]],
            quantities=[QuantityCandidate(*row) for row in data["quantities"]],
            quotes=[QuoteCandidate(*row) for row in data["quotes"]],
            version=data["version"],
        )


@dataclass
class Analysis:
    """Per-article analysis: sentences, mentions and one dense vector for the article."""

    article_id: str
    sentences: list[Sentence]
    mentions: list[Mention]
    embedding: list[float]  # L2-normalised, from title + lead
    candidates: Candidates | None = None  # None: not found yet (an older store); synthesis finds them


# --- story (the story-JSON contract, docs/story-json.md) ------------------------


@dataclass(frozen=True)
class Constraint:
    """A correction made by hand, on articles (link/constraints.py applies them): `together` keeps
    `left` in one story (must-link); `apart` keeps `left` out of any story holding `right` (cannot-link)."""

    kind: Literal["together", "apart"]
    left: tuple[str, ...]
    right: tuple[str, ...] = ()


@dataclass
class StoryArticle:
    id: str
    path: str | None
    url: str | None
    source: str | None
    title: str | None
    published: str | None
    credits: list[str] = field(default_factory=list)


@dataclass
class PassageSide:
    article: str
    text: str


@dataclass
class Passage:
    """Two aligned passages from two articles of a family."""

    left: PassageSide
    right: PassageSide
    similarity: float


@dataclass
class Family:
    articles: list[str]
    kind: FamilyKind
    passages: list[Passage] = field(default_factory=list)
    wire: str | None = None  # the agency the copies come from, when credits say so

    def description(self) -> str:
        """The kind, and the wire when credits name it: "translation of an AFP dispatch"."""
        if not self.wire:
            return self.kind
        if self.wire == "agencies":
            return f"{self.kind} of agency copy"
        # an acronym spelt out letter by letter takes "an" when its first letter sounds like a vowel
        vowel_sound = self.wire[0] in "AEFHILMNORSX" if self.wire.isupper() else self.wire[0] in "AEIOUaeiou"
        return f"{self.kind} of {'an' if vowel_sound else 'a'} {self.wire} dispatch"


@dataclass
class Entity:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    mentions: int = 0
    articles: list[str] = field(default_factory=list)
    id: str | None = None  # the store-wide entity (`/api/entities/{id}`); set when read from a store


@dataclass
class Quote:
    speaker: str | None  # canonical name of the speaker, None when the article names nobody
    text: str
    articles: list[str] = field(default_factory=list)
    described: str | None = None  # an unnamed speaker as the articles describe them: "a pensioner"


@dataclass
class FigureValue:
    text: str
    value: float | None  # best single number; None when only a range is known
    articles: list[str] = field(default_factory=list)
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    reported: str | None = None  # the first day (YYYY-MM-DD) an article gave this value, if dated
    disputed: bool = False  # another article gives an incompatible value of it for the same time


@dataclass
class Figure:
    subject: str
    values: list[FigureValue] = field(default_factory=list)
    conflict: bool = False  # some values are disputed

    @property
    def series(self) -> bool:
        """Its values were reported on more than one day: a series over time, read in day order."""
        return len({value.reported for value in self.values if value.reported}) > 1

    def ordered_values(self) -> list[FigureValue]:
        """Its values as a reader takes them in: a series by the day each was reported, else as given."""
        if not self.series:
            return list(self.values)
        return sorted(self.values, key=lambda value: value.reported or "9999-12-31")

    def marks_disputed(self) -> bool:
        """Whether to say which values are disputed: only when some of them are not."""
        return self.conflict and not all(value.disputed for value in self.values)

    def shown_values(self) -> list[tuple[FigureValue, str | None, bool]]:
        """Each value as every reader shows it, in reading order: the day it was reported when the figure
        is a series (else None), and whether to name it disputed."""
        series, named = self.series, self.marks_disputed()
        return [(v, v.reported if series else None, named and v.disputed) for v in self.ordered_values()]


@dataclass
class TimelineEntry:
    date: str  # YYYY-MM-DD, YYYY-MM or YYYY according to granularity
    granularity: Granularity
    text: str
    articles: list[str] = field(default_factory=list)
    background: bool = False  # history the articles recall, not the story's own days


@dataclass
class SummarySentence:
    text: str
    articles: list[str] = field(default_factory=list)
    # 0 for the sentence that best stands for the story (story lists show it), 1 for the next...;
    # the summary itself is in reading order
    rank: int = 0


@dataclass
class Story:
    id: str
    headline: str
    articles: list[StoryArticle] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    storyline: str | None = None  # the storyline this event is part of (None: an event on its own)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Story:
        return cls(
            id=data["id"],
            headline=data["headline"],
            articles=[StoryArticle(**a) for a in data.get("articles", [])],
            families=[
                Family(
                    articles=f["articles"],
                    kind=f["kind"],
                    passages=[
                        Passage(
                            left=PassageSide(**p["left"]),
                            right=PassageSide(**p["right"]),
                            similarity=p["similarity"],
                        )
                        for p in f.get("passages", [])
                    ],
                    wire=f.get("wire"),
                )
                for f in data.get("families", [])
            ],
            entities=[Entity(**e) for e in data.get("entities", [])],
            quotes=[Quote(**q) for q in data.get("quotes", [])],
            figures=[
                Figure(
                    subject=f["subject"],
                    values=[FigureValue(**v) for v in f.get("values", [])],
                    conflict=f.get("conflict", False),
                )
                for f in data.get("figures", [])
            ],
            timeline=[TimelineEntry(**t) for t in data.get("timeline", [])],
            summary=[SummarySentence(**s) for s in data.get("summary", [])],
            storyline=data.get("storyline"),
        )
