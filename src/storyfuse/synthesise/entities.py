"""Canonical entities of a story: the spelling variants, short forms and titles of one name under one entry.

Works on the NER mentions the analyse stage stored, so it adds no model pass. Mentions are cleaned
(determiners, possessives, honorifics, a title before the name, a degree after a comma, a nickname
inside the name, a place possessing it: "Iran's Qeshm island"), retyped where NER is detectably
wrong (a known city tagged as a person, a hotel or a mountain as a person, a title as a person's
name, a name the story makes a nationality of as a person or an organisation: Savenne / Savennese,
a full name followed by "who" as an organisation), then grouped:

* people by full name: surnames that are spelling variants (fuzzy, so a machine-translation typo
  still matches) with compatible first names (equal, a variant, an initial, a nickname, a short form
  that begins the other: Fred/Frederick; never Paul/Paula). Two people who share a first name but
  not a surname never meet. A name that is the tail of exactly one longer name is that person
  (Mark Felt / W. Mark Felt, Lo Presti / Gaetano Lo Presti);
* a surname alone (or a surname NER tagged as an organisation) joins the person of that surname the
  article names nearest before it, never one whose honorific says the other sex (Mr / Miss), and,
  when its article names none, only the one person of the story with that surname; a first name
  alone only when one person of the article has it;
* a "person" written mostly after "at" or "in" whose name begins a place's (at Betty Ford / the Betty
  Ford Center) is that place;
* other names, whatever NER called them, by folded spelling (plural and abbreviations too: Colt/Colts,
  Mt/Mount), a gazetteer alias (US, America -> United States), an acronym (THR of The Hollywood
  Reporter), a typo, a generic designator (Betty Ford / Betty Ford Center, Qeshm / Qeshm Island), the
  place they belong to (Boston Red Sox / Red Sox, Surgeon General of the United States), or as the
  head of the one longer name of the story they end or begin (Colts / Indianapolis Colts, Act /
  Endangered Species Act; not a word of a headline like "MAN", not after "New": New Cold War; a place
  begins only what it mostly stands for: Creighton beat Drake, yet "in Surrey" is not Surrey Police).
  Names that differ in a number never meet (Internet Explorer 8 / 9);
* names in Cyrillic join the entity their transliteration matches; a social-media handle the name it
  spells (@TheAcademy).

A well-known person's misspelt name is corrected from the offline gazetteer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from storyfuse.extract.patterns import WIRE_NAMES
from storyfuse.lexicon.calendar import MONTH_NUMBER, TIME_ZONES, WEEKDAY_ABBREVIATIONS, WEEKDAY_NAMES
from storyfuse.lexicon.function_words import MENU_LABELS
from storyfuse.model import Analysis, Article, Entity, Mention, NameCandidate, Sentence
from storyfuse.names import (
    HONORIFICS,
    NAME_SIMILARITY,
    SHORT_NAME,
    TYPE_GROUPS,
    first_names_compatible,
    fold,
    gazetteer,
    has_cyrillic,
    parts_similar,
    same_person,
    transliterate,
)
from storyfuse.synthesise.eligible import clutter_kind

MALE_HONORIFICS = {"mr", "mister", "sir"}
FEMALE_HONORIFICS = {"mrs", "ms", "miss", "dame", "mme", "madam"}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
LEADING_FUNCTION_WORDS = {"the", "a", "an", "at", "to", "in", "of", "on", "from", "for", "by", "with", "into"}
# A government portfolio alone ("State" of "Secretary of State") is a fragment of a title, not a name.
PORTFOLIO_WORDS = {"state", "foreign", "defense", "defence", "interior", "treasury", "justice", "commerce"}
FACILITY_WORDS = {
    "hotel", "center", "centre", "airport", "stadium", "palace", "hospital", "church", "square",
    "street", "bridge", "hall", "museum", "prison", "station", "clinic", "resort", "arena", "cathedral",
    "dam", "reservoir", "canal", "port", "harbour", "harbor",
}  # fmt: skip
# Words that make a name a place: "Mount Cook", "Qeshm Island", "Orange County".
GEOGRAPHIC_LEADING_WORDS = {"mount", "mt", "lake", "cape", "fort", "port", "isle", "gulf"}
GEOGRAPHIC_WORDS = {
    "island", "islands", "river", "county", "park", "valley", "mountain", "mountains", "bay", "beach",
    "glacier", "ridge", "peak", "canyon", "desert", "coast", "province", "district", "region", "lake",
}  # fmt: skip
ORGANISATION_WORDS = {
    "university", "party", "ministry", "department", "council", "committee", "company", "bank",
    "agency", "institute", "commission", "association", "union", "corporation", "inc", "corp",
    "ltd", "foundation", "magazine", "newspaper", "network", "fc", "afc", "cf", "fund", "trust",
    "authority", "organisation", "organization", "nations", "service", "services", "board",
}  # fmt: skip
DESIGNATOR_WORDS = (
    ORGANISATION_WORDS | FACILITY_WORDS | GEOGRAPHIC_WORDS
)  # what a name's last word says it is
# Words a short name may gain without naming something else (People / People magazine).
GENERIC_DESIGNATORS = FACILITY_WORDS | ORGANISATION_WORDS | GEOGRAPHIC_WORDS | {
    "treatment", "recovery", "weekly", "daily", "com", "group", "co", "llc", "plc", "house", "the",
}  # fmt: skip
HUMAN_ROLE_NOUNS = {
    "president", "minister", "secretary", "chancellor", "spokesman", "spokeswoman", "spokesperson",
    "chief", "head", "diplomat", "ambassador", "envoy", "leader", "premier", "king", "queen", "prince",
    "princess", "pope", "general", "commander", "senator", "governor", "mayor", "deputy", "director",
    "chairman", "chairwoman", "chair", "ceo", "official", "analyst", "expert", "attorney", "lawyer",
    "judge", "prosecutor", "actor", "actress", "singer", "coach", "captain", "manager", "founder",
    "editor", "reporter", "correspondent", "professor", "researcher", "economist", "adviser",
    "advisor", "negotiator", "representative", "lawmaker", "candidate", "officer", "sheriff",
    "publicist", "agent", "producer", "journalist", "doctor", "activist", "pensioner", "rapper",
    "striker", "goalkeeper", "midfielder", "defender", "player", "author", "writer", "emperor",
    "dictator", "marshal", "admiral", "colonel", "sergeant", "lieutenant", "vice-president",
}  # fmt: skip
ROLE_MODIFIERS = {
    "of", "for", "the", "foreign", "diplomatic", "former", "deputy", "assistant", "top", "vice",
    "acting", "prime", "senior", "then", "state", "defence", "defense", "interior", "general", "chief",
}  # fmt: skip
# Written short forms of words in names of places and organisations (Mt Cook / Mount Cook).
NAME_ABBREVIATIONS = {
    "mt": "mount", "ft": "fort", "dept": "department", "univ": "university", "intl": "international",
    "natl": "national", "assn": "association", "govt": "government",
}  # fmt: skip
# Words that, put before a name, name something else: New York is not York, South Sudan not Sudan.
DISTINGUISHING_MODIFIERS = {
    "new", "old", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "upper", "lower", "greater", "little", "great", "central", "former", "second", "first",
}  # fmt: skip
PLACE_PREPOSITIONS = {"at", "in", "into", "inside", "outside", "near"}
_CLOCK_OPENING = re.compile(r"^\d{1,2}[:.]\d{2}\s+(?=[A-Z]{2,4}\b)")  # a clock before a zone
_MENU_WORDS = {label.capitalize() for label in MENU_LABELS}  # as a page's menu writes them: "Help"
# Calendar words: "Fri Jun", "Sat Feb 26" are a date's pieces NER took for a name.
CALENDAR_WORDS = {*MONTH_NUMBER, *WEEKDAY_NAMES, *WEEKDAY_ABBREVIATIONS, *TIME_ZONES, "am", "pm"}
# Sentences not shown as news whose names are still the story's (and news itself, None)
FURNITURE_EXEMPT = {None, "heading", "fragment", "caption"}  # a caption names who is pictured
SIGN_OFF_WORDS = 3  # "Jonathan Marcus BBC News": a name and a few capitalised words, alone on a line
_LOWER_WORD = re.compile(r"(?<![\w’'])[a-z]{3,}\b")
MIN_LOCATED = 2  # mentions after "in", "at" or "near" that make a silent "person" a place
NAME_FUNCTION_WORDS = {
    "of", "and", "the", "for", "de", "du", "la", "le", "von", "van", "del", "da", "on", "in",
}  # fmt: skip
MIN_HEADLINE_WORDS, HEADLINE_CAPITALS = 3, 0.7  # "Microsoft Issues Emergency Patch": most words capitalised
MAX_ROLE_WORDS = 8
NON_PERSON_SIMILARITY = 90  # rapidfuzz ratio for typos in names of places and organisations
MIN_TYPO_LENGTH = 6  # shorter names of places and organisations differ by a letter, not by a typo
ACRONYM_SKIPPED_WORDS = {"of", "and", "for"}  # UN of United Nations, not UNO
TYPE_PRIORITY = ["PERSON", "PLACE", "ORG", "NORP"]  # tie-break of type votes

_TOKEN = re.compile(r"\S+")
_CAPITALS_WORD = re.compile(r"[A-Z]{2,}")
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)?\s*$")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# A word of letters and three or more digits is a code (a wire story's "nN15210454"), never a name.
_CODE = re.compile(r"(?=(?:\D*\d){3})(?=.*[^\W\d_])\w+")
_TRAILING_SCORE = re.compile(r"\s+\d{1,2}\s*[–-]\s*\d{1,2}$")
# Written as the name of a place: "the districts of Ketapa and Lumbu" (the names listed before it too),
# "residents of Piresk", "the mayor of Bramwick".
_PLACE_NAMED_BEFORE = re.compile(
    r"\b(?:districts?|provinces?|towns?|city|cities|villages?|regions?|suburbs?|neighbou?rhoods?|counties|"
    r"county|municipality|island|islands|capital|residents|inhabitants|streets|mayor)\s+of\s+(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*(?:,\s*|\s+and\s+))*$"
)
# The name as the subject of a speech verb, an apposition or a role between: "Brega said" never is.
_SPEAKS_AFTER = re.compile(
    r"(?:\s*,[^,.;\"“”]{1,80},)?\s+(?:has\s+|had\s+)?(?:said|says|told|tells|added|stated|declared|announced"
    r"|warned|insisted|denied|claimed|wrote|tweeted)\b",
    re.IGNORECASE,
)
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|added|according\s+to)\s+$", re.IGNORECASE)
_WHO_AFTER = re.compile(r",?\s+(?:who|whom|whose)\b")  # "Nadia Ferrant, who teaches …": a person
_APPOSITION = re.compile(r"^,\s+(?:a|an|the)\s+([^,.;:()“”\"]{3,90}?)\s*[,.;:)]")
# What follows a name to place or describe it: "Promises Treatment Center in Malibu, California",
# "Morningside Recovery, a treatment facility", "Kodak Theatre at Hollywood and Highland Center".
_LOCATION_AFTER = r"\s+(?:in|at|near|outside|on|off|between)\s+(?=[A-Za-z])"
# "Iran's Qeshm island", "California's Betty Ford Center": the place a name belongs to, before it
_PLACE_POSSESSOR = re.compile(r"^([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['’]s\s+(?=\S)")
# "the island of Qeshm", "the city of Bandar Abbas": a kind of place and its name
_PLACE_OF = re.compile(
    r"^(?:.*\s)?(?:island|city|town|village|county|province|state|region|district)\s+of\s+(.+)$"
)
_DESCRIPTOR = re.compile(r",\s|" + _LOCATION_AFTER)
_LOCATION_AFTER_NAME = re.compile(_LOCATION_AFTER)
_SIGNATURE = re.compile(r"\(@\w+\)")
_LETTER_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NUMBER = re.compile(r"\d+")
_HANDLE = re.compile(r"^@([A-Za-z0-9_]+)$")
_CAMEL_WORD = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")
_ROLE_END = re.compile(r"\s+(?:at|in|from|with|who|which|whose|for)\s+")
# A nickname written inside a name: Luis (Jerry) Ortiz, Vincent "the Chin" Gigante.
_INNER_NICKNAME = re.compile(r"(?<=\w)\s+(?:\(([^()]{2,25})\)|[\"“'‘]([^\"“”'‘’]{2,25})[\"”'’])\s+(?=\w)")
_CYRILLIC_NAME = re.compile(r"[А-ЯЄІЇҐ][а-яєіїґ'’]+(?:[\s-]+[А-ЯЄІЇҐ][а-яєіїґ'’]+){0,2}")


@dataclass
class _Item:
    """One usable mention: cleaned, typed and keyed."""

    index: int  # position in the mentions given to `resolve_entities`
    mention: Mention
    surface: str  # cleaned text, as an alias would show it
    kind: str  # PERSON, PLACE, ORG, NORP or another NER label
    key: str  # folded surface
    role: str | None = None
    acronym: str | None = None  # "(INF)" written after the name
    nickname: str | None = None  # folded one-word nickname written inside the name
    mid_sentence: bool = False  # written after another word of its sentence, so its capitals are a name's
    located: bool = False  # written after "at", "in": somewhere, not someone
    common: bool = False  # a word of it is written in lower case elsewhere in its article ("Mother")
    speaks: bool = False  # the subject of a speech verb ("Brega said" never is): someone, or a body
    possessive: bool = False  # written with "'s": "in Obama's first term" places no one

    # Cached: the key never changes once the mention is cleaned, and clustering asks for these often.
    @cached_property
    def parts(self) -> list[str]:
        return [p for p in self.key.split() if p not in HONORIFICS and p not in NAME_SUFFIXES]

    @cached_property
    def honorific_gender(self) -> str | None:
        return _honorific_gender(self)

    @cached_property
    def name_forms(self) -> list[list[str]]:
        """The name's parts, and the nickname with the surname when one is written inside it."""
        parts = self.parts
        if self.nickname and len(parts) > 1:
            return [parts, [self.nickname, parts[-1]]]
        return [parts]


@dataclass
class _Cluster:
    kind: str
    items: list[_Item] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)  # (article id, surface) found outside NER
    # Items only ever join a cluster and their name forms never change, so the names derived from them
    # are kept until an item joins: a story of many copies asks for them thousands of times.
    _names: tuple[int, list[list[str]], set[str]] = field(default=(-1, [], set()), repr=False, compare=False)

    # Offsets of the items' mentions by article, and the honorifics' genders, counted as items join.
    _starts: tuple[int, defaultdict[str, list[int]]] = field(
        default_factory=lambda: (0, defaultdict[str, list[int]](list)), repr=False, compare=False
    )
    _genders: tuple[int, set[str | None]] = field(
        default_factory=lambda: (0, set()), repr=False, compare=False
    )

    def full_names(self) -> list[list[str]]:
        return self._derived()[0]

    def starts_in(self, article: str) -> list[int]:
        seen, by_article = self._starts
        for item in self.items[seen:]:
            by_article[item.mention.article_id].append(item.mention.start)
        self._starts = (len(self.items), by_article)
        return by_article.get(article, [])

    def genders(self) -> set[str | None]:
        seen, genders = self._genders
        if seen != len(self.items):
            genders = genders | {i.honorific_gender for i in self.items[seen:]}
            self._genders = (len(self.items), genders)
        return genders

    def surnames(self) -> set[str]:
        return self._derived()[1]

    def _derived(self) -> tuple[list[list[str]], set[str]]:
        if self._names[0] != len(self.items):
            # each distinct name once: a person named 300 times is compared with 300 copies otherwise
            unique = {tuple(form): form for i in self.items if len(i.parts) > 1 for form in i.name_forms}
            full = list(unique.values())
            self._names = (len(self.items), full, {parts[-1] for parts in full})
        return self._names[1], self._names[2]


@dataclass
class CanonicalEntities:
    """The story's entities and, for every mention that found one, its entity."""

    entities: list[Entity]
    by_mention: dict[int, Entity]  # index into the given mentions -> entity
    by_position: dict[tuple[str, int], Entity]  # (article id, mention start) -> entity
    by_name: dict[str, Entity]  # folded alias or surname -> entity

    def resolve(self, name: str) -> Entity | None:
        """The entity a written name refers to ("Peskov", "Mr. Blinken", "Sergey Lavrov")."""
        parts = [p for p in fold(name).split() if p not in HONORIFICS]
        if not parts:
            return None
        return self.by_name.get(" ".join(parts)) or self.by_name.get(parts[-1])


def canonical_entities(articles: Sequence[Article], analyses: Sequence[Analysis]) -> list[Entity]:
    return resolve_story_entities(articles, analyses).entities


def resolve_story_entities(articles: Sequence[Article], analyses: Sequence[Analysis]) -> CanonicalEntities:
    """The story's entities from its articles' name candidates: those the analysis pass stored, or made
    here for an analysis without them."""
    # The signature of an embedded post ("Name (@handle) date") is removed as clutter but spells a name.
    signatures = {a.id: [line for line in a.removed if _SIGNATURE.search(line)] for a in articles}
    texts = {a.id: a.text for a in articles}
    items: list[_Item] = []
    offset = 0  # each item's index counts the story's mentions, article after article
    for analysis in analyses:
        candidates = analysis.candidates.names if analysis.candidates is not None else None
        if candidates is None:
            candidates = name_candidates(
                analysis.mentions, texts.get(analysis.article_id), analysis.sentences
            )
        items += [_item_of(offset, analysis.mentions, c) for c in candidates]
        offset += len(analysis.mentions)
    return _resolve_items(items, texts, [a.id for a in articles], signatures)


def resolve_entities(
    mentions: Sequence[Mention],
    texts: Mapping[str, str],
    article_order: Sequence[str] | None = None,
    signatures: Mapping[str, list[str]] | None = None,
) -> CanonicalEntities:
    """Group the mentions of one story into entities. `texts` (article id -> text) gives context for
    titles and Cyrillic names; offsets of the mentions refer to these texts. `signatures` are lines
    outside the text that may spell a name in another script (they add aliases, never entities)."""
    lower: dict[str, frozenset[str]] = {}  # the lower-case words of each article, read once
    items = [
        item
        for index, m in enumerate(mentions)
        for part in _list_parts(m)
        if (item := _item(index, part, texts.get(m.article_id), _words_of(lower, m.article_id, texts)))
    ]
    return _resolve_items(items, texts, article_order, signatures)


def name_candidates(
    mentions: Sequence[Mention], text: str | None, sentences: Sequence[Sentence] = ()
) -> list[NameCandidate]:
    """Every usable mention of one article, cleaned and typed: what the story's grouping starts from.
    It depends on the article alone, so the analysis pass makes it once and the store keeps it. A
    mention in a sentence of page furniture (`sentences`: the article's) names nothing of the story:
    "To play this content JavaScript must be turned on and the latest Flash player installed"."""
    lower = _lower_case_words(text) if text else frozenset()
    furniture = {s.index for s in sentences if clutter_kind(s.text) not in FURNITURE_EXEMPT}
    candidates = []
    for index, whole in enumerate(mentions):
        if whole.sentence in furniture or _is_photo_credit(whole.text) or _credited(text, whole):
            continue
        for part in _list_parts(whole):
            if (i := _item(index, part, text, lower)) is None:
                continue
            candidate = NameCandidate(
                index, i.mention.text, i.mention.start, i.mention.end, i.surface, i.kind, i.role, i.acronym,
                i.nickname, i.mid_sentence, i.located, i.common, i.speaks, i.possessive,
            )  # fmt: skip
            candidates.append(candidate)
    return candidates


def _credited(text: str | None, mention: Mention) -> bool:
    """A name NER cut from its photo credit, the agency in capitals after its slash ("Ada Vell/EPA").
    A label before it is not enough: "Photo: Ada Vell at the quay" is a caption naming who is pictured."""
    return text is not None and _AGENCY_AFTER.match(text, mention.end) is not None


_AGENCY_AFTER = re.compile(r"/[A-Z]{2,6}\b")


def _is_photo_credit(name: str) -> bool:
    """A photograph's credit read as a name: "Ada Vell/AFP/Getty Images", "Ines Holm/Reuters", one run
    into the next word ("Ines Holm/AP BP") or cut at its slash ("Ines Holm/") (a band's "AC/DC" has no
    agency after its slash)."""
    if "/" not in name:
        return False
    after = [part.split() for part in name.lower().split("/")[1:]]
    return any(
        not words or " ".join(words) in WIRE_NAMES or words[-1].endswith("images") or words[0] in WIRE_NAMES
        for words in after
    )


def _item_of(offset: int, mentions: Sequence[Mention], c: NameCandidate) -> _Item:
    """The clustering's item of a stored candidate; its index counts the story's mentions."""
    whole = mentions[c.mention]
    mention = Mention(whole.article_id, c.text, whole.label, c.start, c.end, whole.sentence)
    return _Item(
        offset + c.mention, mention, c.surface, c.kind, fold(c.surface), c.role, c.acronym, c.nickname,
        c.mid_sentence, c.located, c.common, c.speaks, c.possessive,
    )  # fmt: skip


def _words_of(lower: dict[str, frozenset[str]], article_id: str, texts: Mapping[str, str]) -> frozenset[str]:
    if article_id not in lower:
        text = texts.get(article_id)
        lower[article_id] = _lower_case_words(text) if text else frozenset()
    return lower[article_id]


def _resolve_items(
    items: list[_Item],
    texts: Mapping[str, str],
    article_order: Sequence[str] | None,
    signatures: Mapping[str, list[str]] | None,
) -> CanonicalEntities:
    clusters = _cluster(items)
    _add_cyrillic_names(clusters, {a: [t, *(signatures or {}).get(a, [])] for a, t in texts.items()})
    order = {a: i for i, a in enumerate(article_order or sorted(texts))}
    built = [(cluster, _entity(cluster, order)) for cluster in clusters]
    _count_title_mentions(built, texts, order)
    by_mention: dict[int, Entity] = {}
    by_position: dict[tuple[str, int], Entity] = {}
    for cluster, entity in built:
        for item in cluster.items:
            by_mention.setdefault(item.index, entity)
            by_position.setdefault((item.mention.article_id, item.mention.start), entity)
    entities = sorted((e for _, e in built), key=lambda e: (-len(e.articles), -e.mentions, e.name))
    return CanonicalEntities(entities, by_mention, by_position, _name_index(built))


# --- cleaning and typing ---------------------------------------------------------------------------


def _list_parts(mention: Mention) -> list[Mention]:
    """ "the Atlantic, Arctic" is two places NER ran together; a person's name has no comma."""
    if mention.label == "PERSON" or "," not in mention.text:
        return [mention]
    pieces = [p for p in mention.text.split(",") if p.strip()]
    if len(pieces) < 3 and not mention.text.rstrip().endswith(","):
        return [mention]  # "Baytown, Texas": the place and what it is in, cut when cleaned
    parts = []
    for match in re.finditer(r"[^,]+", mention.text):
        text = match.group().strip()
        if text[:1].isupper() or text.lower().startswith("the "):
            offset = mention.start + match.start() + (len(match.group()) - len(match.group().lstrip()))
            parts.append(
                Mention(mention.article_id, text, mention.label, offset, offset + len(text), mention.sentence)
            )
    return parts or [mention]


def _item(
    index: int, mention: Mention, text: str | None, lower_words: frozenset[str] | None = None
) -> _Item | None:
    """The mention cleaned and typed, None when it names nothing; `lower_words`: the words its article
    writes in lower case (`_lower_case_words` of `text`), read once per article by the callers."""
    surface = mention.text.strip().replace("\n", " ").strip("'\"“”‘’ ")
    # "BST MEXICO CITY" of "12:49 am BST MEXICO CITY (Reuters)": a clock's zone opening a dateline, with
    # its clock when NER took that too ("04:46 GMT Help")
    surface = _CLOCK_OPENING.sub("", surface)
    while (zone := surface.split(" ", 1))[0].lower() in TIME_ZONES and zone[0].isupper() and len(zone) > 1:
        surface = zone[1].lstrip()
        # "GMT Help BP" of "Last updated at 09:43 GMT Help BP has …": a page's menu label after its stamp
        if (menu := surface.split(" ", 1))[0] in _MENU_WORDS:
            if len(menu) == 1:
                return None
            surface = menu[1].lstrip()
    handle = _HANDLE.match(surface)
    if handle:  # "@TheAcademy" is the account of The Academy
        surface = " ".join(_CAMEL_WORD.findall(handle.group(1)))
    if mention.label == "PERSON":
        head = _LOCATION_AFTER_NAME.split(surface, maxsplit=1)[0]
        surface = _person_part(head if any(c.isupper() for c in head) else surface)
    else:
        surface = _DESCRIPTOR.split(surface, maxsplit=1)[0]
    nickname = None
    written_nickname = _INNER_NICKNAME.search(surface)
    if written_nickname:
        words = fold(written_nickname.group(1) or written_nickname.group(2)).split()
        words = words[1:] if words[:1] == ["the"] else words
        nickname = words[0] if len(words) == 1 else None
        surface = surface[: written_nickname.start()] + " " + surface[written_nickname.end() :]
    acronym = None
    paren = _PARENTHESIS.search(surface)
    if paren and paren.start() > 0:
        inner = paren.group(1).strip()
        acronym = inner if inner.isupper() and 1 < len(inner) <= 8 else None
        surface = surface[: paren.start()]
    tokens = surface.split()
    leading_role: list[str] = []
    # Leading lowercase words are function words or a title ("attorney Shawn Holley"); the name follows.
    while len(tokens) > 1 and not tokens[0][:1].isupper() and any(t[:1].isupper() for t in tokens[1:]):
        word = tokens.pop(0)
        if word.lower() not in LEADING_FUNCTION_WORDS:
            leading_role.append(word)
    # "Of Betty Ford Treatment Center" in a headline: a capitalised function word is not the name's.
    while len(tokens) > 1 and tokens[0].lower().strip(".") in HONORIFICS | LEADING_FUNCTION_WORDS:
        tokens.pop(0)
    # "Attorney Mark Heller" at a sentence start: the title is capitalised like the name it precedes.
    # ("Attorney General" is a title whole: what is left must not be a title word itself.)
    while (
        len(tokens) > 1
        and tokens[0].lower() in HUMAN_ROLE_NOUNS
        and tokens[1][:1].isupper()
        and tokens[-1].lower() not in HUMAN_ROLE_NOUNS
    ):
        leading_role.append(tokens.pop(0))
    surface = " ".join(tokens).strip(" ,;:")
    surface = _POSSESSIVE.sub("", surface).strip(" ,;:")
    possessor = _PLACE_POSSESSOR.match(surface)
    if (
        possessor
        and gazetteer().place(possessor.group(1))
        and any(c.isupper() for c in surface[possessor.end() :])
    ):
        surface = surface[possessor.end() :]
    if surface.endswith(".") and surface.count(".") == 1:
        surface = surface[:-1]
    surface = _TRAILING_SCORE.sub("", surface)  # "Westmoor United 3–1": the name and the result NER ran on
    key = fold(surface)
    if len(key.replace(" ", "")) < 2 or key.isdigit() or surface.startswith(("@", "#", "http")):
        return None
    if mention.text.lower() == mention.text and mention.text.upper() != mention.text:
        return None  # "mosques": words written without a capital in a cased script name nothing
    if key in PORTFOLIO_WORDS or len(key.split()) > 8:
        return None
    if len(key.split()) > 1 and all(
        w.strip(".,") in CALENDAR_WORDS or w.strip(".,").isdigit() for w in key.split()
    ):
        return None  # "Fri Jun", "Sat Feb 26": a date's pieces (one word alone may be a name: May)
    if key in TIME_ZONES:
        return None  # "BST", "ET" of a clock time
    if mention.label == "PERSON" and any(_CODE.fullmatch(w) for w in surface.split()):
        return None  # "nN15210454": a wire story's code under its text, no one's name
    if text and mention.label == "PERSON" and in_sign_off(text, mention.start, mention.end):
        return None  # "Ines Holm BBC" under a report: its correspondent, not someone of the story
    kind = TYPE_GROUPS.get(mention.label, mention.label)
    last = key.split()[-1]
    if kind == "PERSON" and last in ORGANISATION_WORDS:
        kind = "ORG"  # the last word says what it is: "Port Calder FC" is a club, not a port
    elif kind == "PERSON" and (
        last in FACILITY_WORDS | GEOGRAPHIC_WORDS
        or any(w in GEOGRAPHIC_LEADING_WORDS for w in key.split()[:-1])
    ):
        kind = "PLACE"
    elif kind in {"EVENT", "WORK_OF_ART", "PRODUCT"} and last in FACILITY_WORDS | GEOGRAPHIC_WORDS:
        kind = "PLACE"  # "the Ombak Dam" tagged as an event
    if (
        kind in {"PERSON", "ORG"}
        and text
        and _PLACE_NAMED_BEFORE.search(text, max(0, mention.start - 120), mention.start)
    ):
        kind = "PLACE"  # "the riverside districts of Ketapa and Lumbu", "the town of Dargahan"
    role = _role_before(text, mention) if text else None
    if role is None and leading_role and leading_role[-1].lower() in HUMAN_ROLE_NOUNS:
        role = " ".join(leading_role)
    if role is None and text:
        role = _role_after(text, mention)
    described = role or (text and _WHO_AFTER.match(text, mention.end))
    if kind not in {"PERSON", "PLACE", "NORP"} and described and _looks_like_full_name(surface):
        kind = "PERSON"  # "Ada Quint, a Baltic analyst" / "Ada Quint, who teaches law" tagged ORG
    mid_sentence = bool(text) and _in_running_text(text or "", mention.start)
    before = [
        *(text or "")[max(0, mention.start - 12) : mention.start].split()[-1:],
        *mention.text.split()[:1],
    ]
    located = any(w.lower() in PLACE_PREPOSITIONS for w in before)
    if lower_words is None:
        lower_words = _lower_case_words(text) if text else frozenset()
    common = bool(text) and any(w.lower() in lower_words for w in surface.split())
    speaks = bool(text) and (
        _SPEAKS_AFTER.match(text or "", mention.end) is not None
        or _SPEECH_BEFORE.search((text or "")[max(0, mention.start - 20) : mention.start]) is not None
    )
    possessive = bool(text) and (text or "")[mention.end : mention.end + 2] in {"'s", "’s"}
    return _Item(
        index, mention, surface, kind, key, role, acronym, nickname, mid_sentence, located, common, speaks,
        possessive,
    )  # fmt: skip


@lru_cache(maxsize=256)
def in_sign_off(text: str, start: int, end: int) -> bool:
    """Whether the full name text[start:end] stands in a line of its own with at most a few capitalised
    words beside it: a correspondent's sign-off ("Jonathan Marcus BBC", "Ines Holm, Varnholm"), not a
    sentence nor a headline ("Vendor Ships Patch For Browser")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    beside = len(line.split()) - len(text[start:end].split())
    return (
        line_start > 0
        and len(text[start:end].split()) >= 2
        and beside <= SIGN_OFF_WORDS
        and not _LOWER_WORD.search(line)
    )


def _lower_case_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _LETTER_WORD.findall(text) if w[0].islower())


def _in_running_text(text: str, start: int) -> bool:
    """After another word of its sentence, in a line that is not a title-case headline."""
    before = text[max(0, start - 20) : start].rstrip(" \t\"'“‘(")
    if not before or before[-1] in ".!?:\n":
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return not _title_case_line(text[line_start : line_end if line_end >= 0 else len(text)])


@lru_cache(maxsize=1024)
def _title_case_line(line: str) -> bool:
    """A headline in title case ("Microsoft Issues Emergency Patch"). Cached: a paragraph is one line, and
    every mention in it asks."""
    words = _LETTER_WORD.findall(line)
    capitalised = sum(w[0].isupper() for w in words)
    return len(words) >= MIN_HEADLINE_WORDS and capitalised >= HEADLINE_CAPITALS * len(words)


def _person_part(surface: str) -> str:
    """The name in a person mention that runs on after a comma: "Ada Quint, MD", "Ada Quint, Jr"."""
    pieces = [p.strip() for p in surface.split(",") if p.strip()]
    if len(pieces) < 2:
        return surface
    return next((p for p in pieces if _looks_like_full_name(p)), pieces[0])


def _looks_like_full_name(surface: str) -> bool:
    """Two to four capitalised words, the last not a title ("Surgeon General", "Prime Minister")."""
    tokens = surface.split()
    return (
        2 <= len(tokens) <= 4
        and all(t[:1].isupper() and t.rstrip(".").isalpha() for t in tokens)
        and tokens[-1].lower() not in HUMAN_ROLE_NOUNS
    )


_ROLE_OF_ANOTHER = {"of", "for", "at", "from", "with", "to", "in", "by"}  # prepositions before a name


def _role_before(text: str, mention: Mention) -> str | None:
    """A title written just before the name: "US Secretary of State", "Kremlin spokesman"."""
    window = text[max(0, mention.start - 120) : mention.start]
    tokens = _TOKEN.findall(window)
    taken: list[str] = []
    for token in reversed(tokens):
        if len(taken) >= MAX_ROLE_WORDS or token[-1] in ',.;:!?()“”"':
            break
        bare = token.strip("“”\"'(").lower()
        possessive = bool(_POSSESSIVE.search(token)) and token[:1].isupper()
        if token[:1].isupper() or possessive or bare in ROLE_MODIFIERS or bare in HUMAN_ROLE_NOUNS:
            taken.append(token)
        else:
            break
    taken.reverse()
    last = next((t.lower() for t in reversed(taken) if t.lower() not in {"the", "a", "an"}), "")
    if last in _ROLE_OF_ANOTHER:
        return None  # "the head of the Fund", "a representative of Unicef": the role is someone else's
    while taken and taken[0].lower() in {"of", "and", "the", "for"}:
        taken.pop(0)
    if not any(t.lower().strip("’'s") in HUMAN_ROLE_NOUNS or t.lower() in HUMAN_ROLE_NOUNS for t in taken):
        return None
    return " ".join(taken)


def _role_after(text: str, mention: Mention) -> str | None:
    """An apposition after the name: "Ada Quint, a Baltic analyst at …,"."""
    match = _APPOSITION.match(text[mention.end : mention.end + 120])
    if match is None:
        return None
    phrase = _ROLE_END.split(match.group(1))[0]  # "Baltic analyst" of "Baltic analyst at Lindquay College"
    words = phrase.split()
    if len(words) > MAX_ROLE_WORDS or not any(w.lower() in HUMAN_ROLE_NOUNS for w in words[:4]):
        return None
    return phrase


# --- clustering ---------------------------------------------------------------------------------------


def _full_name_parts(items: list[_Item]) -> set[str]:
    """The words of the names of two words or more typed PERSON as the items stand now."""
    return {p for i in items if i.kind == "PERSON" and len(i.parts) > 1 for p in i.parts}


def _retype_silent_people(items: list[_Item]) -> None:
    """A "person" the story never has speak, with no role, honorific or possessive, is a place when it
    is mostly written after "in", "at" or "near" (Ras Lanuf, Brega): evidence from all its mentions.
    One word of that kind the articles also write in lower case ("Propofol" and "the drug propofol",
    "Underwater") is a thing, not a person (MISC)."""
    by_key: defaultdict[str, list[_Item]] = defaultdict(list)
    for item in items:
        by_key[item.key].append(item)
    name_parts = _full_name_parts(items)
    for group in by_key.values():
        if not any(i.kind == "PERSON" for i in group):
            continue
        if any(i.speaks or i.role or i.honorific_gender or i.possessive for i in group):
            continue
        located = sum(i.located for i in group)
        if located >= MIN_LOCATED and 2 * located >= len(group):
            for item in group:
                item.kind = "PLACE"
        elif all(len(i.parts) == 1 and i.common and i.parts[0] not in name_parts for i in group):
            for item in group:
                item.kind = "MISC"


def _outvote_lone_words_no_one_names(items: list[_Item], votes: Mapping[str, Counter[str]]) -> None:
    """One word NER tags a person no more often than a body or a thing ("Relenza", "Macondo",
    "Oseltamivir"), never with a role or title, never saying anything and not part of a person's
    longer name, is what its other tags say: the person-first tie-break is for names, and nothing here
    says it is one. A tie with a place is left to the evidence `_retype_silent_people` weighs ("in",
    "at"): NER tags misspelt people places too."""
    name_parts = _full_name_parts(items)
    # a speech verb's subject may be a body ("Unicef said"), but is a person as often: left as tagged
    with_person_cue = {i.key for i in items if i.role or i.honorific_gender or i.speaks}
    for item in items:
        count = votes[item.key]
        others = {k: n for k, n in count.items() if k not in ("PERSON", "PLACE", "")}
        if (
            item.kind == "PERSON"
            and len(item.parts) == 1
            and others
            and count["PERSON"] <= sum(others.values())
            and item.key not in with_person_cue
            and item.parts[0] not in name_parts
        ):
            item.kind = max(others, key=lambda k: (others[k], -_priority(k)))


def _cluster(items: list[_Item]) -> list[_Cluster]:
    _retype_silent_people(items)
    votes: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        votes[item.key][item.kind] += 1
    for item in items:
        if (
            votes[item.key]["PERSON"]
            and _looks_like_full_name(item.surface)
            and not gazetteer().place(item.surface)
            and item.key.split()[-1] not in DESIGNATOR_WORDS  # "Health Protection Agency" is a body
        ):
            item.kind = "PERSON"  # NER tags a two-word name PERSON in one context and ORG in another
        else:
            item.kind = max(votes[item.key], key=lambda k: (votes[item.key][k], -_priority(k)))
    _outvote_lone_words_no_one_names(items, votes)
    gaz = gazetteer()
    people: list[_Cluster] = []
    # A full name recurs in every article of a story; its home only changes when the people's names do.
    homes: dict[tuple[tuple[str, ...], ...], tuple[int, _Cluster]] = {}  # name forms -> (version, home)
    version = 0  # counts the changes to the people's full names
    surnames = _SurnameIndex()  # the people's surnames, by position in `people`
    position: dict[int, int] = {}
    for item in sorted((i for i in items if i.kind == "PERSON" and len(i.parts) > 1), key=_frequency(items)):
        if gaz.place(item.surface) and votes[item.key]["PERSON"] < sum(votes[item.key].values()):
            item.kind = "PLACE"
            continue
        forms = tuple(map(tuple, item.name_forms))
        known = homes.get(forms)
        if known is not None and known[0] == version:
            home = known[1]
        else:
            near = sorted(set().union(*(surnames.like(form[-1]) for form in item.name_forms)))
            found = next(
                (
                    c
                    for c in map(people.__getitem__, near)
                    if any(same_person(form, p) for form in item.name_forms for p in c.full_names())
                ),
                None,
            )
            if found is None:
                found = _Cluster("PERSON")
                people.append(found)
                position[id(found)] = len(people) - 1
            home = found
        if any(form not in home.full_names() for form in item.name_forms):
            version += 1
            for form in item.name_forms:
                surnames.add(form[-1], position[id(home)])
        home.items.append(item)
        homes[forms] = (version, home)
    _merge_name_tails(people)
    _release_places(people, items)
    placed = {id(i) for c in people for i in c.items}
    rest: list[_Item] = []
    singles: list[_Item] = []
    names = _SingleNames(people)
    for item in items:
        if id(item) in placed:
            continue
        if names.surname_holders(item) and not gaz.place(item.surface):
            singles.append(item)
        elif "-" in item.key and _all_parts_surnames(item.key, people):
            continue  # "Blinken-Lavrov" is the two people's meeting, not an entity
        elif item.kind == "PERSON" and len(item.parts) == 1 and names.first_name_holders(item):
            singles.append(item)
        else:
            rest.append(item)
    for item in singles:
        single_home = names.home(item)
        if single_home is None:
            rest.append(item)
        else:
            single_home.items.append(item)
            if len(item.parts) > 1:
                names = _SingleNames(people)  # a full name joined: the people's names changed
    demonym_stems = _demonym_stems(items)
    for item in rest:
        if item.kind == "PERSON" and gaz.place(item.surface):
            item.kind = "PLACE"  # a known city tagged as a person, with no person of that name around
        elif (
            item.kind in {"PERSON", "ORG"} and len(item.parts) == 1 and _has_demonym(item.key, demonym_stems)
        ):
            item.kind = "PLACE"  # "Savenne" tagged a person in a story that says "Savennese"
    return people + _cluster_names(rest)


DEMONYM_ENDINGS = ("ese", "ian", "ean", "an", "ish", "i")  # Savennese, Ukrainian, Korean, Ondravian


def _demonym_stems(items: list[_Item]) -> set[str]:
    """What the story's nationality words are made from: "savenn" of "Savennese", "ondrav" of
    "Ondravians"."""
    stems: set[str] = set()
    for item in items:
        if item.kind != "NORP" or " " in item.key:
            continue
        word = item.key[:-1] if item.key.endswith("s") else item.key
        stems.update(
            word[: -len(end)] for end in DEMONYM_ENDINGS if word.endswith(end) and len(word) > len(end) + 3
        )
    return stems


def _has_demonym(key: str, stems: set[str]) -> bool:
    """A one-word name whose nationality word the story writes is a country or a region: Savenne and
    Savennese, Ondravia and Ondravian (the ending replaces at most the name's last two letters)."""
    return any(key[:cut] in stems for cut in range(max(4, len(key) - 2), len(key) + 1))


def _merge_name_tails(people: list[_Cluster]) -> None:
    """ "Mark Felt" and "Lo Presti" are the end of "W. Mark Felt" and "Gaetano Lo Presti": a person named
    only by the tail of one other person's longer name is that person."""
    # proper tails of every full name -> the people whose names end with them
    ending: defaultdict[tuple[str, ...], set[int]] = defaultdict(set)

    def index(cluster: _Cluster, names: list[list[str]]) -> None:
        for name in names:
            for cut in range(1, len(name)):
                ending[tuple(name[cut:])].add(id(cluster))

    for cluster in people:
        index(cluster, cluster.full_names())
    by_id = {id(c): c for c in people}
    for short in sorted(people, key=lambda c: len(c.items)):
        names = short.full_names()
        if not names:
            continue
        homes = set.intersection(*(ending.get(tuple(n), set()) for n in names)) - {id(short)}
        if len(homes) == 1:
            home = by_id[homes.pop()]
            home.items.extend(short.items)
            people.remove(short)
            for name in names:  # short's entries are the tails of its own names
                for cut in range(1, len(name)):
                    ending[tuple(name[cut:])].discard(id(short))
            index(home, names)


def _release_places(people: list[_Cluster], items: list[_Item]) -> None:
    """ "at Betty Ford" when the story names the Betty Ford Center: a name written mostly after "at" or
    "in" that begins the name of a place or organisation is that place, not a person."""
    for cluster in list(people):
        if 2 * sum(i.located for i in cluster.items) <= len(cluster.items):
            continue
        names = {" ".join(parts) + " " for parts in cluster.full_names()}
        place = next(
            (
                i
                for i in items
                if i.kind not in {"PERSON", "NORP"} and any(i.key.startswith(n) for n in names)
            ),
            None,
        )
        if place is not None:
            for item in cluster.items:
                item.kind = place.kind
            people.remove(cluster)


def _priority(kind: str) -> int:
    return TYPE_PRIORITY.index(kind) if kind in TYPE_PRIORITY else len(TYPE_PRIORITY)


def _frequency(items: list[_Item]) -> Callable[[_Item], tuple[int, int]]:
    counts = Counter(i.key for i in items)
    return lambda item: (-counts[item.key], item.index)


class _SurnameIndex:
    """Which people (by position) have a surname, or a spelling variant of it (`parts_similar`), found
    by one fuzzy search over the distinct surnames instead of a comparison with every person."""

    def __init__(self) -> None:
        self.owners: defaultdict[str, set[int]] = defaultdict(set)
        self.spellings: list[str] = []

    def add(self, surname: str, position: int) -> None:
        if surname not in self.owners:
            self.spellings.append(surname)
        self.owners[surname].add(position)

    def exact(self, surname: str) -> set[int]:
        return self.owners.get(surname, set())

    def like(self, surname: str) -> set[int]:
        found = set(self.exact(surname))
        if len(surname) >= SHORT_NAME:  # shorter parts only match exactly
            hits = process.extract(
                surname, self.spellings, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY, limit=None
            )
            for spelling, _, _ in hits:
                if parts_similar(surname, spelling):
                    found |= self.owners[spelling]
        return found


def _person_surname_candidates(
    item: _Item, people: list[_Cluster], surnames: _SurnameIndex
) -> list[_Cluster]:
    """Person clusters whose surname (or full name) this mention is, whatever NER labelled it."""
    if item.kind not in {"PERSON", "ORG", "PLACE", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", ""}:
        return []
    parts = item.parts
    if len(parts) == 1:
        # another type joins a person only by an exact surname
        near = surnames.exact(parts[0]) if item.kind != "PERSON" else surnames.like(parts[0])
        return [people[i] for i in sorted(near)]
    if item.kind == "PERSON" or not _looks_like_full_name(item.surface):
        return []
    # "Boone Isaacs" of Cheryl Boone Isaacs, or a full name NER did not tag as a person
    return [
        c
        for c in map(people.__getitem__, sorted(surnames.like(parts[-1])))
        if any(full[-len(parts) :] == parts or same_person(parts, full) for full in c.full_names())
    ]


def _first_name_candidates(item: _Item, people: list[_Cluster]) -> list[_Cluster]:
    name = item.parts[0]
    return [
        c for c in people if any(len(p[0]) > 1 and first_names_compatible(name, p[0]) for p in c.full_names())
    ]


def _all_parts_surnames(key: str, people: list[_Cluster]) -> bool:
    parts = [p for p in key.replace("-", " ").split() if p]
    surnames = set().union(*(c.surnames() for c in people)) if people else set()
    return len(parts) > 1 and all(p in surnames for p in parts)


class _SingleNames:
    """Attaches surnames and first names alone to the people, while the people's full names stay as
    they are: which people have a name is then asked once per name, not once per mention."""

    def __init__(self, people: list[_Cluster]) -> None:
        self.people = people
        self.surnames = _SurnameIndex()
        for position, cluster in enumerate(people):
            for surname in cluster.surnames():
                self.surnames.add(surname, position)
        self.by_surname: dict[tuple[str, str, str], list[_Cluster]] = {}
        self.by_first_name: dict[str, list[_Cluster]] = {}

    def surname_holders(self, item: _Item) -> list[_Cluster]:
        asked = (item.kind, item.key, item.surface if len(item.parts) > 1 else "")
        if asked not in self.by_surname:
            self.by_surname[asked] = _person_surname_candidates(item, self.people, self.surnames)
        return self.by_surname[asked]

    def first_name_holders(self, item: _Item) -> list[_Cluster]:
        if item.parts[0] not in self.by_first_name:
            self.by_first_name[item.parts[0]] = _first_name_candidates(item, self.people)
        return self.by_first_name[item.parts[0]]

    def home(self, item: _Item) -> _Cluster | None:
        """The person a surname or first name alone refers to: the one its article names nearest before it."""
        by_surname = self.surname_holders(item)
        candidates = by_surname or self.first_name_holders(item)
        gender = item.honorific_gender
        if gender:  # "Mr Jenkin" is not the Jenkin another mention calls "Miss Jenkin"
            candidates = [c for c in candidates if not c.genders() - {gender, None}]
            by_surname = [c for c in by_surname if c in candidates]
        if not candidates:
            return None
        article = item.mention.article_id
        in_article = [c for c in candidates if c.starts_in(article)]
        if not by_surname:
            # A first name alone is ambiguous unless one person of the article (or the story) has it.
            pool = in_article or candidates
            return pool[0] if len(pool) == 1 else None
        if in_article:
            return max(in_article, key=lambda c: _nearest_before(c.starts_in(article), item.mention.start))
        # Named nowhere in its article: only a surname one person of the story has is clear.
        return candidates[0] if len(candidates) == 1 else None


def _honorific_gender(item: _Item) -> str | None:
    first = fold(item.mention.text).split()[:1]
    if not first:
        return None
    return "male" if first[0] in MALE_HONORIFICS else "female" if first[0] in FEMALE_HONORIFICS else None


def _nearest_before(starts: list[int], start: int) -> tuple[int, int]:
    """How near before `start` the nearest of `starts` is (the first of them when none is before)."""
    before = [s for s in starts if s < start]
    return (max(before), 0) if before else (-1, -min(starts))


def _cluster_names(items: list[_Item]) -> list[_Cluster]:
    """Places, organisations and everything else: folded spelling, gazetteer alias, acronym, typo."""
    gaz = gazetteer()
    groups: dict[tuple[str, str], _Cluster] = {}
    for item in items:
        place = gaz.place(item.surface)
        if place is not None and item.kind in {"PLACE", "PERSON", "ORG", ""}:
            item.kind = "PLACE"
        key = fold(place) if place is not None and item.kind == "PLACE" else _name_key(item)
        group = groups.setdefault((item.kind, key), _Cluster(item.kind))
        group.items.append(item)
    keyed = sorted(groups.items(), key=lambda kv: -len(kv[1].items))
    merged: list[tuple[str, str, _Cluster]] = []
    keys: dict[int, list[str]] = {}  # every spelling a merged cluster has met, so a third joins either
    spellings = _SpellingIndex()
    for (kind, key), cluster in keyed:
        position = next(
            (
                p
                for p in spellings.candidates(key, cluster)
                if _same_family(kind, merged[p][0])
                and any(_same_name(key, k, cluster, merged[p][2]) for k in keys[id(merged[p][2])])
            ),
            None,
        )
        if position is None:
            spellings.add(len(merged), key, cluster)
            merged.append((kind, key, cluster))
            keys[id(cluster)] = [key]
        else:
            spellings.add(position, key, cluster)
            home = merged[position][2]
            home.items.extend(cluster.items)
            keys[id(home)].append(key)
    _merge_head_words(merged)
    return [c for _, _, c in merged]


class _SpellingIndex:
    """The merged clusters a name may be the same name as (`_same_name`), found without comparing it with
    every one: a story of hundreds of articles has thousands of names. Each relation `_same_name` tests
    compares some form of the two names exactly (the name, its singular, its leading or trailing words,
    its initials, a written acronym), or is a typo, which only a name of about the same length can be.
    So the candidates are the clusters sharing a form, and those fuzzy search finds: a superset of the
    matches, in the order the clusters were made, for `_same_name` to decide."""

    def __init__(self) -> None:
        self.by_form: defaultdict[str, set[int]] = defaultdict(set)  # form -> positions of clusters
        self.long_keys: list[str] = []  # names long enough for typo matching, and their clusters
        self.long_owners: list[int] = []

    def add(self, position: int, key: str, cluster: _Cluster) -> None:
        for form in _compared_forms(key, cluster):
            self.by_form[form].add(position)
        if len(key) >= MIN_TYPO_LENGTH:
            self.long_keys.append(key)
            self.long_owners.append(position)

    def candidates(self, key: str, cluster: _Cluster) -> list[int]:
        found: set[int] = set()
        for form in _compared_forms(key, cluster):
            found.update(self.by_form.get(form, ()))
        if len(key) >= MIN_TYPO_LENGTH and self.long_keys:
            typos = process.extract(
                key, self.long_keys, scorer=fuzz.ratio, score_cutoff=NON_PERSON_SIMILARITY, limit=None
            )
            found.update(self.long_owners[index] for _, _, index in typos)
        return sorted(found)


def _compared_forms(key: str, cluster: _Cluster) -> set[str]:
    """Every string `_same_name` may find equal to another name's: see `_SpellingIndex`."""
    words = key.split()
    forms = {key, _singular(key)}
    forms.update(" ".join(words[:n]) for n in range(1, len(words)))
    forms.update(" ".join(words[n:]) for n in range(1, len(words)))
    content = [w for w in words if w not in ACRONYM_SKIPPED_WORDS]
    if len(content) >= 2:  # `_is_acronym` reads no initials off one word
        initials = "".join(w[0] for w in content if w != "the")
        forms.update((initials, "".join(w[0] for w in content), "t" + initials))
    forms.update(fold(i.acronym) for i in cluster.items if i.acronym)
    return forms


def _same_family(a: str, b: str) -> bool:
    """Names of places, organisations and works meet whatever NER called them; groups of people
    (NORP) and people stay among themselves."""
    return a == b or ({a, b}.isdisjoint({"NORP", "PERSON"}))


def _merge_head_words(merged: list[tuple[str, str, _Cluster]]) -> None:
    """A short name is the one longer name of the story it begins or ends: "Academy" of the Academy of
    Motion Picture Arts and Sciences, "Colts" of the Indianapolis Colts, "Act" of the Clean Air Act."""
    gaz = gazetteer()
    singular_words = {id(m): _singular(m[1]).split() for m in merged}
    # A head is a longer name's proper tail, or its first word: only those names are compared.
    by_tail: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    by_first_word: defaultdict[str, list[int]] = defaultdict(list)
    for position, m in enumerate(merged):
        words = singular_words[id(m)]
        by_first_word[words[0]].append(position)
        for cut in range(1, len(words)):
            by_tail[tuple(words[cut:])].append(position)
    original = list(merged)
    gone: set[int] = set()  # positions of the names merged away
    for position, short in sorted(enumerate(original), key=lambda pm: len(pm[1][1])):
        kind, key, cluster = short
        if kind == "NORP" or any(gaz.place(i.surface) for i in cluster.items):
            continue
        if kind == "PERSON" and (" " in key or not cluster.items):
            continue  # only a one-word "person" no person of the story claimed may be a name's head
        if not any(
            i.mid_sentence and _capitalised(i.surface) and not i.surface.isupper() for i in cluster.items
        ):
            continue  # "Man" in a headline or at a sentence start may be any man
        words = _singular(key).split()
        # A place begins the names of what is in it (Surrey / Surrey Police) unless it is mostly written
        # not as a place ("in Surrey") but as the team or school named after it ("Creighton beat Drake").
        may_begin = kind != "PLACE" or 2 * sum(i.located for i in cluster.items) < len(cluster.items)
        near = by_tail.get(tuple(words), [])
        if may_begin and len(words) == 1:
            near = sorted({*near, *by_first_word.get(words[0], [])})
        longer = [
            m
            for m in (original[i] for i in near if i not in gone)
            if len(singular_words[id(m)]) > len(words)
            and m[0] not in {"NORP", "PERSON"}
            and _head_of(words, singular_words[id(m)], may_begin=may_begin)
            and (kind == "PERSON" or _same_family(kind, m[0]))
            and any(_capitalised(i.surface) and (i.mid_sentence or not i.common) for i in m[2].items)
        ]
        # A name's head noun is its last word: "Bluejays" is the Creighton Bluejays before Bluejay Nation.
        ending = [m for m in longer if singular_words[id(m)][-len(words) :] == words]
        home = _innermost(ending or longer)
        if home is not None:
            home[2].items.extend(cluster.items)
            merged.remove(short)
            gone.add(position)


def _capitalised(surface: str) -> bool:
    """Every word capitalised but the small ones: a name ("Creighton Bluejays"), not "Millom man"."""
    return all(w[:1].isupper() or not w[:1].isalpha() or w in NAME_FUNCTION_WORDS for w in surface.split())


def _innermost(longer: list[tuple[str, str, _Cluster]]) -> tuple[str, str, _Cluster] | None:
    """The one name the others extend ("Morningside Recovery" of "Morningside Recovery rehab facility"),
    or None when the candidates name different things ("Boston Globe", "Boston Red Sox")."""
    if len(longer) <= 1:
        return longer[0] if longer else None
    shortest = min(longer, key=lambda m: len(m[1]))
    words = shortest[1].split()
    n = len(words)
    if all(m[1].split()[:n] == words or m[1].split()[-n:] == words for m in longer):
        return shortest
    return None


def _head_of(words: list[str], longer: list[str], may_begin: bool) -> bool:
    """`words` begin (one word only, when `may_begin`) or end `longer`, and are not just a generic word
    like "Center"; a name that ends them after "New" or "West" is another thing (New Cold War, West
    Virginia)."""
    if len(words) == 1 and words[0] in GENERIC_DESIGNATORS:
        return False
    if may_begin and len(words) == 1 and longer[:1] == words:
        return True
    return longer[-len(words) :] == words and longer[0] not in DISTINGUISHING_MODIFIERS


def _singular(key: str) -> str:
    """ "Colts" and "Colt" are one team: the last word without a plural s."""
    words = key.split()
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        words[-1] = last[:-1]
    return " ".join(words)


def _name_key(item: _Item) -> str:
    key = " ".join(NAME_ABBREVIATIONS.get(w, w) for w in item.key.split())
    if key.startswith("the "):
        key = key[4:]
    place_of = _PLACE_OF.match(key)
    if place_of and item.kind in {"PLACE", "LOC", "GPE", ""}:
        key = place_of.group(1)
    if item.kind == "NORP" and key.endswith("s") and len(key) > 4:
        key = key[:-1]  # Russians / Russian
    return key


def _same_name(key: str, other: str, cluster: _Cluster, other_cluster: _Cluster) -> bool:
    if key == other or _singular(key) == _singular(other):
        return True
    if _is_acronym(key, other, other_cluster) or _is_acronym(other, key, cluster):
        return True
    if _NUMBER.findall(key) != _NUMBER.findall(other):
        return False  # Internet Explorer 8 / 9, Apollo 11 / 13: the number tells them apart
    if min(len(key), len(other)) >= MIN_TYPO_LENGTH and fuzz.ratio(key, other) >= NON_PERSON_SIMILARITY:
        return True
    short, long_ = sorted((key.split(), other.split()), key=len)
    if long_[: len(short)] == short and all(w in GENERIC_DESIGNATORS for w in long_[len(short) :]):
        return True
    # "Boston Red Sox" / "Red Sox", "Surgeon General of the United States" / "Surgeon General": a name
    # with the place it belongs to before it or after "of"
    places = gazetteer().place_by_alias
    prefix = long_[: len(long_) - len(short)]
    if prefix and long_[len(prefix) :] == short and places.get(" ".join(prefix)) is not None:
        return True
    suffix = long_[len(short) :]
    if suffix[:1] != ["of"] or long_[: len(short)] != short:
        return False
    place = suffix[2:] if suffix[1:2] == ["the"] else suffix[1:]
    return places.get(" ".join(place)) is not None


def _is_acronym(short: str, long_: str, long_cluster: _Cluster) -> bool:
    if " " in short or not 2 <= len(short) <= 8:
        return False
    if any(i.acronym and fold(i.acronym) == short for i in long_cluster.items):
        return True
    words = [w for w in long_.split() if w not in ACRONYM_SKIPPED_WORDS]
    initials = "".join(w[0] for w in words if w != "the")
    if len(words) < 2:
        return False
    if any(_holds_acronym(i.surface) for i in long_cluster.items):
        return False  # a name holding an acronym is spelt out by none: UN is not "US Navy"
    if short in {initials, "".join(w[0] for w in words)}:
        return True
    # THR of The Hollywood Reporter, whose key lost its "the"
    return short == "t" + initials and any(
        fold(i.mention.text).startswith("the ") for i in long_cluster.items
    )


def _holds_acronym(surface: str) -> bool:
    """A word in capitals beside words that are not ("US Navy"; a heading in capitals holds none)."""
    capitals = [bool(_CAPITALS_WORD.fullmatch(w)) for w in surface.split()]
    return any(capitals) and not all(capitals)


def _add_cyrillic_names(clusters: list[_Cluster], texts: Mapping[str, list[str]]) -> None:
    """Names written in Cyrillic (which the English NER misses) join the entity their transliteration is."""
    for article, lines in texts.items():
        for text in lines:
            if not has_cyrillic(text):
                continue
            for match in _CYRILLIC_NAME.finditer(text):
                home = _transliteration_match(match.group(), clusters)
                if home is not None:
                    home.extra.append((article, match.group()))


def _transliteration_match(name: str, clusters: list[_Cluster]) -> _Cluster | None:
    for ukrainian in (True, False):  # Ukrainian and Russian romanise и, г, й differently
        parts = fold(transliterate(name, ukrainian=ukrainian)).split()
        for cluster in clusters:
            if cluster.kind == "PERSON" and len(parts) > 1:
                if any(same_person(parts, p) for p in cluster.full_names()):
                    return cluster
            elif any(" ".join(parts) == i.key for i in cluster.items):
                return cluster
    return None


# --- building entities ----------------------------------------------------------------------------------


def _entity(cluster: _Cluster, order: Mapping[str, int]) -> Entity:
    surfaces = Counter(i.surface for i in cluster.items)
    surfaces.update(s for _, s in cluster.extra)
    articles = {i.mention.article_id for i in cluster.items} | {a for a, _ in cluster.extra}
    if cluster.kind == "PERSON" or not cluster.items:
        kind = cluster.kind  # a person's surname NER took for an organisation is still the person's
    else:
        kind = Counter(i.kind for i in cluster.items).most_common(1)[0][0]
    name = _canonical_name(cluster, surfaces, kind)
    shown = {fold(name)}
    aliases = []
    for surface, _ in surfaces.most_common():
        if fold(surface) not in shown or (surface != name and has_cyrillic(surface)):
            shown.add(fold(surface))
            aliases.append(surface)
    aliases.extend(sorted({i.acronym for i in cluster.items if i.acronym and i.acronym not in aliases}))
    roles = Counter(i.role for i in cluster.items if i.role)
    role = (
        max(roles, key=lambda r: (roles[r], -len(r.split()) if len(r.split()) > 4 else len(r)))
        if roles
        else None
    )
    return Entity(
        name=name,
        type=kind,
        aliases=sorted(aliases),
        role=role if kind == "PERSON" else None,
        mentions=sum(surfaces.values()),
        articles=sorted(articles, key=lambda a: order.get(a, len(order))),
    )


def _canonical_name(cluster: _Cluster, surfaces: Counter[str], kind: str) -> str:
    gaz = gazetteer()
    latin = [s for s in surfaces if not has_cyrillic(s)] or list(surfaces)
    if kind == "PLACE":
        places = Counter(p for s in latin for p in [gaz.place(s)] if p)
        if places:
            return places.most_common(1)[0][0]
    if kind == "PERSON":
        full = [s for s in latin if len(s.split()) > 1] or latin
        known = [(s, hit) for s in full if (hit := gaz.person(s))]
        if known:
            person = Counter(hit[0].name for _, hit in known).most_common(1)[0][0]
            accepted = [s for s, (p, exact) in known if exact and p.name == person]
            if not accepted:
                return person  # only misspellings seen: the gazetteer knows the right one
            full = accepted
        return max(full, key=lambda s: (surfaces[s], len(s)))
    articles_of: defaultdict[str, set[str]] = defaultdict(set)
    for item in cluster.items:
        articles_of[item.surface].add(item.mention.article_id)
    return max(latin, key=lambda s: (surfaces[s], len(articles_of[s]), len(s.split()) > 1, s))


def _count_title_mentions(
    built: list[tuple[_Cluster, Entity]], texts: Mapping[str, str], order: Mapping[str, int]
) -> None:
    """A title without a name after it ("the US Secretary of State") mentions the one person holding it."""
    holders: defaultdict[str, list[Entity]] = defaultdict(list)
    for _, entity in built:
        if entity.type == "PERSON" and entity.role and len(entity.role.split()) >= 2:
            holders[entity.role.lower()].append(entity)
    lowered = {article: text.lower() for article, text in texts.items()} if holders else {}
    for role, entities in holders.items():
        if len(entities) != 1:
            continue
        entity = entities[0]
        pattern = re.compile(r"\b[Tt]he\s+(?i:" + re.escape(role) + r")\b(?!\s+[A-Z])")
        # most texts do not name the role at all: a substring test rules them out cheaply
        found = {
            article: len(pattern.findall(texts[article])) for article, low in lowered.items() if role in low
        }
        entity.mentions += sum(found.values())
        articles = set(entity.articles) | {a for a, n in found.items() if n}
        entity.articles = sorted(articles, key=lambda a: order.get(a, len(order)))


def _name_index(built: list[tuple[_Cluster, Entity]]) -> dict[str, Entity]:
    index: dict[str, Entity] = {}
    surnames: defaultdict[str, set[int]] = defaultdict(set)
    for position, (cluster, entity) in enumerate(built):
        for item in cluster.items:
            index.setdefault(" ".join(item.parts) or item.key, entity)
        index.setdefault(fold(entity.name), entity)
        if entity.type == "PERSON":
            for parts in cluster.full_names():
                surnames[parts[-1]].add(position)
    for surname, owners in surnames.items():
        if len(owners) == 1:
            index.setdefault(surname, built[next(iter(owners))][1])
    return index
