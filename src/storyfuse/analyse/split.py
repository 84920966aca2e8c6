"""Rule-based sentence splitting for plain or tokenised English: no model, for cheap, long inputs."""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "sgt", "gov", "sen", "rep",
    "rev", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e",
}  # fmt: skip
# A boundary: ., ! or ? (maybe with closing quotes/brackets), whitespace, then what can open a sentence.
# Tokenised text puts quotes apart: ". '' Next" closes a quote, ". `` Next" opens one.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?:\s+(?:''|\"|”|’))?\s+(?=(?:``\s+)?[\"'“‘`(\[]*[A-Z0-9])")


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
