"""The abstractive rewrite, against a real HTTP server on the loopback standing in for the model."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from storyfuse.errors import StoryfuseError
from storyfuse.model import SummarySentence
from storyfuse.settings import LLMSettings, resolve
from storyfuse.synthesise.abstractive import (
    AbstractiveError,
    LLMEndpoint,
    endpoint_from_settings,
    rewrite_summary,
    summarise_abstractive_or_keep,
)

EXTRACTIVE = [
    SummarySentence(
        "Dock workers in Quellport walked out on Monday over a pay offer they called an insult.",
        ["harbour-post", "coast-wire"],
    ),
    SummarySentence(
        "The union said about 1,200 members had joined the strike at the container terminal.",
        ["harbour-post"],
    ),
    SummarySentence(
        "The strike ended on Tuesday after the union accepted a revised pay offer.",
        ["evening-star", "coast-wire"],
    ),
]


@dataclass
class FakeModel:
    """What the stand-in server answers next, and what it was sent."""

    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    requests: list[tuple[str, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    base_url: str = ""

    def answer(self, content: str) -> None:
        """Reply with a chat completion whose message is `content`."""
        self.body = json.dumps(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}],
            }
        ).encode()

    def answer_sentences(self, *items: dict[str, Any]) -> None:
        self.answer(json.dumps(list(items)))

    def endpoint(self, **options: Any) -> LLMEndpoint:
        return LLMEndpoint(base_url=self.base_url, **options)


@pytest.fixture
def model() -> Iterator[FakeModel]:
    fake = FakeModel()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append((self.path, dict(self.headers.items()), payload))
            if self.path != "/v1/chat/completions":
                self.send_error(404)
                return
            if fake.delay:
                fake.release.wait(fake.delay)
            try:
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(fake.body)))
                self.end_headers()
                self.wfile.write(fake.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as the timeout test wants

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_request_numbers_the_sentences_and_names_the_model(model: FakeModel) -> None:
    model.answer_sentences({"text": "Quellport dock workers struck on Monday.", "sources": [1]})
    rewrite_summary(EXTRACTIVE, model.endpoint(model="tiny-instruct"))
    assert len(model.requests) == 1
    path, headers, payload = model.requests[0]
    assert path == "/v1/chat/completions"
    assert headers["Content-Type"] == "application/json"
    assert payload["model"] == "tiny-instruct"
    assert payload["temperature"] == 0
    prompt = "\n".join(m["content"] for m in payload["messages"])
    for n, sentence in enumerate(EXTRACTIVE, start=1):
        assert f"{n}. {sentence.text}" in prompt
    assert "JSON" in prompt and "sources" in prompt


def test_a_rewritten_sentence_cites_the_articles_of_every_sentence_it_rewrites(model: FakeModel) -> None:
    model.answer_sentences(
        {"text": "About 1,200 Quellport dock workers walked out on Monday over pay.", "sources": [2, 1]},
        {"text": "They  returned on Tuesday\nafter accepting a revised offer.", "sources": [3, 3]},
    )
    rewritten = rewrite_summary(EXTRACTIVE, model.endpoint())
    assert rewritten == [
        # sources in the summary's order, each article once
        SummarySentence(
            "About 1,200 Quellport dock workers walked out on Monday over pay.",
            ["harbour-post", "coast-wire"],
        ),
        SummarySentence(
            "They returned on Tuesday after accepting a revised offer.",
            ["evening-star", "coast-wire"],
            rank=1,
        ),
    ]


def test_code_fences_around_the_json_are_stripped(model: FakeModel) -> None:
    items = [{"text": "Dock workers walked out over a pay offer.", "sources": [1]}]
    model.answer("```json\n" + json.dumps(items) + "\n```")
    assert rewrite_summary(EXTRACTIVE, model.endpoint()) == [
        SummarySentence("Dock workers walked out over a pay offer.", ["harbour-post", "coast-wire"])
    ]


def test_an_object_wrapping_the_sentences_is_accepted(model: FakeModel) -> None:
    model.answer(json.dumps({"sentences": [{"text": "The strike ended on Tuesday.", "sources": [3]}]}))
    assert [s.articles for s in rewrite_summary(EXTRACTIVE, model.endpoint())] == [
        ["evening-star", "coast-wire"]
    ]


def test_the_api_key_is_sent_as_a_bearer_token_only_when_set(model: FakeModel) -> None:
    model.answer_sentences({"text": "The strike ended on Tuesday.", "sources": [3]})
    rewrite_summary(EXTRACTIVE, model.endpoint(api_key="sk-fictional"))
    rewrite_summary(EXTRACTIVE, model.endpoint())
    with_key, without_key = (headers for _, headers, _ in model.requests)
    assert with_key["Authorization"] == "Bearer sk-fictional"
    assert "Authorization" not in without_key


def test_no_sentences_need_no_request(model: FakeModel) -> None:
    assert rewrite_summary([], model.endpoint()) == []
    assert model.requests == []


UNTRUSTED_REPLIES = {
    "unknown source": ([{"text": "The strike ended on Tuesday.", "sources": [4]}], "cites [4]"),
    "source zero": ([{"text": "The strike ended on Tuesday.", "sources": [0]}], "cites [0]"),
    "boolean source": ([{"text": "The strike ended on Tuesday.", "sources": [True]}], "cites [True]"),
    "text source": ([{"text": "The strike ended on Tuesday.", "sources": ["1"]}], "cites ['1']"),
    "no sources": ([{"text": "The strike ended on Tuesday.", "sources": []}], "cites no source"),
    "missing sources": ([{"text": "The strike ended on Tuesday."}], "cites no source"),
    "empty text": ([{"text": "  ", "sources": [1]}], "has no text"),
    "empty array": ([], "non-empty JSON array"),
    "bare string": ("The strike ended.", "non-empty JSON array"),
    "item not an object": (["The strike ended."], "not an object"),
    "invented number": (
        [{"text": "About 4,000 dock workers walked out on Monday.", "sources": [1]}],
        "states 4000, which its sources do not",
    ),
    "far longer": (
        [{"text": " ".join(EXTRACTIVE[0].text for _ in range(3)), "sources": [1]}] * 2,
        "words for 43 in the summary",
    ),
}


@pytest.mark.parametrize("reply, reason", UNTRUSTED_REPLIES.values(), ids=UNTRUSTED_REPLIES.keys())
def test_an_untrusted_rewrite_is_refused_and_the_extractive_summary_kept(
    model: FakeModel, reply: Any, reason: str
) -> None:
    model.answer(json.dumps(reply))
    kept, warning = summarise_abstractive_or_keep(EXTRACTIVE, model.endpoint())
    assert kept == EXTRACTIVE
    assert warning is not None and "\n" not in warning
    assert warning.startswith(f"llm at {model.base_url}: ")
    assert reason in warning


def test_a_reply_that_is_not_json_is_refused(model: FakeModel) -> None:
    model.answer("Sure! Here is a more fluent summary: dock workers struck.")
    kept, warning = summarise_abstractive_or_keep(EXTRACTIVE, model.endpoint())
    assert kept == EXTRACTIVE
    assert warning == f"llm at {model.base_url}: reply is not JSON; kept the extractive summary"


def test_a_body_that_is_not_a_chat_completion_is_refused(model: FakeModel) -> None:
    model.body = b"<html>gateway</html>"
    with pytest.raises(AbstractiveError, match="reply is not a chat completion"):
        rewrite_summary(EXTRACTIVE, model.endpoint())


def test_an_http_error_keeps_the_extractive_summary(model: FakeModel) -> None:
    model.status = 500
    model.body = b'{"error": {"message": "model failed to load\\nstack trace..."}}'
    kept, warning = summarise_abstractive_or_keep(EXTRACTIVE, model.endpoint())
    assert kept == EXTRACTIVE
    assert warning == (
        f"llm at {model.base_url}: HTTP 500 Internal Server Error; kept the extractive summary"
    )


def test_a_slow_model_times_out_and_the_extractive_summary_is_kept(model: FakeModel) -> None:
    model.delay = 5.0
    model.answer_sentences({"text": "The strike ended on Tuesday.", "sources": [3]})
    kept, warning = summarise_abstractive_or_keep(EXTRACTIVE, model.endpoint(timeout=0.3))
    assert kept == EXTRACTIVE
    assert warning == f"llm at {model.base_url}: timed out after 0.3 s; kept the extractive summary"


def test_an_unreachable_model_is_a_one_line_error(model: FakeModel) -> None:
    wrong_path = LLMEndpoint(base_url=model.base_url.removesuffix("/v1") + "/nope")
    with pytest.raises(AbstractiveError, match=r"HTTP 404"):
        rewrite_summary(EXTRACTIVE, wrong_path)
    # a port nothing listens on: bind one, close it, then call it
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = closed.server_address[1]
    closed.server_close()
    with pytest.raises(AbstractiveError) as refused:
        rewrite_summary(EXTRACTIVE, LLMEndpoint(base_url=f"http://127.0.0.1:{port}/v1", timeout=2))
    message = str(refused.value)
    assert message.startswith(f"llm at http://127.0.0.1:{port}/v1: ") and "\n" not in message
    assert isinstance(refused.value, StoryfuseError)


def test_a_loopback_model_is_reached_past_a_proxy_set_for_the_internet(
    model: FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", "http://192.0.2.1:3128")  # TEST-NET: nothing answers there
    monkeypatch.setenv("HTTP_PROXY", "http://192.0.2.1:3128")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    model.answer_sentences({"text": "The strike ended on Tuesday.", "sources": [3]})
    assert rewrite_summary(EXTRACTIVE, model.endpoint(timeout=2))[0].text == "The strike ended on Tuesday."


def llm_of(environ: dict[str, str]) -> LLMSettings:
    return resolve(environ=environ).llm


def test_the_endpoint_comes_from_the_environment() -> None:
    assert endpoint_from_settings(llm_of({})) is None
    assert endpoint_from_settings(llm_of({"STORYFUSE_LLM_URL": "  ", "STORYFUSE_LLM_MODEL": "x"})) is None
    plain = endpoint_from_settings(llm_of({"STORYFUSE_LLM_URL": "http://127.0.0.1:8080/v1"}))
    assert plain == LLMEndpoint(base_url="http://127.0.0.1:8080/v1", model="local", api_key=None)
    assert plain is not None and plain.completions_url == "http://127.0.0.1:8080/v1/chat/completions"
    full = endpoint_from_settings(
        llm_of(
            {
                "STORYFUSE_LLM_URL": "https://llm.example.org/v1/",
                "STORYFUSE_LLM_MODEL": "qwen2.5-1.5b-instruct",
                "STORYFUSE_LLM_KEY": "sk-fictional",
                "STORYFUSE_LLM_TIMEOUT": "12.5",
            }
        )
    )
    assert full == LLMEndpoint("https://llm.example.org/v1/", "qwen2.5-1.5b-instruct", "sk-fictional", 12.5)
    assert full.completions_url == "https://llm.example.org/v1/chat/completions"


def test_the_process_environment_is_read_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYFUSE_LLM_URL", "http://localhost:8080/v1")
    monkeypatch.delenv("STORYFUSE_LLM_MODEL", raising=False)
    monkeypatch.setenv("STORYFUSE_LLM_KEY", "")
    assert endpoint_from_settings() == LLMEndpoint(base_url="http://localhost:8080/v1")
    monkeypatch.delenv("STORYFUSE_LLM_URL")
    assert endpoint_from_settings() is None


@pytest.mark.parametrize(
    "environ, reason",
    [
        ({"STORYFUSE_LLM_URL": "127.0.0.1:8080"}, "is not an http(s) URL"),
        ({"STORYFUSE_LLM_URL": "ftp://llm.example.org"}, "is not an http(s) URL"),
        ({"STORYFUSE_LLM_URL": "http://127.0.0.1:8080/v1", "STORYFUSE_LLM_TIMEOUT": "soon"}, "not a number"),
        ({"STORYFUSE_LLM_URL": "http://127.0.0.1:8080/v1", "STORYFUSE_LLM_TIMEOUT": "0"}, "positive"),
    ],
)
def test_a_bad_configuration_is_a_one_line_error(environ: dict[str, str], reason: str) -> None:
    with pytest.raises(StoryfuseError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        endpoint_from_settings(llm_of(environ))
