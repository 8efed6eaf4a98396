"""Reads source files as text: encoding detection, BOMs, binary refusal, newline style."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from claimcheck.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes that never appear in text files; their presence marks a binary file.
_BINARY_CONTROL = bytes(range(0, 9)) + b"\x0e\x0f" + bytes(range(0x10, 0x1B)) + b"\x1c\x1d\x1e\x1f"


@dataclass(frozen=True)
class SourceText:
    """Decoded text of one input plus what is needed to write it back byte-for-byte."""

    text: str
    encoding: str
    bom: bytes
    newline: str


def detect_newline(text: str) -> str:
    """Return the newline style a file uses, judged from its first line break."""
    i = text.find("\n")
    if i > 0 and text[i - 1] == "\r":
        return "\r\n"
    if i < 0 and "\r" in text:
        return "\r"
    return "\n"


def decode(data: bytes, path: str = "<stdin>", encoding: str | None = None) -> SourceText:
    """Decode bytes as UTF-8 (BOM optional) or BOM-marked UTF-16/32; refuse binary data."""
    bom = b""
    for mark, name in _BOMS:
        if data.startswith(mark):
            if encoding is None or _codec_name(encoding).startswith(name[:6]):
                bom, encoding = mark, name
            break
    wide = encoding is not None and _is_wide(encoding)
    if not bom and not wide:
        sample = data[:8192]
        if b"\x00" in sample or len(sample.translate(None, _BINARY_CONTROL)) != len(sample):
            raise InputError("looks like a binary file, not text; skipped", path)
        encoding = encoding or "utf-8"
    try:
        text = data[len(bom):].decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"cannot decode as {encoding} (byte 0x{data[exc.start]:02x} at line {line}); "
            "save the file as UTF-8 or pass --encoding",
            path,
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path) from None
    if not bom and text.startswith("\ufeff"):
        # A BOM the chosen codec kept as a character: record it, keep columns right.
        bom, text = "\ufeff".encode(encoding), text[1:]
    return SourceText(text=text, encoding=encoding, bom=bom, newline=detect_newline(text))


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return ""


def _is_wide(encoding: str) -> bool:
    """UTF-16/32 text is full of NUL bytes, so it must not be sniffed as binary."""
    return _codec_name(encoding).startswith(("utf-16", "utf-32"))


def read_source(path: str, encoding: str | None = None) -> SourceText:
    """Read and decode one file, turning OS errors into one-line input errors."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a directory", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    return decode(data, path, encoding)
