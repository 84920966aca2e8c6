"""Offline knowledge of names: folding and transliteration, first-name variants, well-known people and places.

Shared by the synthesis of a story's entities and by the store's linking of entities across stories, so it
belongs to neither stage.

The people and places come from `storyfuse/data/gazetteer.json`, written by the project. A person's
name is corrected only when a misspelling is close to exactly one known name and is not itself a
known name (so "Olaf Schulz" becomes Olaf Scholz while "Martin Schulz" stays who he is).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from rapidfuzz import fuzz

NAME_SIMILARITY = 80  # rapidfuzz ratio above which two name parts are spelling variants
SHORT_NAME = 4  # name parts shorter than this must match exactly: a typo there makes another name
FEMININE_ENDINGS = {"a", "e", "ia", "ine", "ina", "ette"}  # added to a man's name, they make a woman's
MIN_SHORT_FORM = 2  # letters of a first name's short form ("Al" of Albert); one letter is an initial
TYPE_GROUPS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}  # NER labels naming one kind of thing
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "mme", "mister", "madam"}

# Cyrillic -> Latin, close to the news agencies' romanisation; Ukrainian letters where they differ.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
        [
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
            "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "ye",
            "yi", "g",
        ],
        strict=True,
    )
)  # fmt: skip
_UKRAINIAN_ONLY = set("ієїґ")
_UKRAINIAN = {"г": "h", "и": "y", "е": "e", "й": "i"}
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_NON_WORD = re.compile(r"[^\w\s-]")

# Short forms of first names that the fuzzy ratio cannot see.
_NICKNAMES = {
    "tony": "antony", "bill": "william", "will": "william", "joe": "joseph", "mike": "michael",
    "bob": "robert", "rob": "robert", "jim": "james", "jimmy": "james", "tom": "thomas",
    "dick": "richard", "rick": "richard", "ted": "edward", "ed": "edward", "dan": "daniel",
    "dave": "david", "steve": "steven", "chris": "christopher", "alex": "alexander",
    "sasha": "alexander", "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine",
    "andy": "andrew", "nick": "nicholas", "matt": "matthew", "sam": "samuel", "ben": "benjamin",
    "bibi": "benjamin", "jeff": "jeffrey", "greg": "gregory", "pete": "peter", "ron": "ronald",
    "don": "donald", "jack": "john", "johnny": "john", "jon": "john", "volodya": "vladimir",
    "bobby": "robert", "billy": "william", "charlie": "charles", "chuck": "charles", "hank": "henry",
    "harry": "henry", "larry": "lawrence", "peggy": "margaret", "maggie": "margaret", "meg": "margaret",
    "katie": "katherine", "kathy": "katherine", "kathryn": "katherine", "catherine": "katherine",
    "becky": "rebecca", "jenny": "jennifer", "abby": "abigail", "freddie": "frederick",
}  # fmt: skip


def fold(text: str) -> str:
    """Lowercase ASCII form for matching: accents dropped, Cyrillic transliterated, punctuation removed."""
    text = transliterate(text) if _CYRILLIC_LETTER.search(text) else text
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "'").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", plain.lower()).split())


def transliterate(text: str, ukrainian: bool | None = None) -> str:
    """Latin spelling of a Cyrillic text; Ukrainian conventions when asked, or by default when
    Ukrainian-only letters are present."""
    if ukrainian is None:
        ukrainian = any(c in _UKRAINIAN_ONLY for c in text.lower())
    out = []
    for char in text:
        lower = char.lower()
        latin = _UKRAINIAN.get(lower) if ukrainian and lower in _UKRAINIAN else _CYRILLIC.get(lower)
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC_LETTER.search(text) is not None


def parts_similar(a: str, b: str) -> bool:
    """Two folded name parts are one name spelled two ways (Blinken/Blinkin, Zelenskiy/Zelenskyy)."""
    if a == b:
        return True
    if min(len(a), len(b)) < SHORT_NAME or a[0] != b[0]:
        return False
    return fuzz.ratio(a, b) >= NAME_SIMILARITY


@lru_cache(maxsize=1 << 16)  # a story compares the same few hundred first names many times over
def first_names_compatible(a: str, b: str) -> bool:
    """Folded first names that may belong to one person: equal, an initial, a variant, a nickname or
    a short form that begins the other."""
    a, b = a.rstrip("."), b.rstrip(".")
    if not a or not b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    a, b = _NICKNAMES.get(a, a), _NICKNAMES.get(b, b)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[len(short) :] in FEMININE_ENDINGS:
        return False  # Paul/Paula, Daniel/Daniela, Louis/Louise: two names, not two spellings
    # A short form that begins the full first name: Fred/Frederick, Vince/Vincent.
    if len(short) >= MIN_SHORT_FORM and len(long_) > len(short) + 1 and long_.startswith(short):
        return True
    return a[0] == b[0] and fuzz.ratio(a, b) >= NAME_SIMILARITY


def same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two people's full names (folded parts, first to last) are one name spelled two ways: first
    names compatible, surnames similar, middle names (when both have one) compatible, and not two
    different well-known people."""
    if not parts_similar(a[-1], b[-1]) or not first_names_compatible(a[0], b[0]):
        return False
    if a[1:-1] and b[1:-1] and not first_names_compatible(a[1], b[1]):
        return False  # George W. Bush and George H. W. Bush
    known = gazetteer().person_by_spelling
    known_a, known_b = known.get(" ".join(a)), known.get(" ".join(b))
    return known_a is None or known_b is None or known_a is known_b


@dataclass
class KnownPerson:
    name: str
    spellings: set[str] = field(default_factory=set)  # folded accepted spellings, the name included


@dataclass
class Gazetteer:
    people: list[KnownPerson]
    person_by_spelling: dict[str, KnownPerson]
    place_by_alias: dict[str, str]  # folded name or alias -> canonical place name

    @cached_property
    def spellings_by_initial(self) -> dict[str, list[tuple[KnownPerson, list[str]]]]:
        """Every known spelling, in words, under the first letter of its surname: a misspelt surname keeps
        its first letter (`parts_similar`), so a name is compared with those spellings only."""
        index: defaultdict[str, list[tuple[KnownPerson, list[str]]]] = defaultdict(list)
        for person in self.people:
            for spelling in person.spellings:
                words = spelling.split()
                if words:
                    index[words[-1][0]].append((person, words))
        return index

    def place(self, name: str) -> str | None:
        """The canonical name of a known place, from any of its names."""
        key = fold(name)
        if key.startswith("the "):
            key = key[4:]
        if len(key.replace(" ", "")) <= 3 and not name.replace(".", "").isupper():
            return None  # "Us" or "La" in running text is not the United States or Los Angeles
        return self.place_by_alias.get(key)

    def person(self, name: str) -> tuple[KnownPerson, bool] | None:
        """The known person a full name refers to, and whether the name is one of their accepted spellings.

        A misspelling matches when the first names are compatible and the surname is a spelling
        variant of exactly one known person's.
        """
        key = fold(name)
        exact = self.person_by_spelling.get(key)
        if exact is not None:
            return exact, True
        parts = key.split()
        if len(parts) < 2:
            return None
        matches = {
            id(person): person
            for person, known in self.spellings_by_initial.get(parts[-1][0], [])
            if _full_names_similar(parts, known)
        }
        if len(matches) == 1:
            return next(iter(matches.values())), False
        return None


def _full_names_similar(parts: list[str], known: list[str]) -> bool:
    if len(known) < 2:
        return False
    return first_names_compatible(parts[0], known[0]) and parts_similar(parts[-1], known[-1])


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    raw = json.loads(resources.files("storyfuse").joinpath("data/gazetteer.json").read_text("utf-8"))
    people = []
    by_spelling: dict[str, KnownPerson] = {}
    for entry in raw["people"]:
        person = KnownPerson(
            entry["name"], {fold(entry["name"]), *(fold(v) for v in entry.get("variants", []))}
        )
        people.append(person)
        for spelling in person.spellings:
            by_spelling[spelling] = person
    places: dict[str, str] = {}
    for entry in raw["places"]:
        for alias in [entry["name"], *entry.get("aliases", [])]:
            key = fold(alias)
            places[key[4:] if key.startswith("the ") else key] = entry["name"]
    return Gazetteer(people, by_spelling, places)
