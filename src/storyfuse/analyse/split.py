"""Rule-based sentence splitting for plain or tokenised English: no model, for cheap, long inputs."""

from __future__ import annotations

import re

from storyfuse.lexicon.function_words import SENTENCE_OPENERS

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "sgt", "gov", "sen", "rep",
    "rev", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e",
}  # fmt: skip
# A boundary: ., ! or ? (maybe with closing quotes/brackets), whitespace, then what can open a sentence.
# Tokenised text puts quotes apart: ". '' Next" closes a quote, ". `` Next" opens one.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?:\s+(?:''|\"|”|’))?\s+(?=(?:``\s+)?[\"'“‘`(\[]*[A-Z0-9])")


# Where a flattened page ran a line without its full stop (a title, a caption, a page's "you may need Adobe
# Reader") into the next sentence: a capitalised function word after a word ending in lower case, then a
# word in lower case. Inside an English sentence a capitalised function word opens a name or a title
# ("told The Times"), which a capital follows.
RUN_IN = re.compile(rf"(?<=[a-z0-9,'’])\s+(?=(?:{'|'.join(sorted(SENTENCE_OPENERS))})\s+(?-i:[a-z]))")
RUN_IN_LANGUAGES = {None, "en"}  # the languages whose capitalisation the pattern reads


def run_in_starts(text: str) -> list[int]:
    """Where sentences run into `text` start (after the whitespace), past its first."""
    return [m.end() for m in RUN_IN.finditer(text)]


def split_sentences(text: str) -> list[str]:
    """Sentences of plain or tokenised English text by punctuation rules (no model: baselines stay cheap)."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        start = 0
        for boundary in _BOUNDARY.finditer(paragraph):
            words_before = paragraph[start : boundary.start()].split()
            last_word = words_before[-1].lower().rstrip(".") if words_before else ""
            # "Dr. Murray", "U.S. House", "J. Smith": an abbreviation or initial, not a sentence end.
            if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                continue
            sentences.append(paragraph[start : boundary.end()].strip())
            start = boundary.end()
        sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]
