"""Decoding source bytes: BOMs, UTF-16/32, binary refusal, decode errors, newline style."""

from __future__ import annotations

import codecs
import os

import pytest
from conftest import BAD

from claimcheck.errors import InputError
from claimcheck.sourcefile import decode, detect_newline, read_source

TEXT = "Intro.\r\nCafé 😀 results are permanent.\r\n"


def test_plain_utf8():
    src = decode("Café\n".encode(), "x.txt")
    assert (src.text, src.encoding, src.bom, src.newline) == ("Café\n", "utf-8", b"", "\n")


@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_bom_detected_and_stripped(bom, codec):
    src = decode(bom + TEXT.encode(codec), "x.txt")
    assert src.text == TEXT  # no U+FEFF left at the start: columns on line 1 are right
    assert src.bom == bom
    assert src.encoding == codec
    assert src.newline == "\r\n"
    # enough to write the file back byte for byte
    assert src.bom + src.text.encode(src.encoding) == bom + TEXT.encode(codec)


def test_utf32_le_not_mistaken_for_utf16():
    data = codecs.BOM_UTF32_LE + "ab".encode("utf-32-le")
    assert decode(data).text == "ab"


@pytest.mark.parametrize("data", [
    (BAD / "image.png").read_bytes(),
    b"Results are permanent.\x00\n",
    "no BOM".encode("utf-16-le"),
    b"text with a bell \x07 in it",
    b"\x1f\x8b\x08\x00gzip",
])
def test_binary_refused(data):
    with pytest.raises(InputError) as info:
        decode(data, "f.bin")
    assert str(info.value) == "f.bin: looks like a binary file, not text; skipped"


@pytest.mark.parametrize("data", [b"tab\there\n", b"form\x0cfeed\n", b"esc \x1b[1m bold\n",
                                  b"old mac\rline\r", b""])
def test_harmless_controls_are_text(data):
    assert decode(data).text == data.decode()


def test_invalid_utf8_message():
    with pytest.raises(InputError) as info:
        decode("ok\nok\nCafé\n".encode("latin-1"), "l1.txt")
    msg = str(info.value)
    assert msg.startswith("l1.txt: cannot decode as utf-8 (byte 0xe9 at line 3)")
    assert "--encoding" in msg
    assert "\n" not in msg


def test_explicit_encoding():
    assert decode("Café".encode("latin-1"), "x", "latin-1").text == "Café"
    assert decode("Café".encode("cp1252"), "x", "cp1252").text == "Café"


def test_unknown_encoding():
    with pytest.raises(InputError, match="unknown encoding 'nope-42'"):
        decode(b"abc", "x.txt", "nope-42")


@pytest.mark.parametrize("codec, data", [
    ("utf-16", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
    ("utf-16-le", TEXT.encode("utf-16-le")),
    ("utf-32", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le")),
])
def test_explicit_utf16_encoding(codec, data):
    assert decode(data, "x.txt", codec).text == TEXT


def test_explicit_utf8_encoding_strips_bom():
    src = decode(codecs.BOM_UTF8 + b"Results are permanent.\n", "x.txt", "utf-8")
    assert src.text == "Results are permanent.\n"


@pytest.mark.parametrize("text, newline", [
    ("a\nb\n", "\n"), ("a\r\nb\r\n", "\r\n"), ("a\rb\r", "\r"), ("one line", "\n"),
    ("", "\n"), ("\r\nfirst line empty", "\r\n"),
])
def test_detect_newline(text, newline):
    assert detect_newline(text) == newline


def test_read_source_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_source(str(tmp_path))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read a chmod 000 file")
def test_read_source_permission_denied(tmp_path):
    f = tmp_path / "locked.txt"
    f.write_text("x", encoding="utf-8")
    f.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_source(str(f))
    finally:
        f.chmod(0o644)


def test_read_source_does_not_modify(tmp_path):
    f = tmp_path / "crlf.txt"
    data = (BAD / "crlf.txt").read_bytes()
    f.write_bytes(data)
    mtime = f.stat().st_mtime_ns
    src = read_source(str(f))
    assert src.newline == "\r\n"
    assert src.text.encode("utf-8") == data
    assert f.read_bytes() == data and f.stat().st_mtime_ns == mtime


def test_fixture_files_decode_as_documented():
    assert read_source(str(BAD / "utf16le-bom.txt")).text == read_source(str(BAD / "utf16be-bom.txt")).text
    assert read_source(str(BAD / "utf8-bom.txt")).text.startswith("Results")
    for name in ("image.png", "image-named.txt", "nul-bytes.txt", "latin1.txt"):
        with pytest.raises(InputError):
            read_source(str(BAD / name))
