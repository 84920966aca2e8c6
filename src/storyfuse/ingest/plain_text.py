"""Plain-text articles: one file (or payload) is one article."""

from __future__ import annotations

from storyfuse.errors import BadInput
from storyfuse.ingest.decode import decode_utf8
from storyfuse.model import RawDocument


def require_text(content: str) -> None:
    """Refuse text that is nothing but whitespace."""
    if not content.strip():
        raise BadInput("only whitespace")


def read_text_file(origin: str, data: bytes, native_id: str | None) -> RawDocument:
    """A .txt file: strict UTF-8, so a wrong encoding is reported instead of turned into mojibake."""
    content = decode_utf8(data)
    require_text(content)
    return RawDocument(origin=origin, content=content, format="text", native_id=native_id)
