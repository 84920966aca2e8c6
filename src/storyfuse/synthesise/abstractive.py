"""Optional abstractive summary: an OpenAI-compatible chat model rewrites the extractive summary.

The model sees only the extractive summary's sentences, numbered, never the articles, and must
answer with sentences that each name the numbers they rewrite. A rewritten sentence then cites the
articles of the sentences it rewrites, so every claim stays traceable to the outlets that made it.
A reply is used only when it passes strict checks: every sentence cites known numbers, states no
number its sources do not, and the whole is not much longer than what it rewrites. Anything else
(no answer, a timeout, an HTTP error, a malformed or unfaithful reply) raises `AbstractiveError`,
and callers keep the extractive summary.

The mode is off unless an endpoint is configured (`[llm] url` or `STORYFUSE_LLM_URL`, e.g. a local llama.cpp
server at http://127.0.0.1:8080/v1); nothing else in storyfuse, and no test, needs a model. Only
the standard library speaks HTTP here, so the mode adds no dependency.
"""

from __future__ import annotations

import ipaddress
import json
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any
from urllib.parse import urlparse

from storyfuse import __version__, settings
from storyfuse.errors import StoryfuseError
from storyfuse.model import SummarySentence
from storyfuse.settings import LLMSettings

DEFAULT_MODEL = LLMSettings.model
DEFAULT_TIMEOUT = LLMSettings.timeout
MAX_GROWTH = 1.5  # a rewrite longer than this many times its input's words is adding something
MAX_REPLY_BYTES = 1_000_000

SYSTEM_PROMPT = (
    "You rewrite the numbered sentences of a news summary into fluent, concise prose. "
    "Use only facts the numbered sentences state: add nothing, guess nothing. "
    "You may merge, split, reorder or shorten sentences. Reply with only a JSON array, one object "
    'per output sentence: {"text": "the sentence", "sources": [the numbers of every input sentence '
    "it draws on]}. Every output sentence must list at least one source."
)

# A number as written in prose: "1,200", "3.5", "2031"; separators are dropped before comparing.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_FENCE = re.compile(r"^\s*```[A-Za-z]*\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)


class AbstractiveError(StoryfuseError):
    """The model could not be reached, or its rewrite was not one storyfuse can trust."""


@dataclass(frozen=True)
class LLMEndpoint:
    """Where an OpenAI-compatible chat-completions API listens, e.g. http://127.0.0.1:8080/v1."""

    base_url: str
    model: str = DEFAULT_MODEL
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT  # seconds, for connecting and for each read

    def __post_init__(self) -> None:
        if urlparse(self.base_url).scheme not in ("http", "https") or not urlparse(self.base_url).hostname:
            raise AbstractiveError(f"llm url {self.base_url!r} is not an http(s) URL")
        if not self.timeout > 0:
            raise AbstractiveError(f"llm timeout must be a positive number of seconds, not {self.timeout}")

    @property
    def completions_url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


def endpoint_from_settings(llm: LLMSettings | None = None) -> LLMEndpoint | None:
    """The endpoint the `llm` settings describe (None: the active settings); None without a URL."""
    llm = llm or settings.active().llm
    if not llm.url.strip():
        return None
    return LLMEndpoint(
        base_url=llm.url.strip(),
        model=llm.model.strip() or DEFAULT_MODEL,
        api_key=llm.key.strip() or None,
        timeout=llm.timeout,
    )


def rewrite_summary(sentences: Sequence[SummarySentence], endpoint: LLMEndpoint) -> list[SummarySentence]:
    """The sentences rewritten by the model in one request, each citing the articles of its sources.

    Raises AbstractiveError, with a one-line message, when the model cannot be reached or its reply
    fails validation.
    """
    if not sentences:
        return []
    content = _complete(endpoint, _messages(sentences))
    try:
        return _validated(content, sentences)
    except AbstractiveError as error:
        raise AbstractiveError(f"llm at {endpoint.base_url}: {error}") from None


def summarise_abstractive_or_keep(
    sentences: Sequence[SummarySentence], endpoint: LLMEndpoint
) -> tuple[list[SummarySentence], str | None]:
    """The rewrite and None; or, when it fails, the extractive sentences and why, in one line."""
    try:
        return rewrite_summary(sentences, endpoint), None
    except AbstractiveError as error:
        return list(sentences), f"{error}; kept the extractive summary"


def _messages(sentences: Sequence[SummarySentence]) -> list[dict[str, str]]:
    numbered = "\n".join(f"{n}. {' '.join(s.text.split())}" for n, s in enumerate(sentences, start=1))
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Sentences:\n{numbered}"},
    ]


def _complete(endpoint: LLMEndpoint, messages: list[dict[str, str]]) -> str:
    """The text of the first choice of one chat completion (temperature 0, not streamed)."""
    body = json.dumps(
        {"model": endpoint.model, "messages": messages, "temperature": 0, "stream": False}
    ).encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": f"storyfuse/{__version__}",
    }
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    request = urllib.request.Request(endpoint.completions_url, data=body, headers=headers, method="POST")
    where = f"llm at {endpoint.base_url}"
    try:
        with _opener(endpoint).open(request, timeout=endpoint.timeout) as response:
            raw = response.read(MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise AbstractiveError(f"{where}: HTTP {error.code} {_one_line(str(error.reason))}") from None
    except (TimeoutError, urllib.error.URLError) as error:
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        if isinstance(reason, TimeoutError):
            raise AbstractiveError(f"{where}: timed out after {endpoint.timeout:g} s") from None
        raise AbstractiveError(f"{where}: {_one_line(str(reason))}") from None
    except (OSError, HTTPException) as error:
        raise AbstractiveError(f"{where}: {_one_line(str(error)) or type(error).__name__}") from None
    if len(raw) > MAX_REPLY_BYTES:
        raise AbstractiveError(f"{where}: reply larger than {MAX_REPLY_BYTES} bytes")
    try:
        content = json.loads(raw)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise AbstractiveError(f"{where}: reply is not a chat completion") from None
    if not isinstance(content, str):
        raise AbstractiveError(f"{where}: reply is not a chat completion")
    return content


def _opener(endpoint: LLMEndpoint) -> urllib.request.OpenerDirector:
    """A local server is reached directly: a proxy set for the internet cannot reach the loopback."""
    host = urlparse(endpoint.base_url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def _validated(content: str, sources: Sequence[SummarySentence]) -> list[SummarySentence]:
    """The reply as summary sentences, or AbstractiveError saying what is wrong with it."""
    fenced = _FENCE.match(content)
    try:
        reply: Any = json.loads(fenced.group(1) if fenced else content)
    except ValueError:
        raise AbstractiveError("reply is not JSON") from None
    if isinstance(reply, dict) and isinstance(reply.get("sentences"), list):
        reply = reply["sentences"]  # servers forced into JSON mode must answer with an object
    if not isinstance(reply, list) or not reply:
        raise AbstractiveError("reply is not a non-empty JSON array of sentences")
    rewritten = [_sentence(n, item, sources) for n, item in enumerate(reply, start=1)]
    words_in = sum(len(s.text.split()) for s in sources)
    words_out = sum(len(s.text.split()) for s in rewritten)
    if words_out > MAX_GROWTH * words_in:
        raise AbstractiveError(f"rewrite has {words_out} words for {words_in} in the summary")
    return rewritten


def _sentence(n: int, item: Any, sources: Sequence[SummarySentence]) -> SummarySentence:
    """Output sentence `n` with the articles of the sources it cites, in the summary's order."""
    if not isinstance(item, dict):
        raise AbstractiveError(f"sentence {n} is not an object with text and sources")
    text = item.get("text")
    cited = item.get("sources")
    if not isinstance(text, str) or not text.strip():
        raise AbstractiveError(f"sentence {n} has no text")
    if not isinstance(cited, list) or not cited:
        raise AbstractiveError(f"sentence {n} cites no source")
    # bool is an int subclass: `true` is not sentence 1
    if any(isinstance(c, bool) or not isinstance(c, int) or not 1 <= c <= len(sources) for c in cited):
        raise AbstractiveError(f"sentence {n} cites {cited}, not sentence numbers 1 to {len(sources)}")
    numbers = sorted(set(cited))
    stated = {number for c in numbers for number in _numbers(sources[c - 1].text)}
    invented = [number for number in _numbers(text) if number not in stated]
    if invented:
        raise AbstractiveError(f"sentence {n} states {invented[0]}, which its sources do not")
    articles = list(dict.fromkeys(a for c in numbers for a in sources[c - 1].articles))
    return SummarySentence(text=" ".join(text.split()), articles=articles, rank=n - 1)


def _numbers(text: str) -> list[str]:
    """The numbers a text states, written alike ("1,200" and "1200" are one number)."""
    return [re.sub(r"[.,]", "", match).lstrip("0") or "0" for match in _NUMBER.findall(text)]


def _one_line(text: str) -> str:
    return " ".join(text.split())
