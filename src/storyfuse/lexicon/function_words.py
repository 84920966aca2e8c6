"""The function words of the languages we meet, shared by the line classifier and the language guesser.

The commonest short words of a language cover a large share of any running text in it and hardly
any of a menu or a headline: the line classifier uses their share to tell prose from labels, the
language guesser uses which language's words cover the text. Each list holds the commonest words
of its language, kept to a similar size so that no language is favoured by a longer list.
"""

from __future__ import annotations


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS: dict[str, frozenset[str]] = {
    language: _word_set(words)
    for language, words in {
        "en": "the of and to in is that for on with was as by at from it he said are have be"
        " a an or but were been has had this not",
        "fr": "le la les de des et un une du est que en dans pour qui sur au aux avec pas il a elle ont ce"
        " se ne plus par son sa",
        "de": "der die das und ist nicht ein eine zu den mit von auf für im sich dem des er sie es auch"
        " wird wurde hat bei aus",
        "es": "el la los las de del y en que un una por con para se es al lo como su no más pero fue"
        " sus ha le",
        "it": "il la le di del e che un una per con non sono della è da nel al gli si ha anche dei alla"
        " delle lo ma come",
        "pt": "o a os as de do da e que um uma para com não em no na se por é dos das foi ao mais"
        " mas como ele ou",
        "nl": "de het een en van is dat niet op te in voor met zijn er aan ook die als bij door werd"
        " maar om ze hij nog",
    }.items()
}

# Words of the languages above plus English words that only running text uses between its nouns.
FUNCTION_WORDS: frozenset[str] = frozenset().union(*STOPWORDS.values()) | _word_set(
    "which who will would these those its she they we you his her their our no than then there whom"
    " what when where can could should may might says after before over about into"
)

# Words that cannot end a sentence: a line ending with one continues on the next line.
DANGLING_WORDS = _word_set(
    "a an the of and or but to in on at by for with from as is are was were that this his her their its"
    " said told says according than into about over after before"
)

# English function words that open sentences: written with a capital inside a sentence, one only opens
# a name or a title ("The Times"), so after a word in lower case it marks a sentence or a line run into
# the one before (`analyse.split.RUN_IN`, a menu label before a sentence in `synthesise.eligible`).
SENTENCE_OPENERS = _word_set(
    "A An The It He She They We There This That These Those Its His Her Their Our Another In On At For"
    " As When After Before But However Some Many Most"
)

# English words that open a sentence leaning on the one before it: a pronoun for someone named there, or
# a connective ("But …", "Months later, …"). A headline must stand alone (`synthesise.eligible`).
# A page's menu labels, which a flattened page runs into its first sentence ("… 09:43 GMT Help BP has …")
MENU_LABELS = _word_set("help home menu search")
ANAPHORIC_SUBJECTS = _word_set("he she it they we his her its their this these those")
CONNECTIVES = _word_set(
    "but and however meanwhile also still yet so then later earlier instead moreover besides nevertheless"
)
