"""Names read from capitalisation, for languages no installed spaCy model covers.

A name is a run of capitalised words inside a sentence ("de", "van", "del" may join its words). Words
a run opens with that are function words or that the text also writes in lower case are dropped: a
sentence's first word, an article, a title ("presidente Ana Ruiz" is Ana Ruiz). German writes every
noun with a capital, so there a name needs two words or a place the gazetteer knows, and a run that
opens a sentence loses its first word.
"""

from __future__ import annotations

import re

from storyfuse.lexicon.function_words import STOPWORDS
from storyfuse.names import gazetteer

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_JOINING = frozenset(["de", "del", "della", "di", "da", "van", "von", "du", "do", "dos"])
_FUNCTION = frozenset().union(*STOPWORDS.values())
NOUNS_CAPITALISED = frozenset({"de", "lb"})  # German, Luxembourgish
# Words that open the names of places in the languages we meet: "San Bartolomé", "Puerto Rico".
_PLACE_OPENERS = (
    "san santa santo são saint sainte st sankt puerto porto port fort mount monte lake lago rio río"
    " golfe golfo golf bahía baie cabo cap isla isola île costa sierra villa"
)
PLACE_OPENERS = frozenset(_PLACE_OPENERS.split())
MAX_WORDS = 5


def capitalised_names(text: str, language: str | None) -> list[tuple[int, int, str]]:
    """(start, end, label) of the names in one sentence: GPE or PERSON when the gazetteer knows the
    name, GPE when a place's word opens it ("San", "Puerto"), PERSON for two or three plain words,
    MISC otherwise (no model tells the kind)."""
    words = list(_WORD.finditer(text))
    # German joins a noun to a place with "von" ("Hafen von Lorient"), seldom two words of one name
    joining = frozenset() if language in NOUNS_CAPITALISED else _JOINING
    lower = {w.group().lower() for w in words if w.group()[0].islower()}
    names: list[tuple[int, int, str]] = []
    run: list[re.Match[str]] = []
    for index, word in enumerate([*words, None]):
        token = word.group() if word else ""
        joins = bool(run) and token.lower() in joining and not _gap(text, run[-1], word)
        if word is not None and (token[0].isupper() or joins) and (not run or not _gap(text, run[-1], word)):
            run.append(word)
            continue
        if run:
            names.extend(_name(text, run, index - len(run) == 0, lower, language))
        run = [word] if word is not None and token[0].isupper() else []
    return names


def _gap(text: str, before: re.Match[str], after: re.Match[str] | None) -> bool:
    """Whether anything but spaces parts two words (a comma, a quote: then they are two names)."""
    return after is None or bool(text[before.end() : after.start()].strip())


def _name(
    text: str, run: list[re.Match[str]], opens_sentence: bool, lower: set[str], language: str | None
) -> list[tuple[int, int, str]]:
    if opens_sentence and language in NOUNS_CAPITALISED:
        run, opens_sentence = run[1:], False  # "Ihr Boot", "Zwei Teilnehmer": a noun after the capital
    while run and (run[0].group().lower() in _FUNCTION or run[0].group().lower() in lower):
        run, opens_sentence = run[1:], False
    while run and run[-1].group().lower() in _JOINING:
        run = run[:-1]
    if not run or len(run) > MAX_WORDS:
        return []
    name = text[run[0].start() : run[-1].end()]
    known = gazetteer()
    if known.place(name):
        return [(run[0].start(), run[-1].end(), "GPE")]
    if known.person(name):
        return [(run[0].start(), run[-1].end(), "PERSON")]
    if len(run) == 1 and (opens_sentence or language in NOUNS_CAPITALISED):
        return []  # a sentence's first word, or a German noun
    if len(run) >= 2 and run[0].group().lower().rstrip(".") in PLACE_OPENERS:
        return [(run[0].start(), run[-1].end(), "GPE")]
    plain = all(w.group()[0].isupper() and "-" not in w.group() for w in run)
    label = "PERSON" if plain and 2 <= len(run) <= 3 else "MISC"
    return [(run[0].start(), run[-1].end(), label)]
