"""Audit what the stories of a store say: clutter in headlines, summaries and timelines, timeline
citations that do not hold, timelines that end before their story, quote speakers, conflicts between
values of different days; media captions, gallery captions and photo credits in the text; entities that
are page furniture (a player's "Flash"), time zones, role phrases or a wrong acronym; a quote listed
twice; a figure labelled by a pronoun ("his people").

The audit's patterns are its own, written from the classes of issue 17, and kept apart from the
system's (`synthesise.eligible`) so that the count does not move with what it checks. It reads every
story of a store as written (`stored`) and, with --resynthesise, the same stories synthesised again by
the code at hand from the stored articles and analyses (`current`), so one run compares the two:

    .venv/bin/python ../shared/tools/t17_pile.py --out /tmp/pile.jsonl --order shuffled
    .venv/bin/storyfuse ingest --db /tmp/pile.db --profile fast /tmp/pile.jsonl
    .venv/bin/python bench/audit_stories.py --db /tmp/pile.db --resynthesise [--examples 5]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from storyfuse.model import Article, Story
from storyfuse.synthesise.reference_date import published_day

_I = re.IGNORECASE
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
CLASSES: dict[str, re.Pattern[str]] = {
    "dateline": re.compile(
        rf"^[A-Z][A-Z .,'-]{{2,40}}\s*\||\((?:reuters|ap|afp)\)\s*[-–—]|^{_WEEKDAY}\s+{_MONTH}\s+\d", _I
    ),
    # a date and a clock time opening the text, a labelled stamp, or a short line with a clock time
    "stamp": re.compile(
        rf"^(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\s*[;,|]?\s*\d{{1,2}}:\d{{2}}|last\s+updated"
        r"|^(?:\S+\s+){0,7}\S*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|gmt|[ecmp][sd]t|bst|utc)?\W*$",
        _I,
    ),
    "navigation": re.compile(
        r"^\W*(?:full\s+article|read\s+more|click\s+here|related|see\s+also|share\b)", _I
    ),
    "transcript": re.compile(
        r"\btranscript\b.{0,40}\b(?:rush|final\s+form|may\s+not)|\brush\s+transcript", _I
    ),
    "editor's note": re.compile(r"\beditor['’]?s\s+note\b", _I),
    "byline": re.compile(
        r"^\W*(?:by\s+[A-Z][a-z]+\s+[A-Z][a-z]+\W*$|\(?(?:reporting|writing|editing)\s+by\b)"
    ),
    "comment": re.compile(
        r"\|\s*reply\b|\breply\s*\||\breport\s+abuse\b|\bat\s+\d{1,2}:\d{2}\s*[ap]m\s*\|", _I
    ),
    "footer": re.compile(
        r"all\s+rights\s+reserved|copyright\s+\d{4}|views\s+expressed\s+in\s+the\s+comments"
        r"|we\s+welcome\s+comments"
        r"|this\s+discussion\s+is\s+now\s+closed|trading\s+platform|electronic\s+trading|terms\s+of\s+use",
        _I,
    ),
    "fragment": re.compile(r"^\W*(?:\w\W*){0,4}$"),
    # a photo or video caption glued into the text ("… captured on security camera Pictures have emerged")
    "media caption": re.compile(
        r"\b(?:captured\s+on\s+(?:security\s+)?(?:camera|video|film)|pictures\s+have\s+emerged"
        r"|footage\s+(?:has\s+emerged|shows)|play\s+video|click\s+to\s+play|watch\s+the\s+video"
        r"|video\s+(?:courtesy|shows)|in\s+pictures\b)",
        _I,
    ),
    # a gallery's caption opening with its day ("May 28: …"; a chronology's entry is counted too)
    "gallery caption": re.compile(rf"^{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?\s*:\s", _I),
    "photo credit": re.compile(r"^(?:photograph|photo|picture)s?\s*:", _I),
    # a title, caption or page line without its full stop run into the next sentence ("… feared dead The
    # quake is …", "… you may need Adobe Reader It brought …")
    "line run into the text": re.compile(
        r"\b(?:[a-z]{3,}|[A-Z][a-z]+)\s+(?:The|There|It|He|She|They|Pictures|Footage)\s+[a-z]{2,}"
    ),
}
# a sentence that does not end as sentences do: a caption, a title or a page's line shown as news
_UNFINISHED = re.compile(r"(?:[.!?…][\"“”‘’')\]]*|[\"“”‘’])\s*$")
# Clutter of entities, quotes and figures (issue 17, the pile read by hand)
WEB_FURNITURE = {
    "flash", "adobe flash", "flash player", "adobe flash player", "javascript", "java", "html5", "cookies",
    "iplayer", "bbc iplayer", "media player", "windows media player", "realplayer", "quicktime",
    "adobe reader", "acrobat reader", "adobe acrobat", "reader",
}  # fmt: skip
TIME_ZONES = {"gmt", "utc", "est", "edt", "bst", "cet", "cest", "pst", "pdt", "cst", "cdt", "et"}
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_GLUED_TITLE = re.compile(  # a title run into its standfirst: a lower-case word, then a clause's capital
    r"\b[a-z]{3,}\s+(?:The|A|An|Pictures|Footage|Video|Images|Photos|It|He|She|They|We|This|There)\s+[a-z]"
)
_NAV_PREFIX = re.compile(r"^(?:help|skip\s+to|menu|home|search|sign\s+in|log\s+in)\b", _I)
_PRONOUN_LABEL = re.compile(r"^(?:his|her|their|its|our|my|your|this|that|these|those|he|she|they|it)\b", _I)
_ROLE_END_WORDS = {"of", "the", "for", "and", "to", "at", "in"}  # ("Influenza A" is a name)
_STOP = {
    "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "was", "as", "by", "at", "from", "it",
    "he", "said", "are", "have", "be", "a", "an", "or", "but", "were", "been", "has", "had", "this", "not",
    "they", "their", "them", "she", "his", "her", "its", "who", "which", "will", "would", "can", "could",
    "also", "than", "then", "there", "these", "those", "into", "about", "after", "before", "over", "more",
    "says", "told", "one", "two", "all", "what", "when", "where", "while", "our", "out", "some", "other",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]{3,}|\d+")
_MARKUP = re.compile(r"<[a-z/!][^>]*>|&[a-z]+;", _I)
_DATELINE_START = re.compile(
    rf"^[A-Z][A-Z/ .'-]{{1,40}}(?:\s*\||\s+\((?i:reuters|ap|afp)\)|,\s+[A-Z][a-z]+\s+\()"
    rf"|^(?i:{_WEEKDAY}\s+{_MONTH}\s+\d)"
)
_CHANGE = re.compile(
    r"\b(?:rose|rise|rises|fell|fall|falls|up|down|increase|decrease|gain|drop|jump|spread|more than)\b", _I
)


def content_words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP}


def clutter_classes(text: str) -> list[str]:
    found = [name for name, pattern in CLASSES.items() if pattern.search(text.strip())]
    if text.strip() and not _UNFINISHED.search(text.strip()):
        found.append("no full stop")
    return found


# A headline that opens with a connective or whose subject is a pronoun ("Speaking to Channel 4, he …",
# "Months later, the …"): it reads only after a sentence the story does not show
_LEANS_BEFORE = re.compile(
    r"(?:[^,.;:!?]{1,60},\s+)?(?:he|she|it|they|we|his|her|its|their|this|these|those)\b"
    r"|(?:but|and|however|meanwhile|also|yet|so|then|later|earlier)\b|\w+\s+\w+\s+later,",
    _I,
)


def headline_faults(story: Story, articles: Sequence[Article]) -> list[str]:
    faults = []
    head = story.headline
    if _MARKUP.search(head):
        faults.append("markup")
    if len(head) > 210:
        faults.append("over 200 characters")
    if _DATELINE_START.match(head):
        faults.append("dateline")
    if _GLUED_TITLE.search(head):
        faults.append("title glued to the text")
    if _NAV_PREFIX.match(head):
        faults.append("navigation prefix")
    if _LEANS_BEFORE.match(head):
        faults.append("leans on a sentence before it")
    # cut mid-word: the headline is a prefix of an article's text or title that goes on inside a word
    for source in [a.text for a in articles] + [a.title or "" for a in articles]:
        flat = " ".join(source.split())
        if (
            flat.startswith(head)
            and len(flat) > len(head)
            and flat[len(head)].isalnum()
            and head[-1:].isalnum()
        ):
            faults.append("cut mid-word")
            break
    return faults


def entity_faults(name: str, kind: str, aliases: Sequence[str]) -> list[str]:
    faults = []
    lower = name.lower()
    if lower in WEB_FURNITURE:
        faults.append("web player furniture")
    if lower in TIME_ZONES:
        faults.append("time zone")
    elif len(name.split()) > 1 and name.split()[0].lower() in TIME_ZONES and name.split()[0].isupper():
        faults.append("time zone and dateline")  # "BST MEXICO CITY" of "12:49 am BST MEXICO CITY (Reuters)"
    words = name.replace(",", " , ").split()
    if kind == "PERSON" and ("," in name or words[-1].lower() in _ROLE_END_WORDS):
        faults.append("role phrase as a person")
    for alias in aliases:
        short, long = (name, alias) if _ACRONYM.match(name) else (alias, name)
        if not _ACRONYM.match(short) or len(long.split()) < 2 or short in long.replace(".", "").split():
            continue  # "BP PLC" holds BP itself
        # an acronym's expansion holds no acronym of its own ("UN (also: US Navy)")
        if any(_ACRONYM.match(w) for w in long.split()):
            faults.append("acronym alias of another name")
    return faults


def audit(stories: Iterable[tuple[Story, Sequence[Article]]], examples: int) -> dict[str, object]:
    counts: Counter[str] = Counter()
    shown: defaultdict[str, list[str]] = defaultdict(list)

    def note(kind: str, text: str) -> None:
        counts[kind] += 1
        if len(shown[kind]) < examples:
            shown[kind].append(text[:160])

    for story, articles in stories:
        counts["stories"] += 1
        by_id = {a.id: a for a in articles}
        for fault in headline_faults(story, articles):
            note(f"headline: {fault}", story.headline)
        for sentence in story.summary:
            counts["summary sentences"] += 1
            for kind in clutter_classes(sentence.text):
                note(f"summary: {kind}", sentence.text)
        told = Counter(" ".join(sorted(content_words(e.text))) for e in story.timeline)
        for entry_text, times in told.items():
            if times > 1:  # one sentence given as the entry of two dates
                note("timeline: one sentence for two dates", f"{times}x {entry_text}")
        for entry in story.timeline:
            counts["timeline entries"] += 1
            for kind in clutter_classes(entry.text):
                note(f"timeline: {kind}", entry.text)
            words = content_words(entry.text)
            for article_id in entry.articles:
                counts["timeline citations"] += 1
                article = by_id.get(article_id)
                if article is not None and len(words & content_words(article.text)) * 2 >= len(words):
                    counts["timeline citations sound"] += 1
                elif article is not None:
                    note("timeline: citation does not hold", f"{entry.date} {entry.text} <- {article_id}")
        days = sorted(d for a in articles if (d := published_day(a)) is not None)
        own = [e.date for e in story.timeline if not e.background and len(e.date) == 10]
        if days and own and (days[-1] - days[0]).days >= 7:
            counts["timelines over a week"] += 1
            if (days[-1] - date.fromisoformat(max(own))).days > 3:
                note("timeline: ends over 3 days before the story", f"{story.id}: {max(own)} < {days[-1]}")
        for quote in story.quotes:
            counts["quotes"] += 1
            if quote.speaker is None:
                counts["quotes unattributed"] += 1
        said = [content_words(q.text) for q in story.quotes]
        for i, a in enumerate(said):
            # the same statement listed twice: most of the shorter one's words in the other
            twice = any(
                min(len(a), len(b)) >= 4 and len(a & b) * 5 >= min(len(a), len(b)) * 4 for b in said[:i]
            )
            if twice:
                note("quote: shown twice", story.quotes[i].text)
        for entity in story.entities:
            counts["entities"] += 1
            for fault in entity_faults(entity.name, entity.type, entity.aliases):
                note(f"entity: {fault}", f"{entity.name} ({entity.type}; also: {', '.join(entity.aliases)})")
        for figure in story.figures:
            counts["figures"] += 1
            if _PRONOUN_LABEL.match(figure.subject):
                note("figure: label is a pronoun phrase", figure.subject)
        for figure in story.figures:
            if not figure.conflict:
                continue
            counts["conflicts"] += 1
            # the values the flag is about: those marked disputed (every value, in stories of older code)
            disputed = [v for v in figure.values if v.disputed] or figure.values
            value_days = {
                d for v in disputed for a in v.articles if (art := by_id.get(a)) and (d := published_day(art))
            }
            kinds = {bool(_CHANGE.search(v.text)) for v in disputed}
            if value_days and (max(value_days) - min(value_days)).days > 1:
                note(
                    "conflict: values of different days",
                    f"{figure.subject}: {[v.text + ('*' if v.disputed else '') for v in figure.values]}",
                )
            elif len(kinds) > 1:
                note(
                    "conflict: a change beside a level",
                    f"{figure.subject}: {[v.text + ('*' if v.disputed else '') for v in figure.values]}",
                )
    sound = (
        counts["timeline citations sound"] / counts["timeline citations"]
        if counts["timeline citations"]
        else 0
    )
    return {"counts": dict(sorted(counts.items())), "citation_support": round(sound, 4), "examples": shown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--resynthesise", action="store_true", help="also audit the stories made again now")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the report as JSON here")
    parser.add_argument("--dump", type=Path, help="write the stories made again as JSON lines here, to read")
    args = parser.parse_args()

    from storyfuse.run.synthesis import reading_order, synthesis_inputs, synthesised
    from storyfuse.store import Store
    from storyfuse.synthesise import CANDIDATES_VERSION, article_candidates

    with Store(args.db, readonly=True) as store:
        # every story the store holds (listings are a web concern: their columns move with the web's needs)
        ids = [story_id for story_id, _ in store.story_states(None)]
        stored: list[tuple[Story, list[Article]]] = []
        current: list[tuple[Story, list[Article]]] = []
        for story_id in ids:
            story = store.story(story_id)
            if story is None:
                continue
            members = store.story_article_ids(story_id)
            if args.resynthesise:
                # what an ingest reads and makes of the story now (its reading order, kept vectors)
                inputs = synthesis_inputs(store, story_id, members)
                articles, ordered = inputs[1], inputs[2]
                for article, analysis in zip(articles, ordered, strict=True):
                    # candidates of older code are found again, as the pipeline does for such a store
                    if analysis.candidates is None or analysis.candidates.version < CANDIDATES_VERSION:
                        analysis.candidates = article_candidates(article, analysis)
                current.append((synthesised(inputs)[0], articles))
            else:
                articles = sorted(store.articles(members), key=reading_order)
            stored.append((story, articles))
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for story, _ in sorted(current, key=lambda pair: -len(pair[1])):
                out.write(json.dumps(story.to_json(), ensure_ascii=False) + "\n")
    report = {"stored": audit(stored, args.examples)}
    if args.resynthesise:
        report["current"] = audit(current, args.examples)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
