"""Direct quotes of a story with their speakers, one entry per statement whatever its translation.

Quotes are the spans inside quotation marks (“…”, "…", «…», „…“; an opening mark left open runs to
the end of its paragraph). The speaker is read from the attribution around the quote, first match
wins:

1. after it: `…,” said [title] NAME`, `…,” NAME said`, `…,” he said`;
2. before it: `NAME: “…`, `NAME said: “…`, or a speech verb earlier in the sentence with the person
   named before it (`Tellen posted a rebuke, recalling “…`);
3. a quote that follows an attributed one in the same paragraph, or opens a paragraph right after
   one, continues it.

"he"/"she" is the nearest person named before, outside quotes. Names resolve to canonical entities.
When no person is found, an organisation is looked for by the same rules, except that it must be the
verb's subject (`the Kremlin on Thursday denounced …`, not `a Kremlin aide said`) and no pronoun
refers to it: people first, so a person quoted with their party named beside them keeps the quote.
Quotes of different articles are one statement when their words overlap or their sentences are close
in meaning; the group's speaker is the one most of its versions name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from storyfuse.components import connected_components
from storyfuse.lexicon.function_words import SENTENCE_OPENERS
from storyfuse.model import Analysis, Article, Family, Mention, Quote, QuoteCandidate
from storyfuse.names import fold
from storyfuse.synthesise.entities import CanonicalEntities, in_sign_off
from storyfuse.synthesise.story_sentences import StorySentences

MIN_QUOTE_WORDS = 5  # shorter quoted words are scare quotes or catchphrases, not statements
# ...but a copy of a dispatch that quotes a few words of a statement its family quotes in full carries it
# ("hotheads among Ukrainian officials" in one AFP translation, "to hotheads among Ukrainian
# representatives" in the other)
MIN_ECHO_WORDS = 3
MIN_ATTRIBUTED_WORDS = 2  # "called the plan “a disaster”," Smith said: words a named speaker said
SAME_STATEMENT_OVERLAP = 0.6  # share of the shorter quote's content words the longer one holds
SAME_ARTICLE_OVERLAP = 0.9  # a pull-quote heading repeats words of a quote below it
SAME_STATEMENT_COSINE = 0.85  # sentences this close say the same thing...
SAME_STATEMENT_MIN_OVERLAP = 0.3  # ...when the quotes also share some words
# Two translations of one dispatch word a quote differently ("We are not going to Aubrelle to sign
# anything" / "We do not go to Aubrelle for signing something": 0.83); their other quotes stay below 0.5.
SAME_STATEMENT_COSINE_IN_COPIES = 0.70
SAME_NAME_SPELLING = 90  # rapidfuzz ratio of two spellings of one whole name ("Thomas R. Carper", "… E. …")
VOICE_LABELS = {"ORG"}  # bodies that speak: "the Kremlin said"; a country is mostly a modifier ("US envoy")
SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|warned|warns|recalled|stressed|stresses|declared|declares|"
    "announced|insisted|insists|noted|notes|explained|asked|argued|urged|tweeted|wrote|writes|"
    "reminding|reminded|telling|saying|adding|stressing|declaring|warning|replied|acknowledged|"
    "admitted|claimed|claims|stated|continued|concluded|affirmed|assured|promised|called|denounced|"
    "insisting|noting|explaining|arguing|reported|reports|according to|asking|asks|tweeting|boasted|"
    "boasts|demanded|demands|described|describing|quipped|joked|shouted|responded|responding|vowed|"
    "pledged|countered|conceded|suggested|writing|posted|posting|predicted|predicting|calling|likened|"
    "likening|accused|accusing|exhorted|chanted|chanting|branded|dubbed|promising|mocked|mocking|"
    "retorted|remarked|commented|lamented|complained|complains|recounted|wondered|reiterated|emphasized|"
    "emphasised|cautioned|maintained|contended|asserted|exclaimed|interjected|mused|groused|griped|fumed|"
    "deadpanned|scoffed|answered|bragged|proclaimed|charged|texted|emailed|testified|conceding|confirmed|"
    # the present of feature writing ("…," agrees Ada Vell, 30.)
    "agreed|agrees|argues|explains|recalls|observes|observed|continues|concludes|admits|acknowledges|"
    "predicts|suggests|replies|responds|tweets|asserts|quips|jokes|recounts"
)
_SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.IGNORECASE)
_PRONOUN_AFTER = re.compile(
    rf"^[\s,.…–—-]*(?:(?:he|she)\s+(?:{SPEECH_VERBS})|(?:{SPEECH_VERBS})\s+(?:he|she))\b", re.I
)
_PRONOUN_BEFORE = re.compile(rf"\b(?:he|she)\s+(?:\w+\s+){{0,2}}(?:{SPEECH_VERBS})\b[^.!?]*$", re.IGNORECASE)
_VERB_THEN_NAME = re.compile(rf"^[\s,.…–—-]*(?:{SPEECH_VERBS})\s+(?:[\w’'./-]+\s+){{0,6}}$", re.IGNORECASE)
# Words that open a clause of their own: after "adding that it's why", a name is that clause's subject
_CLAUSE_WORDS = {"that", "whether", "why", "how", "what", "it", "it’s", "it's", "there", "he", "she", "they"}
# Words opening a description of someone new ("said one harbour trader"), not of someone named before
_INDEFINITE = {"a", "an", "one", "another", "some", "several", "many", "two", "three"}
# The sentence goes on past the quote and closes with its attribution: "…" but to take the lead in
# advertising, says Evan Tracey, a consultant. (no stop, quote or line break before the verb)
_TRAILING_VERB_THEN_NAME = re.compile(
    rf"(?:[^.!?;:“”\"«»\n]|\.(?=\w))*,\s+(?!according)(?:{SPEECH_VERBS})(?<!ing)(?P<role>\s+(?:[\w’'./-]+\s+){{0,6}})$",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:he|she|they|it|we|i)\b", re.IGNORECASE)
_SUBJECT_PRONOUN = re.compile(r"^[^\w“\"«„]*(?:he|she)\b", re.IGNORECASE)  # not one inside a quote
# After a speaker's name, before the speech verb: an apposition (", a spokesman for the group,") or
# where the speaker comes from ("of the U.S. Centers for Disease Control": an initial's stop goes on).
_APPOSITION = (
    r"(?:\s*\([^()\"“”]{1,40}\))?"  # party and state: "Rep. Gwen Moore (D-Wis.)"
    # one or more commas' appositions (", R-Ky.," ", a lawyer, a friend of his,"), or where they come from
    r"(?:(?:\s*,(?:[^,.;\"“”]|\.(?=[\w,]))+)+,|\s+(?:of|from|at)\s+(?:[^,.;\"“”]|(?<=\b[A-Z])\.){1,80}?)?"
)
_NAME_THEN_VERB = re.compile(rf"^{_APPOSITION}\s+(?:{SPEECH_VERBS})\b", re.IGNORECASE)
# Between a quote and its speaker's name, the speaker's role: "…," BP chief executive Tony Hayward said;
# "…," the CDC's Dr. Lyn Finelli told reporters. A name after a preposition is not the subject ("the
# lawyer for Ada Vell said"), nor one after another speech verb.
_ROLE_BEFORE_NAME = re.compile(r"^[\s,.…–—-]*(?:[\w’'.&-]+,?\s+){0,7}$")
_NO_SUBJECT_AFTER = {
    "of", "for", "to", "with", "by", "from", "against", "about", "at", "in", "on", "and", "or", "than",
    "like", "as", "after", "before", "over", "under", "into", "whom", "that", "whose",
    # a conjunction opens a clause of its own: "“…” regarding the banks while Vell suggests …"
    "while", "whereas", "because", "although", "though", "when", "if", "since", "unless", "but", "where",
}  # fmt: skip
MAX_APPOSITION = 160  # characters between a name and its speech verb
# A sentence that only attributes the quote before it: a few words around a speech verb, a full stop
_ATTRIBUTION_TAG = re.compile(
    rf"\s*(?:[^\s.!?“”\"]+\s+){{0,6}}?(?P<verb>{SPEECH_VERBS})(?:\s+[^\s.!?“”\"]+){{0,6}}?\s*\.\s*",
    re.IGNORECASE,
)
# A clause before the subject of its sentence: a subordinate one or a participle's, up to its comma
_OPENING_CLAUSE = re.compile(
    r"\W*(?:when|after|before|while|although|though|if|because|since|once|until|unlike|despite|"
    r"asked|speaking|responding|pressed|pointing|noting|referring)\b[^,;:“”\"]{1,150},",
    re.IGNORECASE,
)
# A speech verb opening its sentence, its subject after it ("Said Ada Vell, …, “…”"; "Continued Vell:")
_VERB_FIRST = re.compile(rf"\W*(?-i:(?=[A-Z]))(?:{SPEECH_VERBS})\s+", re.IGNORECASE)
_VERB_OPENS_BEFORE = re.compile(
    rf"(?:^|\n|[.!?][”\"]?\s+)(?-i:(?=[A-Z]))(?:{SPEECH_VERBS})\s+$", re.IGNORECASE
)
_SPEECH_THEN_NAME = re.compile(rf"[\s,]*(?:{SPEECH_VERBS})\s+", re.IGNORECASE)
# Capitalised words that open an attribution without being a name (“…,” I said; “…,” Asked why, …)
_NOT_SPEAKERS = {"I", "You", "Then", "Now", "Still", "So", "And", "Yet", "Asked", "Speaking", "Mr", "Mrs"}
# A mention of a nationality, a place, a product or a work in a speaker's place is a name NER mistook
# ("Roman Smbatyan" as NORP, "Mahamat Saleh Oumar" as PRODUCT, Rep. Steve Israel as a country), or a
# country speaking as its government does; an organisation has its own search (VOICE_LABELS)
_SLOT_OVERRIDES = {"NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "GPE", "LOC", "FAC"}
# A speech verb and the quote it introduces: "… added, “"
_VERB_THEN_QUOTE = re.compile(rf"\s+(?:{SPEECH_VERBS})\s*[,:]\s*[“\"]", re.IGNORECASE)
_SPEECH_NEXT = re.compile(rf"^\s+(?:{SPEECH_VERBS})\b", re.IGNORECASE)
_SUBJECT_GAP = re.compile(r"\s+(?:(?:on|late|early)\s+\w+\s+|yesterday\s+|today\s+)?")  # "X on Friday said"
_BEFORE_COLON = re.compile(r"^\s*:\s*$")
_BEFORE_COMMA = re.compile(r"^\s*[,:]?\s*$")
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:[\w’'.-]+\s+){0,4}$", re.IGNORECASE)
# “…” ― Ada Vell: a name alone after a dash, closing its paragraph (initials and accents allowed)
_DASH_SIGNED = re.compile(r"^\s*[―—–]\s*(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\s*[.,]?\s*$")
# A name and one reporting word closing the quote's sentence, whatever the verb ("…,” Ada Vell concludes.),
# or the word before the name ("…,” retorted Ada Vell.): only after a quote its comma continues.
_ONE_VERB_AFTER = re.compile(r"^\s+(?-i:[a-z]{3,})(?:\s+(?:back|on|up|out|in))?\s*[.;]", re.IGNORECASE)
_ONE_VERB_BEFORE = re.compile(r"[\s,]*(?-i:[a-z]{3,})\s+")
_NAME_ENDS_CLAUSE = re.compile(r"^\s*[.;]")
# A colon closing the words before a quote ("…, it was the stage itself: “…"), and a subject at a clause's
# start ("As Politico reported, …")
_COLON_BEFORE = re.compile(r":\s*$")
# A name opening its sentence (after a conjunction or a title in capitals: "Former Arkansas Gov."), and a
# verb after it and its apposition: a word in lower case that is no function word
_SENTENCE_OPENER = re.compile(
    r"\s*(?:(?:in|on|at|during|after|before|since|for|from|by|with|over|under|amid|among)\s+"
    r"[^,;:“”\"]{1,80},\s+)?"  # a phrase setting the scene: "In one of her columns, Ada Vell …"
    r"(?:(?:as|but|and|so|then|later|now|meanwhile|still|yet)\s+)?(?:(?-i:[A-Z])[\w.’'-]*\s+){0,4}$",
    re.IGNORECASE,
)
_THEN_VERB = re.compile(
    rf"{_APPOSITION}\s+(?:(?-i:is|was|has|had|also|then|later|again|once|now)\s+)?"
    r"(?!(?:and|or|of|the|a|an|to|in|on|at|for|with|who|whose|which|that|is|was|has|had)\b)(?-i:[a-z]{3,})\b",
    re.IGNORECASE,
)
_SUBJECT_AT = re.compile(r"\s*(?:(?:as|but|and|so|then|later|now|meanwhile)\s+)?(?:the\s+)?$", re.IGNORECASE)
_BEFORE_VERB = re.compile(rf"^\s+(?:{SPEECH_VERBS})(?:\s+that)?\s*[,:]?\s*$", re.IGNORECASE)
# An unnamed speaker as the article describes them: "…,” said a pensioner who …; A senior official told
# reporters: “…”. The description ends at its head noun, which is written in lower case.
_DESCRIPTION = (
    r"(?P<who>(?:a|an|one|another|the(?:\s+(?:two|three|four|five))?)\s+"
    r"(?:[\w’'-]+\s+){0,4}?(?-i:[a-z])[\w’'-]*)"
)
_DESCRIBED_AFTER = re.compile(
    rf"^[\s,.…–—-]*(?:{SPEECH_VERBS})\s+{_DESCRIPTION}"
    r"(?=\s+(?:who|whose|in|at|by|near|from|of|on|for|with|after|as|when|while|to|close|\w+(?:ed|ing))\b"
    r"|\s*[,.;:!?)]|\s*$)",
    re.IGNORECASE,
)
_DESCRIBED_SUBJECT_AFTER = re.compile(  # "…," a lawyer for the family said
    rf"^[\s,…–—-]*{_DESCRIPTION}(?:\s+(?:for|of|at|from|with)\s+[^,.;\"“”]{{1,60}}?)?\s+(?:{SPEECH_VERBS})\b",
    re.IGNORECASE,
)
_DESCRIBED_BEFORE = re.compile(
    rf"^\s*{_DESCRIPTION}\s+(?:{SPEECH_VERBS})(?:\s+[\w’'-]+){{0,3}}?\s*[,:]?\s*$", re.IGNORECASE
)
# A relation after a name: the speaker is the relative or the spokesman, not the name.
_RELATION_AFTER = re.compile(
    r"['’]s?\s+(?:\w+\s+)?(?:son|sons|daughter|daughters|wife|husband|brother|sister|father|mother|"
    r"nephew|niece|cousin|uncle|aunt|widow|spokesman|spokeswoman|spokesperson|aide|aides|adviser|advisor|"
    r"lawyer|lawyers|attorney|envoy|office|camp|campaign|government|regime|administration|officials?)\b",
    re.IGNORECASE,
)
CAPITALS_SHARE = 0.8  # a quote this much in capitals is a heading
# One to three capitalised words: a name as written ("Espinoza", "Mr. Blinken", "Maria Espinoza").
_CAPITALISED_NAME = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}\b")
_QUOTE_MARKS = {"“": "”", "«": "»", "„": "“", '"': '"'}
# Inside a quote left open, the attribution that a lost closing mark should have ended it before
# ("Closing shops is not fair. What will we live on? said Ada Vell, who …"): a stop, a comma or a
# question after the words, then a speech verb and a capitalised name, or a name and "said"/"says".
_ATTRIBUTION_IN_OPEN_QUOTE = re.compile(
    rf"(?<=[,?!.])\s+(?:(?:{SPEECH_VERBS})\s+[A-Z][\w’'-]+|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}}\s+(?:said|says)\b)"
)
# Edited copy mixes straight and curly marks (“…," and "…”): the other kind closes a quote that its own
# kind does not close in the paragraph, unless it closes a quote opened inside ("PENCE: … “Shark Tank.”).
_OTHER_CLOSING = {"“": '"', '"': "”"}
# A mark that closes by its shape: after a word or a stop, before a space, a stop or the paragraph's end
# (the first mark of the other kind; a quote nested inside opens with one shaped the other way)
_CLOSING_SHAPED = re.compile(r"(?<=[\w,.!?…])[\"”](?=[\s,.;:!?)]|$)")
_OPENING_AS_CLOSING = re.compile(r"(?<=[\w,.!?…])“(?=\s+(?-i:[a-z])|\s*$)")  # "…here,“ said …": a closing one
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")
_WORD = re.compile(r"\w+")
# Only function words: a partial quote is short, and words a general stop-word list drops ("everyone",
# "never", "since") are what tells that two fragments are one statement (spaCy's list loses the bundled
# example's "This is for everyone who waited since 2009" across its two outlets).
_FUNCTION_WORDS = {
    "the", "and", "that", "this", "these", "those", "with", "for", "from", "are", "was", "were", "will",
    "would", "have", "has", "had", "not", "but", "our", "their", "they", "them", "its", "all", "can",
    "also", "too", "very", "there", "here", "what", "which", "who", "don", "didn", "into", "than",
}  # fmt: skip


@dataclass
class _Found:
    article_id: str
    text: str
    start: int  # offsets of the marks in Article.text
    end: int
    paragraph: int  # index of the paragraph in the article
    speaker: str | None = None
    described: str | None = None  # how the article describes an unnamed speaker: "a pensioner"
    news: bool = True  # its sentence can be shown as news (not a heading, a comment, a footer)
    voice: bool = False  # the speaker is an organisation, not a person ("the Kremlin said")


def story_quotes(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    entities: CanonicalEntities,
    *,
    story_sentences: StorySentences | None = None,
    families: Sequence[Family] = (),
) -> list[Quote]:
    """The story's quotes, one per statement, with the articles that carry it. `families`: the story's
    copy families; their articles word one quote differently when they translate it, and a few quoted
    words that repeat a statement quoted in another copy of the same dispatch make their article a
    carrier of it."""
    story = story_sentences or StorySentences.of(articles, analyses)
    spans: list[_Found] = []
    for article, analysis in zip(articles, analyses, strict=True):
        spans.extend(article_quotes(article, analysis, entities))
    family_of = {article: n for n, family in enumerate(families) for article in family.articles}
    quotes = _group([q for q in spans if shown_quote(q)], story, family_of)
    quote_words = [_content_words(quote.text) for quote in quotes]
    for echo in (q for q in spans if MIN_ECHO_WORDS <= len(q.text.split()) < MIN_QUOTE_WORDS):
        family = family_of.get(echo.article_id)
        if family is None:
            continue
        words = _content_words(echo.text)
        carried = next(
            (
                quote
                for quote, said in zip(quotes, quote_words, strict=True)
                if echo.article_id not in quote.articles
                and any(family_of.get(a) == family for a in quote.articles)
                and not (echo.speaker and quote.speaker and echo.speaker != quote.speaker)
                and _overlap(words, said) >= SAME_STATEMENT_OVERLAP
            ),
            None,
        )
        if carried is not None:
            carried.articles = sorted(
                [*carried.articles, echo.article_id], key=lambda a: story.article_index.get(a, 0)
            )
    return sorted(quotes, key=lambda q: -len(q.articles))  # stable: first seen first among equals


def shown_quote(quote: _Found) -> bool:
    """A quote a story lists: a statement in a sentence of news, not a few words in scare quotes nor
    a heading in capitals."""
    letters = [c for c in quote.text if c.isalpha()]
    capitals = sum(c.isupper() for c in letters) >= CAPITALS_SHARE * len(letters) if letters else True
    words = len(quote.text.split())
    # a few quoted words the article attributes to someone are their words, not scare quotes
    attributed = quote.speaker is not None and words >= MIN_ATTRIBUTED_WORDS
    return quote.news and not capitals and (words >= MIN_QUOTE_WORDS or attributed)


def article_quotes(article: Article, analysis: Analysis, entities: CanonicalEntities) -> list[_Found]:
    """Every quoted span of one article, however short, with its speaker's canonical name (None when no
    attribution is found)."""
    text = article.text
    candidates = analysis.candidates.quotes if analysis.candidates is not None else None
    if candidates is None:
        candidates = quote_candidates(article, analysis)
    spans = [_Found(article.id, c.text, c.start, c.end, c.paragraph, news=c.news) for c in candidates]
    described = [c.described for c in candidates]
    inside = [(q.start, q.end) for q in spans]
    outside = [
        m
        for m in sorted(analysis.mentions, key=lambda m: m.start)
        if not any(s <= m.start < e for s, e in inside)
    ]
    people = sorted(
        [m for m in outside if _entity_type(entities, m) == "PERSON" and _may_speak(text, m)]
        + _missed_people(text, analysis, entities, inside, outside),
        key=lambda m: m.start,
    )
    organisations = [m for m in outside if m.label in VOICE_LABELS and _entity_type(entities, m) != "PERSON"]
    previous: _Found | None = None
    for quote, description in zip(spans, described, strict=True):
        quote.speaker = _speaker(text, quote, people, entities, analysis)
        if quote.speaker is None:
            quote.speaker = _speaker(text, quote, organisations, entities, analysis, organisations=True)
            quote.voice = quote.speaker is not None
        if (
            quote.speaker is None
            and not _introduces_someone(description)
            and previous is not None
            and _continues(text, previous, quote, analysis)
        ):
            quote.speaker, quote.described, quote.voice = previous.speaker, previous.described, previous.voice
        if quote.speaker is None and description is None:
            quote.speaker = _reported_before(text, quote, people, entities, analysis)
        if quote.speaker is None and quote.described is None:
            quote.described = description
        previous = quote
    return spans


def quote_candidates(article: Article, analysis: Analysis) -> list[QuoteCandidate]:
    """Every quoted span of one article, whether its sentence is news, and how the article describes an
    unnamed speaker: what depends on the article alone (the analysis pass finds it once)."""
    text = article.text
    return [
        QuoteCandidate(
            q.text,
            q.start,
            q.end,
            q.paragraph,
            _in_news(text, q, analysis),
            _described_speaker(text, q, analysis),
        )
        for q in _quote_spans(article.id, text)
    ]


def _may_speak(text: str, mention: Mention) -> bool:
    """Whether a named person can be the speaker there: not someone a speaker is related to ("Gaddafi's
    son Saadi", "the minister's spokesman"), not a correspondent's sign-off (a line of names alone)."""
    return not (_RELATION_AFTER.match(text, mention.end) or in_sign_off(text, mention.start, mention.end))


def _in_news(text: str, quote: _Found, analysis: Analysis) -> bool:
    from storyfuse.synthesise.eligible import clutter_kind

    sentence = next((s for s in analysis.sentences if s.start <= quote.start < s.end), None)
    # a quote may run past its sentence's end without a full stop (a title's, a list's)
    return sentence is None or clutter_kind(sentence.text) in {None, "unfinished"}


def _missed_people(
    text: str,
    analysis: Analysis,
    entities: CanonicalEntities,
    inside: Sequence[tuple[int, int]],
    found: Sequence[Mention],
) -> list[Mention]:
    """Names of the story's people that NER missed in this article ("Espinoza said" after "Maria
    Espinoza"): capitalised words outside quotes that resolve to one person of the story."""
    # a mention the story's entities left out (clutter, or a name run into a word: "Stated Stone") holds
    # no name, and the words in it may be read again
    taken = [
        (m.start, m.end)
        for m in found
        if m.label not in _SLOT_OVERRIDES and _entity_type(entities, m) is not None
    ]
    named = [(m.start, m.end) for m in found if m.label in _SLOT_OVERRIDES]
    starts = [s.start for s in analysis.sentences]
    missed = []
    for match in _CAPITALISED_NAME.finditer(text):
        start, end = match.span()
        name = match.group()
        if (verb := _VERB_FIRST.match(name)) and verb.end() < len(name):
            start, name = start + verb.end(), name[verb.end() :]  # "Continued Stone": the name after the verb
        if any(s <= start < e for s, e in inside) or any(s < end and start < e for s, e in taken):
            continue
        entity = entities.resolve(name)
        if entity is None or entity.type != "PERSON":
            # a name NER missed or called a nationality, in the speaker's place by a quote: whoever
            # stands there speaks (“…,” Zaheed said / “…,” stated Roman Smbatyan / Said Ada Vell, “…”)
            group_word = entity is not None and entity.type == "NORP"
            if not _in_speaker_slot(
                text, name, start, inside, group_word=group_word, thing=entity is not None
            ):
                continue
        elif any(s < end and start < e for s, e in named):
            continue
        sentence = max(0, bisect_right(starts, start) - 1)
        missed.append(Mention(analysis.article_id, name, "PERSON", start, end, sentence))
    return missed


def _in_speaker_slot(
    text: str,
    name: str,
    start: int,
    inside: Sequence[tuple[int, int]],
    *,
    group_word: bool = False,
    thing: bool = False,
) -> bool:
    """Whether a capitalised name stands where only a quote's speaker stands: right after a quote and
    before a speech verb (“…,” Zaheed said), after a quote its comma continues and a speech verb
    (“…,” stated Roman Smbatyan), or before a speech verb and the quote it opens (Zaheed added, “…”).
    A `thing`, a name the story knows as a place or a body, opening the sentence after a quote that
    closed its own ("“….” Japan reported four cases") is that sentence's subject, not the speaker of the
    quote before."""
    if re.split(r"[’']", name.split()[0])[0] in SENTENCE_OPENERS | _NOT_SPEAKERS:
        return False  # "He’s predicting …" is no name
    end = start + len(name)
    if _VERB_OPENS_BEFORE.search(text, max(0, start - 40), start):
        # "Said Dorothy Poynter, who …, “…”", "Continued Stone: “…”": a quote opens later in its sentence
        quote_start = min((s for s, _ in inside if s >= end), default=None)
        return quote_start is not None and not re.search(r"[.!?]\s", text[end:quote_start])
    if (verb_then_quote := _VERB_THEN_QUOTE.match(text, end)) and any(
        s == verb_then_quote.end() - 1 for s, _ in inside
    ):
        return True  # "Smbatyan added, “…”": the name a speech verb follows, right before a quote
    quote_end = max((e for _, e in inside if e <= start), default=None)
    if quote_end is None:
        return False
    gap = text[quote_end:start]
    if not gap.strip(" ,"):
        if thing and text[quote_end - 2 : quote_end - 1] == ".":
            # …unless its own sentence goes on to a quote: "Russia insisted that Pyongyang “…”"
            return bool(
                _SPEECH_NEXT.match(text[end : end + 40])
                and re.match(r"[^.!?“”\"«»]*[“\"«]", text[end : end + 300])
            )
        return bool(_SPEECH_NEXT.match(text[end : end + 40]))
    continued = text[quote_end - 2 : quote_end - 1] in {",", "?", "!"} or gap.startswith(",")
    if continued and not group_word and _role_before_name(gap) and _SPEECH_NEXT.match(text[end : end + 40]):
        # “…,” his friend Ada Vell told the paper: the name of a role, then a speech verb; a party or a
        # nationality there ("one senior Democrat said") ends a description, not a name
        return True
    return continued and bool(_SPEECH_THEN_NAME.fullmatch(gap))


def _entity_type(entities: CanonicalEntities, mention: Mention) -> str | None:
    entity = entities.by_position.get((mention.article_id, mention.start))
    return entity.type if entity else None


def _quote_spans(article_id: str, text: str) -> list[_Found]:
    spans: list[_Found] = []
    offset = 0
    for number, paragraph in enumerate(text.split("\n\n")):
        position = 0
        while position < len(paragraph):
            opening = min(
                (i for mark in _QUOTE_MARKS if (i := paragraph.find(mark, position)) >= 0), default=-1
            )
            if opening < 0:
                break
            if paragraph[opening] == '"' and _CLOSING_SHAPED.match(paragraph, opening):
                # a straight mark shaped as a closing one opens nothing: it closes a quote carried over
                # from the paragraph before ("… move in," said an official), whose own mark was lost
                position = opening + 1
                continue
            closing = _closing(paragraph, opening)
            if closing < 0 and (attribution := _ATTRIBUTION_IN_OPEN_QUOTE.search(paragraph, opening + 1)):
                end = attribution.start()  # its closing mark lost: the quote ends before its attribution
                inner = paragraph[opening + 1 : end]
            else:
                # left open: runs to the paragraph's end
                end = closing + 1 if closing >= 0 else len(paragraph)
                inner = paragraph[opening + 1 : closing if closing >= 0 else len(paragraph)]
            cleaned = " ".join(inner.split()).strip(" ,")
            if cleaned:
                spans.append(_Found(article_id, cleaned, offset + opening, offset + end, number))
            position = end
        offset += len(paragraph) + 2
    return spans


def _closing(paragraph: str, opening: int) -> int:
    """Where the quote opened at `opening` closes in its paragraph (-1: left open)."""
    mark = paragraph[opening]
    closing = paragraph.find(_QUOTE_MARKS[mark], opening + 1)
    other = _OTHER_CLOSING.get(mark)
    if other is not None:
        first_other = paragraph.find(other, opening + 1)
        if closing < 0 and first_other >= 0:
            return -1 if "“" in paragraph[opening + 1 : first_other] else first_other
        if 0 <= first_other < closing and _CLOSING_SHAPED.match(paragraph, first_other):
            return first_other  # “…," Trump said. "…”: the other kind, shaped as a closing, closes first
    if mark == "“" and (
        misplaced := _OPENING_AS_CLOSING.search(
            paragraph, opening + 1, closing if closing >= 0 else len(paragraph)
        )
    ):
        return misplaced.end() - 1  # “…,“ said Ada Vell: an opening mark typed for the closing one
    return closing


def _speaker(
    text: str,
    quote: _Found,
    people: list[Mention],
    entities: CanonicalEntities,
    analysis: Analysis,
    *,
    organisations: bool = False,
) -> str | None:
    """The speaker among `people`, the candidate speakers; `organisations` when they are not people."""
    paragraph_end = text.find("\n\n", quote.end)
    after = text[quote.end : paragraph_end if paragraph_end >= 0 else len(text)]
    next_quote = min((i for mark in _QUOTE_MARKS if (i := after.find(mark)) >= 0), default=len(after))
    after = after[:next_quote]
    # 1. after the quote
    if _PRONOUN_AFTER.match(after):
        return None if organisations else _antecedent(text, people, quote.start, entities, analysis)
    if not organisations and (signed := _DASH_SIGNED.match(after)):
        # “…” ― Ada Vell: a name alone after a dash signs the quote, whether NER found it or not
        start = quote.end + signed.start("name")
        signer = next((m for m in people if m.start == start), None)
        return _name(entities, signer) if signer else signed.group("name")
    for mention in people:
        if not quote.end <= mention.start <= quote.end + len(after):
            continue
        gap = text[quote.end : mention.start]
        if _VERB_THEN_NAME.match(gap) and not _CLAUSE_WORDS & {w.lower() for w in gap.split()}:
            return _name(entities, mention)
        after_name = text[mention.end : mention.end + MAX_APPOSITION]
        if _ends_sentence(quote, gap):
            # A new sentence: only "Name said" itself attributes ("…." Ed Overton, a professor, said he…)
            # ("…." Ada Vell called him "a liar.": a sentence with a quote of its own is that quote's)
            if (
                re.fullmatch(r"[\s,.…–—-]*", gap)
                and _SPEECH_NEXT.match(after_name)
                and not re.match(r"[^.!?“”\"«»]*[“\"«]", after_name)
            ):
                return _name(entities, mention)
            # ...but a question or an exclamation goes on into its attribution as a comma does
            # (“…!” US Senator Ada Vell said; “…?” Vell, the chairwoman, asked)
            if not (_asks_or_exclaims(quote, gap) and _role_before_name(gap)):
                break
            if _NAME_THEN_VERB.match(after_name):
                return _name(entities, mention)
            continue
        if not _role_before_name(gap):
            break
        if _NAME_THEN_VERB.match(after_name):
            return _name(entities, mention)
        if _continued_by_comma(text, quote) and (
            (not gap.strip(" ,") and _ONE_VERB_AFTER.match(after_name))
            or (_ONE_VERB_BEFORE.fullmatch(gap) and _NAME_ENDS_CLAUSE.match(after_name))
        ):
            return _name(entities, mention)  # "…,” Viguerie concludes. / "…,” retorted Varga.
        # a name inside the speaker's role ("…," Clinton campaign spokesman Brian Fallon said): read on
    if not _ends_sentence(quote, after):
        trailing = next(
            (
                m
                for m in people
                if quote.end <= m.start <= quote.end + len(after)
                and (verb := _TRAILING_VERB_THEN_NAME.match(text, quote.end, m.start))
                and _role_before_name(verb.group("role"))
            ),
            None,
        )
        if trailing is not None and re.match(r"\s*[,.]", text[trailing.end : trailing.end + 3]):
            return _name(entities, trailing)
    # 2. before the quote, within its sentence (or the sentence that introduces it with a colon, at the
    # end of the paragraph before: "Cruz continued:" ¶ "“…”")
    sentence_start = _sentence_start(text, quote, analysis)
    introduced = _introducing_sentence(text, quote, analysis)
    if introduced is not None:
        sentence_start = introduced
    before = text[sentence_start : quote.start]
    if (verb_first := _VERB_FIRST.match(before)) and not organisations:
        # "Said Dorothy Poynter, who grew up with Ali, “…”": the verb opens the sentence, its subject follows
        subject = next((m for m in people if m.start == sentence_start + verb_first.end()), None)
        if subject is not None:
            return _name(entities, subject)
    for mention in reversed(people):
        if not sentence_start <= mention.start < quote.start:
            continue
        tail = text[mention.end : quote.start]
        if _BEFORE_COLON.match(tail) or _BEFORE_VERB.match(tail):
            return _name(entities, mention)
        if _ACCORDING_TO.search(text, sentence_start, mention.start) and _BEFORE_COMMA.match(tail):
            return _name(entities, mention)
        break
    # a speech verb in a clause the sentence opens with is not the quote's ("When Varga suggested …,
    # Tellen fired back: “…”")
    clause = _OPENING_CLAUSE.match(before)
    verbs = [v for v in _SPEECH.finditer(before) if clause is None or v.start() >= clause.end()]
    if not verbs:
        # "Of course, as Ada Vell observed, the winner was the stage itself: “…”": a colon announcing the
        # quote makes the clause before it the attribution, whatever its verb; its subject says it
        if _COLON_BEFORE.search(before):
            named = [m for m in people if sentence_start <= m.start < quote.start]
            if organisations:
                named = [m for m in named if _SUBJECT_AT.match(text, sentence_start, m.start)]
            named = _main_clause(text, sentence_start, named)
            return _name(entities, named[0]) if named else None
        # "Moore thanked him for “…”", "Huckabee, for his part, is labeling it “…”": the person the
        # sentence opens with, then a verb, is whose words the sentence quotes
        if not organisations:
            opener = next((m for m in people if sentence_start <= m.start < quote.start), None)
            if (
                opener is not None
                and _SENTENCE_OPENER.match(text, sentence_start, opener.start)
                and _THEN_VERB.match(text, opener.end, quote.start)
            ):
                return _name(entities, opener)
        return None
    verb_at = sentence_start + verbs[-1].start()
    pronoun = _PRONOUN_BEFORE.search(before)
    if pronoun is not None:
        if organisations:
            return None
        subject_start = sentence_start + pronoun.start()
        named = _main_clause(
            text, sentence_start, [m for m in people if sentence_start <= m.start < subject_start]
        )
        # A pronoun refers to the subject: the first person its sentence names, else the previous one's.
        return (
            _name(entities, named[0])
            if named
            else _antecedent(text, people, subject_start, entities, analysis)
        )
    if organisations:  # the organisation itself speaks, not "a Kremlin aide" or "NATO officials"
        verb_starts = [sentence_start + v.start() for v in verbs]
        named = [
            m
            for m in people
            if sentence_start <= m.start < quote.start
            and any(
                _SUBJECT_GAP.fullmatch(text[m.end : at]) or _NAME_THEN_VERB.match(text[m.end : at + 12])
                for at in verb_starts
                if at > m.end
            )
        ]
    else:
        named = [m for m in people if sentence_start <= m.start < verb_at]
    if not named and not organisations and _SUBJECT_PRONOUN.match(before):
        # "She will govern without a majority, and has said she will seek “…”": the sentence's subject
        return _antecedent(text, people, sentence_start, entities, analysis)
    if not named:
        return None
    return _name(entities, _subject(text, named, verbs[-1].group(), verb_at))


def _reported_before(
    text: str, quote: _Found, people: list[Mention], entities: CanonicalEntities, analysis: Analysis
) -> str | None:
    """The speaker of a quote that is a sentence of its own, said by the subject of the sentence of
    narrative just before it when that one reports speech ("Ada Vell added that the fund would stay.
    “…”", or that sentence closing the paragraph before the quote's); None otherwise."""
    sentences = analysis.sentences
    at = next((i for i, s in enumerate(sentences) if s.start <= quote.start < s.end), None)
    if at is None or at == 0 or text[sentences[at].start : quote.start].strip():
        return None
    paragraph_end = text.find("\n\n", quote.end)
    rest = text[quote.end : paragraph_end if paragraph_end >= 0 else len(text)]
    if re.match(r"[^.!?\n]*[^\W\d_]", rest.split("\n")[0]) and not re.match(r"\s*[“\"]", rest):
        return None  # the quote's sentence goes on after it: its own attribution, if any, decides
    previous = sentences[at - 1]
    between = text[previous.end : quote.start]
    if between.count("\n\n") > 1 or (
        "\n\n" in between and text.rfind("\n\n", 0, quote.start) + 2 != quote.start
    ):
        return None
    if any(mark in previous.text for mark in '“”«»„"'):
        return None  # a sentence quoting someone itself: its attribution is its own quote's
    if _ATTRIBUTION_TAG.fullmatch(previous.text) and re.search(r"[”\"»][ \t]*$", text[: previous.start]):
        return None  # it attributes the quote before it: whether this one goes on with it is _continues'
    verb = _SPEECH.search(text, previous.start, previous.end)
    if verb is None or verb.group().lower().startswith("ask"):
        return None  # an answer follows a question
    named = _main_clause(
        text, previous.start, [m for m in people if previous.start <= m.start < verb.start()]
    )
    # its subject: the name the verb follows ("Vell, the chairwoman, added that …"), or for a participle
    # the person the sentence opens with ("Vell attacked the plan, saying …"); never past a pronoun
    subject = next((m for m in named if _NAME_THEN_VERB.match(text[m.end : verb.end()])), None)
    if subject is None and verb.group().lower().endswith("ing") and named:
        opener = named[0]
        if _SENTENCE_OPENER.match(text, previous.start, opener.start) and not _PRONOUN.search(
            text, opener.end, verb.start()
        ):
            subject = opener
    return _name(entities, subject) if subject else None


def _introduces_someone(description: str | None) -> bool:
    """An indefinite description brings in a new speaker ("added a New Hampshire Democrat"); a definite
    one ("the senator said") refers back to someone named before."""
    return description is not None and description.split(maxsplit=1)[0].lower() in _INDEFINITE


def _continued_by_comma(text: str, quote: _Found) -> bool:
    """The quote's sentence goes on after it: a comma closes its words (“We will stay,” …)."""
    inner = text[quote.start + 1 : quote.end - 1].rstrip()
    return inner.endswith(",") or text[quote.end : quote.end + 1] == ","


def _introducing_sentence(text: str, quote: _Found, analysis: Analysis) -> int | None:
    """Where the sentence that announces a quote opening its paragraph begins, when the paragraph before
    ends with it and a colon; None otherwise."""
    paragraph_start = text.rfind("\n\n", 0, quote.start) + 2
    if paragraph_start < 2 or text[paragraph_start : quote.start].strip():
        return None
    previous = text[:paragraph_start].rstrip()
    if not previous.endswith(":"):
        return None
    return max(
        (s.start for s in analysis.sentences if s.start < len(previous)),
        default=text.rfind("\n\n", 0, len(previous)) + 2,
    )


def _subject(text: str, named: Sequence[Mention], verb: str, verb_at: int) -> Mention:
    """Who of the people named before a speech verb is its subject: the one the verb follows, past an
    apposition ("Flynn, a top Trump surrogate, said"); for a participle ("Kim attacked Lee's plan,
    saying …") the sentence's subject, its first person; else the nearest."""
    subjects = [m for m in named if _NAME_THEN_VERB.match(text[m.end : verb_at + len(verb)])]
    if subjects:
        return subjects[-1]
    if verb.lower().endswith("ing"):
        return named[0]
    return named[-1]


def _ends_sentence(quote: _Found, gap: str) -> bool:
    """The quote closes its sentence: "We are done." or “We are done”. (what follows is a new one)."""
    return quote.text.rstrip()[-1:] in {".", "!", "?"} or re.match(r"\s*[.!?]", gap) is not None


def _asks_or_exclaims(quote: _Found, gap: str) -> bool:
    """The quote closes with its own question or exclamation mark, and no stop follows it."""
    return quote.text.rstrip()[-1:] in {"?", "!"} and re.match(r"\s*[.!?]", gap) is None


def _role_before_name(gap: str) -> bool:
    """Whether the words between a quote and a name can only be the name's role or title."""
    if not _ROLE_BEFORE_NAME.match(gap) or _SPEECH.search(gap):
        return False
    words = gap.split()
    return not words or words[-1].strip(",").lower() not in _NO_SUBJECT_AFTER


def _sentence_start(text: str, quote: _Found, analysis: Analysis) -> int:
    """Where the sentence the quote opens in (or its paragraph, without sentences) begins."""
    return max(
        (s.start for s in analysis.sentences if s.start <= quote.start),
        default=text.rfind("\n\n", 0, quote.start) + 1,
    )


def _described_speaker(text: str, quote: _Found, analysis: Analysis) -> str | None:
    """An unnamed speaker as the article describes them, right after the quote or opening its sentence."""
    paragraph_end = text.find("\n\n", quote.end)
    after = text[quote.end : paragraph_end if paragraph_end >= 0 else len(text)]
    described = _DESCRIBED_AFTER.match(after)
    if described is None and not _ends_sentence(quote, after):
        described = _DESCRIBED_SUBJECT_AFTER.match(after)
    if described is None:
        described = _DESCRIBED_BEFORE.match(text[_sentence_start(text, quote, analysis) : quote.start])
    if described is None:
        return None
    words = described.group("who").split()
    # "a businessman based in …", "one officer wearing a mask", "an official spoke": it ends at its noun
    cut = next(
        (
            i
            for i, w in enumerate(words)
            if i >= 2 and (w.endswith(("ed", "ing")) or w in {"spoke", "speaks"})
        ),
        len(words),
    )
    who = " ".join(words[:cut])
    return who[0].lower() + who[1:]


def _antecedent(
    text: str, people: list[Mention], position: int, entities: CanonicalEntities, analysis: Analysis
) -> str | None:
    """The subject of the nearest earlier sentence naming a person: the first person it names."""
    before = [m for m in people if m.end <= position]
    if not before:
        return None
    sentence = before[-1].sentence
    named = [m for m in before if m.sentence == sentence]
    if 0 <= sentence < len(analysis.sentences):
        named = _main_clause(text, analysis.sentences[sentence].start, named)
    return _name(entities, named[0])


def _main_clause(text: str, sentence_start: int, named: Sequence[Mention]) -> list[Mention]:
    """The people a sentence names, less those of a clause it opens with before its subject ("When Trump
    suggested …, Rubio fired back:", "Asked about Sullivan, Feinstein said"), unless none would be left."""
    opening = _OPENING_CLAUSE.match(text, sentence_start)
    if opening is None:
        return list(named)
    main = [m for m in named if m.start >= opening.end()]
    return main or list(named)


def _name(entities: CanonicalEntities, mention: Mention) -> str:
    entity = entities.by_position.get((mention.article_id, mention.start)) or entities.resolve(mention.text)
    return entity.name if entity else mention.text


def _continues(text: str, previous: _Found, quote: _Found, analysis: Analysis) -> bool:
    """A quote right after an attributed one carries on the same statement: in its paragraph or opening
    the next, with no whole sentence of other narrative between them (“…,” she said. “…”): a sentence
    that only attributes the quote before is not narrative (“…?” Sanders replied. “…”), unless it asks,
    since an answer follows a question (“…?” a reporter asked him. “…”), unless the next quote asks
    too."""
    if any(previous.end <= s.start and s.end <= quote.start for s in analysis.sentences):
        tag = _ATTRIBUTION_TAG.fullmatch(text, previous.end, quote.start)
        if tag is None:
            return False
        if tag.group("verb").lower().startswith("ask") and not quote.text.rstrip().endswith("?"):
            return False  # an answer, unless the asker goes on asking
    if previous.paragraph == quote.paragraph:
        return True
    paragraph_start = text.rfind("\n\n", 0, quote.start) + 2
    return previous.paragraph == quote.paragraph - 1 and quote.start == paragraph_start


def _group(found: list[_Found], story: StorySentences, family_of: Mapping[str, int]) -> list[Quote]:
    if not found:
        return []
    words = [_content_words(q.text) for q in found]
    # the same words, however few: too short for the overlap below, which needs three content words
    wording = [" ".join(_WORD.findall(q.text.casefold())) for q in found]
    same_statement: list[tuple[int, int]] = []
    # pairs that share some words but too few to be one statement on words alone: their sentences'
    # cosine decides, and only their quotes are embedded (most pairs of a story share no words)
    undecided: list[tuple[int, int, float]] = []
    for i in range(len(found)):
        for j in range(i + 1, len(found)):
            a, b = found[i], found[j]
            if wording[i] and wording[i] == wording[j] and _may_be_one_speaker(a, b):
                same_statement.append((i, j))
                continue
            if a.speaker and b.speaker and not _same_speaker(a.speaker, b.speaker):
                continue
            overlap = _overlap(words[i], words[j])
            if a.article_id == b.article_id and overlap < SAME_ARTICLE_OVERLAP:
                continue  # one article quoting twice quotes two statements, unless one holds the other
            if overlap >= SAME_STATEMENT_OVERLAP:
                same_statement.append((i, j))
            elif overlap >= SAME_STATEMENT_MIN_OVERLAP:
                family = family_of.get(a.article_id)
                copies = family is not None and family == family_of.get(b.article_id)
                copies = copies and a.article_id != b.article_id
                undecided.append((i, j, SAME_STATEMENT_COSINE_IN_COPIES if copies else SAME_STATEMENT_COSINE))
    vectors = _vectors(found, sorted({k for i, j, _ in undecided for k in (i, j)}), story)
    for i, j, close in undecided:
        vi, vj = vectors[i], vectors[j]
        if len(vi) and len(vj) and float(vi @ vj) >= close:
            same_statement.append((i, j))
    component = connected_components(len(found), same_statement)
    groups: dict[int, list[_Found]] = {}
    for i, quote in enumerate(found):
        groups.setdefault(component[i], []).append(quote)
    quotes = []
    for members in groups.values():
        named = {q.speaker for q in members if q.speaker}
        # "Obama" where another article names "Barack Obama": one speaker, as the fuller name
        for n in named:
            longer = [m for m in named if len(m) > len(n) and _same_speaker(n, m)]
            if len(longer) == 1:  # ("Obama" beside Barack and Michelle Obama stays as written)
                for q in members:
                    q.speaker = longer[0] if q.speaker == n else q.speaker
        # a person the statement is given to outweighs an organisation it is also given to
        speakers = Counter(q.speaker for q in members if q.speaker and not q.voice) or Counter(
            q.speaker for q in members if q.speaker
        )
        speaker = speakers.most_common(1)[0][0] if speakers else None
        shown = next((q for q in members if q.speaker == speaker), members[0])
        articles = sorted({q.article_id for q in members}, key=lambda a: story.article_index.get(a, 0))
        described = Counter(q.described for q in members if q.described) if speaker is None else Counter()
        quotes.append(
            Quote(
                speaker=speaker,
                text=shown.text,
                articles=articles,
                described=described.most_common(1)[0][0] if described else None,
            )
        )
    first_seen = {id(q): n for n, q in enumerate(quotes)}
    return sorted(quotes, key=lambda q: (-len(q.articles), first_seen[id(q)]))


def _may_be_one_speaker(a: _Found, b: _Found) -> bool:
    """Whether two quotes of the same words can be one statement of one speaker: no speaker or the same
    one, an organisation beside a person (one article gave a person's words to a body named near them),
    or two spellings of one name ("José Córdova" that lost its accents as "Jos C rdova")."""
    if not (a.speaker and b.speaker) or _same_speaker(a.speaker, b.speaker) or a.voice != b.voice:
        return True
    return fuzz.ratio(*(fold(n).replace(" ", "") for n in (a.speaker, b.speaker))) >= SAME_NAME_SPELLING


def _same_speaker(a: str, b: str) -> bool:
    """One name written whole and in part ("Obama", "Barack Obama")."""
    one, other = set(a.lower().split()), set(b.lower().split())
    return one <= other or other <= one


def _vectors(found: Sequence[_Found], wanted: Sequence[int], story: StorySentences) -> dict[int, np.ndarray]:
    """For each quote of `wanted` (indexes into `found`), the mean vector of its article's sentences the
    quote overlaps (an empty vector when none does); the sentences of all of them embedded in one batch."""
    rows_of = {
        k: [
            i
            for i, s in enumerate(story.sentences)
            if s.article_id == found[k].article_id and s.start < found[k].end and found[k].start < s.end
        ]
        for k in wanted
    }
    needed = sorted({r for rows in rows_of.values() for r in rows})
    position = {r: n for n, r in enumerate(needed)}
    embedded = story.vectors_of(needed) if needed else np.zeros((0, 0), dtype=np.float32)
    out: dict[int, np.ndarray] = {}
    for k, rows in rows_of.items():
        if not rows:
            out[k] = np.zeros(0, dtype=np.float32)
            continue
        mean = embedded[[position[r] for r in rows]].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        out[k] = mean / norm if norm else mean
    return out


def _content_words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _CONTENT_WORD.findall(text)) if w not in _FUNCTION_WORDS}


def _overlap(a: set[str], b: set[str]) -> float:
    if min(len(a), len(b)) < 3:
        return 0.0
    return len(a & b) / min(len(a), len(b))
