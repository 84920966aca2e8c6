"""The content hash that makes "the same content twice" one article."""

from __future__ import annotations

import hashlib
import unicodedata


def normalise_for_hash(text: str) -> str:
    """NFC, `\\n` line ends, no trailing whitespace on lines, no blank lines at either end."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    # A trailing newline (or a missing one) is an editor's habit, not different content.
    return "\n".join(lines).strip("\n")


def content_hash(text: str) -> str:
    """sha256 hex of the normalised text."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()
