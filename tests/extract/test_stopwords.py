"""One function-word list serves the line classifier and the language guesser."""

from __future__ import annotations

from storyfuse.extract.metadata import guess_language
from storyfuse.lexicon.function_words import FUNCTION_WORDS, STOPWORDS


def test_function_words_cover_every_language_list() -> None:
    for words in STOPWORDS.values():
        assert words <= FUNCTION_WORDS


def test_language_lists_are_of_similar_size() -> None:
    sizes = [len(words) for words in STOPWORDS.values()]
    assert max(sizes) <= 1.5 * min(sizes)


def test_guess_language_with_the_shared_lists() -> None:
    assert (
        guess_language("Le maire de Port Elmsby a annoncé que le pont sera fermé pour des travaux.") == "fr"
    )
    assert (
        guess_language("Der Bürgermeister hat gesagt, dass die Brücke für einen Monat nicht offen ist.")
        == "de"
    )
    assert guess_language("The mayor of Port Elmsby said that the bridge will be closed for a month.") == "en"
