"""Reader registry: picks the reader for a file format and imports it only when used."""

from __future__ import annotations

import importlib
import os

from claimcheck.document import Document

# File extension -> format name; the format name is also the reader module's name.
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
FORMATS = ("text", "markdown", "html")


def format_for(path: str, default: str = "text") -> str:
    """The format a path's extension implies, or ``default``."""
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), default)


def read_document(path: str, source: str, fmt: str | None = None) -> Document:
    """Split ``source`` into prose blocks with the reader for ``fmt`` (or the path's extension)."""
    fmt = fmt or format_for(path)
    module = importlib.import_module(f"claimcheck.readers.{fmt}")
    return module.read(path, source)
