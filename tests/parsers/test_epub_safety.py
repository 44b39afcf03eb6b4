"""Hostile and broken EPUBs fail with a short reason, before anything big is unpacked."""

import io
import struct
import zipfile

import pytest

from bot.parsers import Limits, ParseError, parse_bytes
from tests.support.epub import build_epub, container_xml, opf_xml, xhtml

PAGE = xhtml("<p>Faith sharpened the stake and said nothing at all.</p>")
OPF = {"title": "Quiet Stake", "creators": ["ember"]}


def _zip(members: dict[str, bytes], compress=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _valid() -> bytes:
    return build_epub(None, opf=OPF, files={"c1.xhtml": PAGE})


def test_a_valid_generic_epub_reads_as_an_epub():
    story = parse_bytes(_valid(), "stake.epub")
    assert story.format == "epub"
    assert story.title == "Quiet Stake"
    assert story.authors == ["ember"]
    assert story.body == "Faith sharpened the stake and said nothing at all."


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"This is just a text file with an .epub suffix.\n", "not a zip"),
    (b"PK\x03\x04" + b"\x00" * 40, "damaged or truncated"),
])
def test_not_an_epub(data, reason):
    with pytest.raises(ParseError, match=reason):
        parse_bytes(data, "story.epub")


def test_truncated_zip():
    data = _valid()
    with pytest.raises(ParseError, match="damaged or truncated"):
        parse_bytes(data[: len(data) // 2], "story.epub")


def test_zip_bomb_of_zeros_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("META-INF/container.xml", container_xml("content.opf"))
        archive.writestr("content.opf", opf_xml(OPF, {"zeros.xhtml": ""}))
        with archive.open("zeros.xhtml", "w", force_zip64=True) as handle:
            chunk = bytes(1 << 20)
            for _ in range(200):  # 200 MB of zeros
                handle.write(chunk)
    with pytest.raises(ParseError, match="zip bomb"):
        parse_bytes(buffer.getvalue(), "bomb.epub")


def test_unpacked_size_over_the_limit_is_refused():
    big = xhtml("<p>" + "Spike lit another cigarette. " * 4000 + "</p>")
    data = build_epub(None, opf=OPF, files={"c1.xhtml": big})
    assert parse_bytes(data, "ok.epub").format == "epub"
    with pytest.raises(ParseError, match="over the 0 MB limit; looks like a zip bomb"):
        parse_bytes(data, "big.epub", Limits(max_unpacked_bytes=50_000))


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """Make the central directory lie about a member's uncompressed size."""
    name = member.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_len] == name:
            break
        at += 4
    return data[: at + 24] + struct.pack("<I", size) + data[at + 28:]


def test_member_larger_than_its_header_says():
    data = _declare_size(_valid(), "c1.xhtml", 20)
    with pytest.raises(ParseError, match=r"damaged EPUB member c1\.xhtml"):
        parse_bytes(data, "liar.epub")


def test_bad_crc():
    members = {"mimetype": b"application/epub+zip",
               "META-INF/container.xml": container_xml("content.opf").encode(),
               "content.opf": opf_xml(OPF, {"c1.xhtml": ""}).encode(),
               "c1.xhtml": PAGE.encode()}
    data = bytearray(_zip(members, zipfile.ZIP_STORED))
    at = bytes(data).index(b"sharpened")
    data[at] ^= 0x20
    with pytest.raises(ParseError, match="Bad CRC"):
        parse_bytes(bytes(data), "crc.epub")


@pytest.mark.parametrize("bad_name", ["../evil.xhtml", "OEBPS/../../evil.xhtml", "/etc/evil",
                                      "C:/evil.xhtml", "..\\evil.xhtml"])
def test_unsafe_paths(bad_name):
    members = {"mimetype": b"application/epub+zip",
               "META-INF/container.xml": container_xml("content.opf").encode(),
               "content.opf": opf_xml(OPF, {"c1.xhtml": ""}).encode(),
               "c1.xhtml": PAGE.encode(), bad_name: b"x"}
    with pytest.raises(ParseError, match="unsafe path"):
        parse_bytes(_zip(members), "paths.epub")


def test_too_many_members():
    members = {f"img/{i}.png": b"" for i in range(2001)}
    members["content.opf"] = opf_xml(OPF, {}).encode()
    with pytest.raises(ParseError, match="2002 files"):
        parse_bytes(_zip(members, zipfile.ZIP_STORED), "many.epub")


def test_missing_container_falls_back_to_the_first_opf():
    data = build_epub(None, opf={**OPF, "container": False, "opf_path": "OPS/book.opf"},
                      files={"c1.xhtml": PAGE})
    assert "META-INF/container.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    story = parse_bytes(data, "nocontainer.epub")
    assert story.title == "Quiet Stake"
    assert story.body.startswith("Faith sharpened")


def test_no_package_document():
    with pytest.raises(ParseError, match=r"no package document \(.opf\)"):
        parse_bytes(_zip({"mimetype": b"application/epub+zip", "c1.xhtml": PAGE.encode()}),
                    "noopf.epub")


def test_dtd_in_package_xml_is_refused():
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;">]><package><metadata>'
              "<title>&lol2;</title></metadata></package>")
    members = {"META-INF/container.xml": container_xml("content.opf").encode(),
               "content.opf": laughs.encode(), "c1.xhtml": PAGE.encode()}
    with pytest.raises(ParseError, match="declares a DTD or entities; refused"):
        parse_bytes(_zip(members), "laughs.epub")


def test_malformed_package_xml():
    members = {"content.opf": b"<package><metadata>", "c1.xhtml": PAGE.encode()}
    with pytest.raises(ParseError, match="not well-formed XML"):
        parse_bytes(_zip(members), "broken.epub")


def test_epub_without_text():
    data = build_epub(None, opf=OPF, files={"c1.xhtml": xhtml("<p>&nbsp;</p>")})
    with pytest.raises(ParseError, match="no story text"):
        parse_bytes(data, "blank.epub")
