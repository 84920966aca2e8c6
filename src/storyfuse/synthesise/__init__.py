"""The synthesise stage: one consolidated Story from the articles of a cluster."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyfuse.model import Analysis, Article, Candidates, Story, StoryArticle
from storyfuse.synthesise.story_sentences import StorySentences, trimmed


def synthesise_story(
    story_id: str,
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    sentences: StorySentences | None = None,
) -> Story:
    """Everything a reader sees of a story, computed from its articles and their analyses.

    `sentences`: the story's sentences, possibly with vectors known from before (see StorySentences.of).
    """
    from storyfuse.synthesise.entities import resolve_story_entities
    from storyfuse.synthesise.families import families
    from storyfuse.synthesise.figures import story_figures
    from storyfuse.synthesise.quotes import story_quotes
    from storyfuse.synthesise.reference_date import story_dates
    from storyfuse.synthesise.summary import summarise_story
    from storyfuse.synthesise.timeline import build_timeline

    sentences = sentences or StorySentences.of(articles, analyses)
    copies = families(sentences)
    entities = resolve_story_entities(articles, analyses)
    dates = story_dates(articles)  # each article's reference day, inferred from the story when missing
    return Story(
        id=story_id,
        headline=headline(articles, analyses, sentences),
        articles=[
            StoryArticle(
                id=a.id,
                path=a.path,
                url=a.url,
                source=a.source,
                title=a.title,
                published=a.published.value if a.published else None,
                credits=a.credits,
            )
            for a in articles
        ],
        families=copies,
        entities=entities.entities,
        quotes=story_quotes(articles, analyses, entities, story_sentences=sentences, families=copies),
        figures=story_figures(articles, analyses, story_sentences=sentences, families=copies, dates=dates),
        timeline=build_timeline(articles, analyses, story_sentences=sentences, dates=dates),
        summary=summarise_story(articles, analyses, story_sentences=sentences, dates=dates),
    )


# Raise when what article_candidates finds changes: the store then finds them again for the stories it
# synthesises (run.synthesis._complete_candidates).
# 2: quotes closed by a mark of the other kind (“…," "…”); 3: no names in sentences of page furniture;
# 4: a clock's zone opening a name goes ("BST MEXICO CITY"), a designator's last word keeps a body a body;
# 5: quote spans by the marks' shapes (f31b514 and before, which did not raise it), and no quantity for a
# number that labels ("year seven", "Flight 447") or a ratio's denominator ("1 in 60 people"); 6: a dated
# caption in the present's passive ("May 6: A pump is lowered …") is clutter, so no quote's sentence;
# 7: a photographer's name alone before the sentence is cut with its credit label (trimmed sentences);
# 8: a photograph's credit read as a name ("Ada Vell/AFP/Getty Images") is no name; 9: a wire page's numeric
# stamp ("2031 03 11 06:19 JST") opening a sentence is cut (trimmed sentences); 10: a credit run into the
# next word ("Ines Holm/AP BP") or cut at its slash is no name, and one of several agencies is cut; a
# menu's label after a clock's zone goes with it ("GMT Help BP"); 11: pictures' captions and split
# tickers are clutter (news flags); 12: a role before "of" or "for" is not the next name's ("the head of
# the Fund"); 13: a clock NER took with its zone goes too ("04:46 GMT Help"); 14: a name whose photo
# credit NER cut before the agency's slash ("Ada Vell/EPA"); 15: a quote whose closing mark was lost
# ends before the attribution inside it; 16: a heading in capitals run into its sentence is cut; 17: a
# wire story's code read as a person ("nN15210454") names no one; 18: "head of the" before a name NER
# took without its article is still someone else's role
CANDIDATES_VERSION = 18


def article_candidates(article: Article, analysis: Analysis) -> Candidates:
    """What synthesis reads of one article that depends on it alone: its mentions cleaned and typed,
    its quantities with what they count, its quotes with the cues that need no story. Made once per
    article (after its sentences and mentions), so a story that grows reads them instead."""
    from storyfuse.synthesise.entities import name_candidates
    from storyfuse.synthesise.figures import quantity_candidates
    from storyfuse.synthesise.quotes import quote_candidates

    return Candidates(
        names=name_candidates(analysis.mentions, article.text, analysis.sentences),
        quantities=quantity_candidates([trimmed(s) for s in analysis.sentences]),
        quotes=quote_candidates(article, analysis),
        version=CANDIDATES_VERSION,
    )


def headline(
    articles: Sequence[Article], analyses: Sequence[Analysis], sentences: StorySentences | None = None
) -> str:
    """The title of the article closest to the story's centre (ties: the earliest), cleaned of markup,
    datelines and site names; when no article has a usable title, the first sentence of news of the
    most central article (or the title a flattened page ran into it). Whole, never cut mid-word, at most
    about MAX_HEADLINE characters."""
    from storyfuse.synthesise.eligible import clean_title, run_in_title, shorten, stands_alone

    if not articles:
        return ""
    story = sentences or StorySentences.of(articles, analyses)
    order = _by_centrality(analyses)
    for k in order:
        title = clean_title(articles[k].title, articles[k].source)
        if title:
            return title
    leaning: str | None = None  # the most central article's first sentence, when none reads alone
    for k in order:
        lead = [
            s.text for i, s in enumerate(story.sentences) if s.article_id == articles[k].id and story.news[i]
        ]
        if not lead:
            continue
        # a title the page ran into its first sentence heads the story by itself (analysis cuts it
        # off; an article analysed before it did still holds it in its first sentence)
        titled = run_in_title(lead[0], articles[k].language)
        if titled:
            return titled
        fitting = [t for t in lead[:3] if len(t) <= MAX_HEADLINE] or lead[:1]
        # of the first sentences, one that reads by itself ("Speaking to the council, he said …" leans
        # on a name the story's headline would not give; English cues only), else the next article's
        alone = [t for t in fitting if articles[k].language not in (None, "en") or stands_alone(t)]
        if alone:
            return shorten(alone[0], MAX_HEADLINE)
        leaning = leaning or shorten(fitting[0], MAX_HEADLINE)
    return leaning or shorten(" ".join(articles[order[0]].text.split()), MAX_HEADLINE)


MAX_HEADLINE = 200


def _by_centrality(analyses: Sequence[Analysis]) -> list[int]:
    """Article positions, the closest to the story's centre first (ties and unembedded: story order)."""
    embedded = [k for k, an in enumerate(analyses) if an.embedding]
    if not embedded:
        return list(range(len(analyses)))
    vectors = np.array([analyses[k].embedding for k in embedded], dtype=np.float32)
    scores = vectors @ vectors.mean(axis=0)
    ranked = [embedded[j] for j in sorted(range(len(embedded)), key=lambda j: -float(scores[j]))]
    return ranked + [k for k in range(len(analyses)) if k not in set(embedded)]
