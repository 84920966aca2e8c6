"""Figures of a story: the quantities its articles state, grouped by what they count, disagreements flagged.

A quantity is a number ("100,000", "13.5 million", "eight") or a vague amount ("tens of thousands")
with its qualifier ("some", "more than", "nearly") and the noun it counts. Quantities counting the
same noun (troops and soldiers are one) join when their sentences are about the same thing; two
different values of one article never join (an article giving two durations is not contradicting
itself: it is telling two things apart). Two values are disputed, and their group in conflict, when two
articles give them of one time and kind and their ranges, widened for approximation, do not overlap;
values reported on different days are a series (each value says the first day it was reported).

Durations and distances ("three hours", "30 days") measure whatever stands next to them, and one
story holds many: a meeting's length, a notice period, a deadline. Sentences of one story are all
alike, so for these units two different values join only when the words around them are alike too
(a share of content words in common: cheap, and deliberately strict).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from storyfuse.analyse.models import english_stop_words
from storyfuse.lexicon import calendar
from storyfuse.lexicon.numbered import NUMBERED_KINDS, SEQUENCE_LABELS
from storyfuse.model import Analysis, Article, Family, Figure, FigureValue, QuantityCandidate, Sentence
from storyfuse.names import gazetteer
from storyfuse.synthesise.reference_date import StoryDates, period, story_dates
from storyfuse.synthesise.story_sentences import StorySentences

APPROXIMATION = 0.15  # "some/about/nearly 100,000" covers ±15%
EXACT_TOLERANCE = 0.02  # round figures written as exact still differ a little between outlets
CONTEXT_SIMILARITY = 0.35  # average sentence cosine above which two quantities count the same thing
MAX_DISAGREEMENT = 100.0  # values further apart than this factor are not one fact told differently
AGREEING_SIMILARITY = 0.25  # lower bar for quantities that agree: joining them cannot invent a conflict
UNIT_WINDOW_OVERLAP = 0.2  # Jaccard of the words around two different durations to count one thing
WINDOW_WORDS = 6  # words each side of a quantity that say what it measures
# Words around a quantity that say nothing of what it measures: English stop words (spaCy's list, as
# linking uses) and one qualifier spaCy's list lacks.
WINDOW_FUNCTION_WORDS = english_stop_words() | {"nearly"}

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "a hundred": 100,
    "a thousand": 1000, "a million": 1_000_000,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9}
# Words that write numbers: two amounts sharing "million" or "thousands" say nothing of sharing a subject.
NUMBER_WORDS = {
    *_WORD_NUMBERS, *_SCALES, "hundred", "dozen", "ten", "tens", "hundreds", "thousands", "millions",
    "billions", "dozens", "scores", "cent",
}  # fmt: skip
# Vague amounts as ranges: "tens of thousands" is at least two tens of thousands, below a hundred thousand.
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2e6, 9_999_999), "tens of millions": (2e7, 99_999_999),
    "hundreds of millions": (2e8, 999_999_999), "billions": (2e9, 9_999_999_999),
}  # fmt: skip
# Qualifier -> how the stated number bounds the true one: around it, just below it ("nearly"), anywhere
# below it ("up to"), above it
_QUALIFIERS = {
    "about": "around", "around": "around", "approximately": "around", "roughly": "around", "some": "around",
    "an estimated": "around", "estimated": "around", "close to": "below", "nearly": "below",
    "almost": "below", "up to": "at most", "fewer than": "at most", "less than": "at most",
    "under": "at most", "as many as": "at most", "more than": "above", "over": "above", "at least": "above",
    "upwards of": "above", "just over": "above", "just under": "below",
}  # fmt: skip
SYNONYMS = {
    "soldier": "troops", "troop": "troops", "serviceman": "troops", "servicemen": "troops",
    "person": "people", "persons": "people", "individual": "people", "hr": "hour", "min": "minute",
    "km": "kilometre", "kilometer": "kilometre", "percent": "percent", "per cent": "percent",
    "%": "percent", "$": "dollar", "€": "euro", "£": "pound", "usd": "dollar",
}  # fmt: skip
UNITS = {"hour", "minute", "second", "day", "week", "month", "year", "kilometre", "mile", "metre", "percent"}
COUNT_NOUNS = {"people", "troops", "dollar", "euro", "pound", "percent", *UNITS}
# Nouns a number often precedes without being a figure worth reporting.
NOT_COUNTED = {"time", "way", "side", "thing", "part", "point", "round", "of", "january", "february"}
DETERMINERS = {"the", "these", "those", "both", "their", "its", "his", "her", "our", "my", "your", "all"}
STOP_WORDS = {
    "and", "or", "but", "which", "that", "who", "is", "are", "was", "were", "has", "have", "had", "will",
    "would", "should", "could", "to", "as", "than", "while", "when", "since", "after", "before", "ago",
    "because", "if", "said", "say", "says", "be", "been", "being", "it", "they", "he", "she",
}  # fmt: skip
MONTHS = f"{calendar.MONTHS}|{calendar.MONTHS_SHORT}"
MAX_WORDS_AFTER_NOUN = 5  # of a figure's phrase: "troops massed on the Ukrainian border"
# What may follow the counted noun inside its phrase: a preposition ("troops on the border"), a
# participle ("people displaced by", "people killed"), a direction ("60 kilometres upstream"). Anything
# else begins the rest of the sentence ("two hours earlier", "20 minutes the final tilted").
PREPOSITIONS = {
    "of", "on", "in", "at", "from", "with", "per", "for", "across", "along", "between", "over", "under",
    "near", "inside", "outside", "around", "into", "against", "by", "through", "among", "without",
    "within", "beyond", "behind", "toward", "towards", "during", "about",
}  # fmt: skip
DIRECTIONS = {"upstream", "downstream", "away", "north", "south", "east", "west", "apart", "long", "wide"}
# Words that begin what the sentence goes on to say about something else ("at Harwick Stadium thanks to").
ADJUNCT_WORDS = {"thanks", "despite", "according", "including", "amid", "following", "together", "earlier"}
# Words a phrase cannot end on: it would stop in mid-construction ("years of Alliance control of the").
DANGLING = PREPOSITIONS | DETERMINERS | {"a", "an", "each", "every", "this", "that"}

_NUMBER = r"\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_VAGUE_WORDS = (
    r"(?:hundreds?|tens|dozens|scores|thousands|millions|billions)(?:\s+of\s+(?:thousands|millions))?"
)
_QUALIFIER = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?<![\w.,-])(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:(?P<currency>[$€£])\s?)?"
    rf"(?:(?P<vague>{_VAGUE_WORDS})\b|(?P<word>{_WORD_NUMBER})\b|(?P<num>{_NUMBER}))"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion)\b|(?P<short_scale>bn|m)\b)?"
    r"(?P<unit_hyphen>-(?:hour|minute|day|week|month|year|kilometre|km|mile))?"
    r"(?P<percent>\s?%|\s+per\s?cent\b|\s+percent\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w’'-]+|[^\w\s]")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_VERB_FORM = re.compile(r"^[a-z]{2,}[^e]ed$")  # "ended", "remained"; not "need", "speed"
# A value that measures a change or a difference, not a level: "rose 3%", "up by $2", "a spread of 4",
# "$5 higher", "a rise of 300".
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|rise|rises|risen|rising|fell|fall|falls|fallen|falling|up|down|gained|gains?|lost|losing|"
    r"jumped|jumps?|dropped|drops?|climbed|slipped|slid|surged|plunged|declined|increased?|decreased?|added|"
    r"shed|spread|gap|premium|discount|difference|by|rise\s+of|increase\s+of|drop\s+of|fall\s+of)\s*$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(
    r"[^\s.,;]*(?:\s+\S+){0,3}?\s+(?:higher|lower|more|less|up|down)\b(?!\s+than)",
    re.IGNORECASE,
)
SAME_TIME_DAYS = 0  # values of articles written on different days describe different moments: a series
_AFTER_MONTH = re.compile(rf"\b(?:{MONTHS})\.?\s*$", re.IGNORECASE)


@dataclass
class Quantity:
    """One quantity as written in one sentence."""

    text: str  # as written: "some 100,000"
    noun: str  # what it counts, normalised: "troops"
    phrase: str  # the counted phrase as written: "troops on the border"
    value: float | None
    low: float | None
    high: float | None
    approximate: bool
    sentence: int  # index into StorySentences.sentences
    article_id: str
    window: str = ""  # the quantity with the words around it in its sentence
    kind: str = "level"  # "level", or "change" for a rise, a fall or a spread ("rose 3%", "up by 5")

    def bounds(self) -> tuple[float, float]:
        """The range of true values this statement allows."""
        if self.value is None:
            return (self.low or 0.0, self.high if self.high is not None else math.inf)
        low = self.low if self.low is not None else self.value
        # "more than 600" has a floor and no ceiling: 800 agrees with it
        high = self.high if self.high is not None else math.inf if self.low is not None else self.value
        if self.approximate:
            return (low * (1 - APPROXIMATION), high * (1 + APPROXIMATION) if high != math.inf else math.inf)
        return (low * (1 - EXACT_TOLERANCE), high * (1 + EXACT_TOLERANCE))


def find_quantities(text: str, sentence: int = 0, article_id: str = "") -> list[Quantity]:
    """Every counted quantity of one sentence."""
    found = []
    for match in _QUANTITY.finditer(text):
        quantity = _quantity(text, match, sentence, article_id)
        if quantity is not None:
            found.append(quantity)
    return found


def quantity_candidates(sentences: Sequence[Sentence]) -> list[QuantityCandidate]:
    """Every counted quantity of one article's sentences (trimmed as a story shows them,
    `sentences.trimmed`): it depends on the article alone, so the analysis pass finds it once."""
    return [
        QuantityCandidate(
            i, q.text, q.noun, q.phrase, q.value, q.low, q.high, q.approximate, q.window, q.kind
        )
        for i, s in enumerate(sentences)
        for q in find_quantities(s.text, i, s.article_id)
    ]


def story_figures(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    *,
    story_sentences: StorySentences | None = None,
    families: Sequence[Family] = (),
    dates: StoryDates | None = None,
) -> list[Figure]:
    """The story's figures. `families`: its copy families, whose articles, being copies of one text,
    report one fact when they give one value of one noun, however differently they word it around.
    `dates`: the articles' reference days; values of different days are a series, never a conflict."""
    story = story_sentences or StorySentences.of(articles, analyses)
    days = (dates or story_dates(story.articles)).articles
    family_of = {article: n for n, family in enumerate(families) for article in family.articles}
    candidates = {an.article_id: an.candidates for an in analyses if an.candidates is not None}
    quantities: list[Quantity] = []
    for article_id, start, stop in story.runs():
        kept = candidates.get(article_id)
        found = kept.quantities if kept is not None else quantity_candidates(story.sentences[start:stop])
        for c in found:
            stated = Quantity(
                c.text, c.noun, c.phrase, c.value, c.low, c.high, c.approximate, start + c.sentence,
                article_id, c.window, c.kind,
            )  # fmt: skip
            quantities.append(stated)
    by_noun: defaultdict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        by_noun[q.noun].append(q)
    figures = []
    when = _Periods(story, days)
    for group in by_noun.values():
        for members in _split_by_context(group, story, family_of):
            figures.append(_figure(members, story, when))
    return sorted(figures, key=lambda f: (not f.conflict, -len({a for v in f.values for a in v.articles})))


def _quantity(text: str, match: re.Match[str], sentence: int, article_id: str) -> Quantity | None:
    before = text[: match.start()]
    qualifier = (match.group("qual") or "").lower()
    number, word, vague = match.group("num"), match.group("word"), match.group("vague")
    if number and (
        _AFTER_MONTH.search(before) or _is_year(number, qualifier) or _is_clock(text, match.end())
    ):
        return None
    if text[match.end() : match.end() + 1].isalpha() or text[match.end() : match.end() + 4] == "-old":
        return None  # "34th minute", "64-year-old"
    if (
        not qualifier
        and not match.group("currency")
        and (_labels_number(before) or _RATIO_BEFORE.search(before))
    ):
        return None  # "year seven pupils", "Flight 447 passengers": a label; "1 in 60 people": a ratio
    value: float | None = None
    low = high = None
    approximate = bool(qualifier) or bool(vague)
    if vague:
        key = " ".join(vague.lower().split())
        key = "hundreds of thousands" if key == "hundred of thousands" else key
        if key not in _VAGUE:
            return None
        low, high = (float(x) for x in _VAGUE[key])
    else:
        value = (
            float(number.replace(",", "").replace(" ", "")) if number else float(_WORD_NUMBERS[word.lower()])
        )
        value *= _SCALES.get((match.group("scale") or match.group("short_scale") or "").lower(), 1.0)
        bound = _QUALIFIERS.get(qualifier)
        if bound == "above":
            low = value
        elif bound == "below":
            high = value
        elif bound == "at most":
            low, high = 0.0, value  # "up to 9,000 barrels" allows 5,000
    noun, phrase = _counted(text, match)
    if noun is None:
        return None
    if (
        number
        and number.isdigit()
        and int(number) < 100
        and not (qualifier or match.group("currency") or noun in COUNT_NOUNS)
        and _ends_with_name(before)
    ):
        return None  # "the Slate 2 costs 120 more", "Apollo 13 astronauts": a number in a name
    small_word = word is not None and value is not None and value < 10
    if small_word and noun not in UNITS:
        previous = before.split()[-1].lower() if before.split() else ""
        if previous in DETERMINERS or word.lower() == "one":
            return None  # "the two men": a reference to people already named, not a figure
    words_before = before.split()[-WINDOW_WORDS:]
    words_after = text[match.end() :].split()[:WINDOW_WORDS]
    changed = _CHANGE_BEFORE.search(" ".join(words_before[-3:])) or _CHANGE_AFTER.match(text, match.end())
    return Quantity(
        kind="change" if changed else "level",
        window=" ".join([*words_before, match.group().strip(), *words_after]),
        text=_in_running_text(match.group().strip()),
        noun=noun,
        phrase=phrase,
        value=value,
        low=low,
        high=high,
        approximate=approximate,
        sentence=sentence,
        article_id=article_id,
    )


# "1 in 60 people", "one in five adults": the number is a ratio's denominator, not a count
_RATIO_BEFORE = re.compile(
    rf"\b(?:\d+|{'|'.join(word for word, n in _WORD_NUMBERS.items() if n <= 10)})\s+in\s+$", re.IGNORECASE
)


def _labels_number(before: str) -> bool:
    """Whether the word just before a number makes it a label ("year seven", "resolution 1973", "level 3"),
    unless a number stands before that word ("in one year 60 people died")."""
    words = before.split()
    if not words or not before[-1:].isspace():
        return False
    word = words[-1].lower()
    if word not in NUMBERED_KINDS and word not in SEQUENCE_LABELS:
        return False
    counted = len(words) > 1 and (words[-2].isdigit() or words[-2].lower() in _WORD_NUMBERS)
    return not counted


def _ends_with_name(before: str) -> bool:
    """Whether a name that is no place ends just before a number: "Slate 2", not "In 12 countries" nor
    "in Mexico 150 people" (a sentence that drops its comma after the place)."""
    words = before.split()
    if not words or not before[-1:].isspace():
        return False
    last = words[-1]
    if not (last[:1].isupper() and last.isalpha()) or last.lower() in WINDOW_FUNCTION_WORDS:
        return False
    gaz = gazetteer()
    return not any(gaz.place(" ".join(words[-n:])) for n in (1, 2, 3))


def _is_year(number: str, qualifier: str) -> bool:
    return not qualifier and re.fullmatch(r"1[89]\d\d|20\d\d", number) is not None


def _is_clock(text: str, end: int) -> bool:
    return re.match(r"\s*(?::\d|a\.?m\b|p\.?m\b|gmt\b|utc\b|h\d)", text[end:], re.IGNORECASE) is not None


def _in_running_text(written: str) -> str:
    """A value as it reads inside a list of values: the capital a sentence gave it dropped ("Less than
    20" -> "less than 20"). The pattern begins only with qualifiers and number words, never a name."""
    if written[:1].isupper() and not written.split()[0].isupper():
        return written[0].lower() + written[1:]
    return written


def _counted(text: str, match: re.Match[str]) -> tuple[str | None, str]:
    """The noun a quantity counts (normalised) and the phrase naming it as written."""
    if match.group("percent"):
        return "percent", "percent"
    if match.group("currency"):
        noun = SYNONYMS[match.group("currency")]
        # "$5 billion in damages", "$90 a barrel": the symbol stands for the noun the phrase begins with
        return noun, _phrase([noun + "s", *_WORD.findall(text[match.end() :])], 0, 0)
    if match.group("unit_hyphen"):
        unit = _singular(match.group("unit_hyphen")[1:].lower())
        return SYNONYMS.get(unit, unit), _phrase(_WORD.findall(text[match.end() :]), 0, 0) or unit + "s"
    words = _WORD.findall(text[match.end() :])
    start = 1 if words[:1] and words[0].lower() == "of" else 0
    for position in range(start, min(start + 3, len(words))):
        token = words[position]
        lower = token.lower()
        if not token[:1].isalpha() or lower in STOP_WORDS:
            break
        if token[:1].isupper() and position < start + 2:
            continue  # "Russian soldiers": a nationality before the noun
        noun = SYNONYMS.get(lower) or SYNONYMS.get(_singular(lower)) or _singular(lower)
        if noun in NOT_COUNTED:
            return None, ""
        if noun in COUNT_NOUNS or (lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3):
            return noun, _phrase(words, start, position)
        if position > start:
            break
    return None, ""


def _singular(word: str) -> str:
    if word in {"people", "troops", "news", "series", "species"}:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _phrase(words: list[str], start: int, noun_at: int) -> str:
    """The counted phrase as written: words[start:noun_at + 1] ("Russian soldiers") and what qualifies the
    noun after it ("on the border"), cut where the sentence goes on (a stop word, punctuation, "thanks to"),
    and never inside a name or on a dangling word ("hours on the shore of Lake …" is "hours on the shore")."""
    taken = words[start : noun_at + 1]
    minimum = len(taken)  # the noun and the words before it stay whatever follows
    rest = words[noun_at + 1 :]
    if rest and not _qualifies_noun(rest):
        return " ".join(taken)
    if rest and rest[0].lower() in {"a", "an"}:
        return " ".join([*taken, *rest[:2]])  # a rate is whole: "barrels a day"
    position = noun_at + 1
    for position, token in enumerate(rest, noun_at + 1):
        lower = token.lower()
        if (
            len(taken) - minimum >= MAX_WORDS_AFTER_NOUN
            or not token[:1].isalnum()
            or lower in STOP_WORDS
            or lower in ADJUNCT_WORDS
            # a verb after the noun's own words: "a wait for the trophy ended"
            or (position > noun_at + 1 and _VERB_FORM.search(lower) and taken[-1].lower() not in DANGLING)
        ):
            break
        taken.append(token)
    else:
        position = len(words)
    following = words[position : position + 2]
    name_goes_on = bool(following) and (
        following[0][:1].isupper()
        or (following[0].lower() in {"and", "or"} and following[1:2] != [] and following[1][:1].isupper())
    )
    after = following[0] if following else ""
    cut_short = len(taken) - minimum >= MAX_WORDS_AFTER_NOUN
    if cut_short and after[:1].islower() and after not in PREPOSITIONS | STOP_WORDS:
        # cut inside a noun phrase ("barrels of oil from the leaking [well]"): drop its whole preposition
        while len(taken) > minimum and taken[-1].lower() not in PREPOSITIONS:
            taken.pop()
    if name_goes_on and taken[-1][:1].isupper():
        while len(taken) > minimum and taken[-1][:1].isupper():
            taken.pop()  # a name cut short ("between Vladimir Putin" of "… Putin and Joe Biden")
    while len(taken) > minimum and (taken[-1].lower() in DANGLING or _POSSESSIVE_END.search(taken[-1])):
        taken.pop()
    return " ".join(taken)


def _qualifies_noun(rest: list[str]) -> bool:
    """Whether the words after a counted noun go on describing it."""
    first = rest[0].lower()
    if first in PREPOSITIONS or first in DIRECTIONS:
        return True
    if first in {"a", "an"}:  # a rate: "5,000 barrels a day", "$90 a barrel"
        return len(rest) > 1 and rest[1].isalpha() and rest[1].islower() and rest[1] not in STOP_WORDS
    if first.endswith(("ed", "ing")) and len(first) > 3 and not first.endswith("eed"):  # not "need"
        following = rest[1].lower() if len(rest) > 1 else "."
        return following in PREPOSITIONS or following in STOP_WORDS or not following[:1].isalnum()
    return False


def _split_by_context(
    group: list[Quantity], story: StorySentences, family_of: Mapping[str, int]
) -> list[list[Quantity]]:
    """Average-linkage clustering of one noun's quantities by sentence similarity; never two different
    values of one article. Agreeing values join first, so a contrast an article draws stays visible;
    agreeing values of two copies of one text (`family_of`: article id -> its copy family) join
    whatever their sentences say around them."""
    if len(group) == 1:
        return [group]
    vectors = story.vectors_of([q.sentence for q in group])
    similarity = vectors @ vectors.T
    members = [[i] for i in range(len(group))]
    agreeing = similarity
    if family_of:
        family = np.array([family_of.get(q.article_id, -1 - i) for i, q in enumerate(group)])
        article = _ids([q.article_id for q in group])
        # two articles of one family; one article naming a value twice may mean two things
        copies = (family[:, None] == family[None, :]) & (article[:, None] != article[None, :])
        agreeing = np.where(copies, np.maximum(similarity, AGREEING_SIMILARITY), similarity)
    _agglomerate(members, group, agreeing, AGREEING_SIMILARITY, agreeing_only=True)
    overlap = _jaccard_matrix([_window_words(q) for q in group])
    if group[0].noun in UNITS:
        # A pair whose surroundings differ cannot join: push its score below any threshold.
        similarity = np.where(overlap >= UNIT_WINDOW_OVERLAP, similarity, -1.0)
    # Values that disagree join only when two of their sentences share a word around the number: "600
    # people pulled from rooftops" and "two people remained missing" are two facts, however alike
    # the rest of their sentences.
    _agglomerate(members, group, similarity, CONTEXT_SIMILARITY, agreeing_only=False, related=overlap > 0)
    return [[group[i] for i in m] for m in members]


def _window_words(quantity: Quantity) -> set[str]:
    """Content words around a quantity, the counted unit left out: what it measures."""
    words = {_singular(w.lower()) for w in re.findall(r"[^\W\d_]{3,}", quantity.window)}
    return words - STOP_WORDS - WINDOW_FUNCTION_WORDS - NUMBER_WORDS - {quantity.noun}


def _jaccard_matrix(sets: list[set[str]]) -> np.ndarray:
    """Jaccard similarity of every pair of sets (0 for two empty ones), as one sparse product."""
    columns: dict[str, int] = {}
    rows = [[columns.setdefault(w, len(columns)) for w in words] for words in sets]
    indices = np.array([c for row in rows for c in row], dtype=np.int64)
    indptr = np.cumsum([0, *map(len, rows)])
    incidence = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(sets), len(columns)))
    shared = (incidence @ incidence.T).toarray()
    sizes = np.array([len(words) for words in sets], dtype=float)
    union = sizes[:, None] + sizes[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def _agglomerate(
    members: list[list[int]],
    group: list[Quantity],
    similarity: np.ndarray,
    threshold: float,
    *,
    agreeing_only: bool,
    related: np.ndarray | None = None,
) -> None:
    """Average linkage over `members` (changed in place), best pair first, while a pair reaches
    `threshold`. With `related`, two clusters merge only when some item of one is related to some item
    of the other. Cluster-to-cluster sums and permissions are kept as matrices, so each merge costs
    one vectorised pass: large stories repeat a figure in dozens of copies."""
    value_ids = _ids([(q.value, q.low, q.high) for q in group])
    article_ids = _ids([q.article_id for q in group])
    same_value = value_ids[:, None] == value_ids[None, :]
    same_article = article_ids[:, None] == article_ids[None, :]
    # One article giving two values for one noun counts two things: it does not contradict itself.
    allowed_items = ~(same_article & ~same_value)
    # Outlets disagree within two orders of magnitude ("tens" against "hundreds of thousands"); values
    # further apart measure different things ("$90 a barrel" and "$30 billion" of costs).
    bounds = np.array([q.bounds() for q in group])
    low, high = bounds[:, 0], bounds[:, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.maximum(low[None, :] / high[:, None], low[:, None] / high[None, :])
    allowed_items &= ~(np.nan_to_num(gap, nan=0.0) > MAX_DISAGREEMENT)
    if agreeing_only:
        allowed_items &= same_value
    membership = np.zeros((len(group), len(members)))
    for c, items in enumerate(members):
        membership[items, c] = 1.0
    sums = membership.T @ similarity @ membership
    forbidden = membership.T @ (~allowed_items).astype(float) @ membership > 0
    if related is not None:
        # with no related pair between them, two clusters may not merge until one of them grows
        linked = membership.T @ related.astype(float) @ membership > 0
        forbidden_now = forbidden | ~linked
    else:
        linked, forbidden_now = None, forbidden
    sizes = membership.sum(axis=0)
    active = np.ones(len(members), dtype=bool)
    # Mean linkage of each pair (a < b) that may merge, -inf for the others. A merge changes only the
    # rows and columns of its two clusters, so only those are recomputed.
    mean = sums / np.outer(sizes, sizes)
    mean[forbidden_now | np.tri(len(members), dtype=bool)] = -np.inf
    while active.sum() > 1:
        a, b = divmod(int(np.argmax(mean)), len(members))
        if mean[a, b] < threshold:
            break
        members[a].extend(members[b])
        sums[a, :] += sums[b, :]
        sums[:, a] += sums[:, b]
        forbidden[a, :] |= forbidden[b, :]
        forbidden[:, a] |= forbidden[:, b]
        sizes[a] += sizes[b]
        active[b] = False
        mean[b, :] = mean[:, b] = -np.inf
        later, earlier = slice(a + 1, None), slice(0, a)
        row_blocked, column_blocked = (
            forbidden[a, later] | ~active[later],
            forbidden[earlier, a] | ~active[earlier],
        )
        if linked is not None:
            linked[a, :] |= linked[b, :]
            linked[:, a] |= linked[:, b]
            row_blocked |= ~linked[a, later]  # only row and column `a` changed: the rest stays as it was
            column_blocked |= ~linked[earlier, a]
        mean[a, later] = np.where(row_blocked, -np.inf, sums[a, later] / (sizes[a] * sizes[later]))
        mean[earlier, a] = np.where(column_blocked, -np.inf, sums[earlier, a] / (sizes[earlier] * sizes[a]))
    members[:] = [m for m, alive in zip(members, active, strict=True) if alive]


def _ids(keys: list[Hashable]) -> np.ndarray:
    """Equal keys get equal numbers, so that pairs can be compared as one array."""
    numbers: dict[Hashable, int] = {}
    return np.array([numbers.setdefault(k, len(numbers)) for k in keys])


class _Periods:
    """When each sentence's values hold: the one date the sentence states ("on Monday", "in 2009", read
    against its article's day), else the day its article was written (None: unknown). Read only for
    values that would otherwise conflict, once per sentence."""

    def __init__(self, story: StorySentences, days: Mapping[str, date | None]) -> None:
        self.story, self.days = story, days
        self._known: dict[int, tuple[date, date] | None] = {}

    def of(self, quantity: Quantity) -> tuple[date, date] | None:
        if quantity.sentence not in self._known:
            from storyfuse.analyse.dates import find_dates

            day = self.days.get(quantity.article_id)
            text = self.story.sentences[quantity.sentence].text
            stated = {m.value for m in find_dates(text, day) if m.value and period(m.value)}
            if len(stated) == 1:
                self._known[quantity.sentence] = period(stated.pop())
            else:
                self._known[quantity.sentence] = (day, day) if day is not None else None
        return self._known[quantity.sentence]

    def same_time(self, a: Quantity, b: Quantity) -> bool:
        """Whether two values hold of one time: periods of one length (a day, a week, a month, a year)
        that meet; a year's total beside a day's count measures two things."""
        one, other = self.of(a), self.of(b)
        if one is None or other is None:
            return True
        if _period_length(one) != _period_length(other):
            return False
        gap = max((other[0] - one[1]).days, (one[0] - other[1]).days)
        return gap <= SAME_TIME_DAYS


def _period_length(period: tuple[date, date]) -> str:
    days = (period[1] - period[0]).days + 1
    return "day" if days <= 1 else "week" if days <= 7 else "month" if days <= 31 else "longer"


def _figure(members: list[Quantity], story: StorySentences, when: _Periods) -> Figure:
    values: dict[tuple[float | None, float | None, float | None, bool], FigureValue] = {}
    for q in sorted(members, key=lambda q: q.sentence):
        first = FigureValue(q.text, q.value, [], q.low, q.high, q.approximate)
        entry = values.setdefault(_value_key(q), first)
        if q.article_id not in entry.articles:
            entry.articles.append(q.article_id)
    for entry in values.values():
        entry.articles.sort(key=lambda a: story.article_index.get(a, 0))
        days = [day for a in entry.articles if (day := when.days.get(a)) is not None]
        entry.reported = min(days).isoformat() if days else None
    # Two values are disputed when two articles state them of one thing of one kind at one time: a level
    # beside a change, a price of one week beside the next week's, or a toll "on Monday" beside one
    # "on Wednesday" (whenever the articles were written) is no disagreement.
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if (
                a.article_id != b.article_id
                and a.kind == b.kind
                and _disjoint(a.bounds(), b.bounds())
                and when.same_time(a, b)
            ):
                values[_value_key(a)].disputed = values[_value_key(b)].disputed = True
    noun = members[0].noun
    # the phrase most of its articles use; among equals, short and in the group's own word
    written = Counter(label for q in members if len((label := _label(q.phrase)).split()) > 1)
    phrases = sorted(written, key=lambda p: (-written[p], len(p.split()), not p.lower().startswith(noun), p))
    subject = phrases[0] if phrases else _label(members[0].phrase) or members[0].noun
    found = list(values.values())
    return Figure(subject=subject, values=found, conflict=any(value.disputed for value in found))


# A label says what is counted, not whose: "his people" read alone names no one's.
POSSESSIVE_DETERMINERS = {"his", "her", "their", "its", "our", "my", "your", "whose"}


def _label(phrase: str) -> str:
    words = phrase.split()
    while len(words) > 1 and words[0].lower() in POSSESSIVE_DETERMINERS:
        words.pop(0)
    return " ".join(words)


def _value_key(q: Quantity) -> tuple[float | None, float | None, float | None, bool]:
    """Quantities with one key are one value of a figure, however each article wrote it."""
    return (q.value, q.low, q.high, q.approximate)


def _disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] < b[0] or b[1] < a[0]
