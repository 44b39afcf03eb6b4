"""Build the sample EPUBs in data/stories/ from their sources in tests/support/sample_epub_sources/.

EPUBs are zip files, so they cannot be reviewed in a diff; their readable sources live here and
this script packs them. Each source folder holds a `book.toml` (output name, flavour, OPF
metadata, spine) and the XHTML documents. Two flavours mimic the two producers fans use:
"ao3" (calibre's conversion of AO3's HTML download: content.opf at the root, one dc:subject
per tag after "Fanworks") and "fanficfare" (FanFicFare's writer: OEBPS/ documents, dc:source and
an identifier carrying the story URL, one dc:subject per category/genre/status/rating).

The output is byte-for-byte reproducible (fixed timestamps, sorted input), so
`--check` can tell whether the committed EPUBs are up to date with their sources.

Usage: python tests/support/make_sample_epubs.py [--check] [--out DIR] [--sources DIR]
"""

from __future__ import annotations

import argparse
import io
import sys
import tomllib
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SOURCES = Path(__file__).resolve().parent / "sample_epub_sources"
DEFAULT_OUT = REPO / "data" / "stories"
FIXED_TIME = (2024, 4, 2, 12, 0, 0)
FLAVOURS = ("ao3", "fanficfare")

CONTAINER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

STYLESHEET = """body { font-family: serif; margin: 1em; }
.userstuff p, .fff_chapter p { margin: 0.6em 0; }
#preface .meta dt { font-weight: bold; }
"""


class SourceError(ValueError):
    """A source folder whose book.toml is missing a field or names a file that is not there."""


def _text(tag: str, value: str, attrs: str = "") -> str:
    return f"    <{tag}{attrs}>{escape(value)}</{tag}>"


def _book_uuid(book: dict) -> str:
    """A stable identifier derived from the story URL, so rebuilding changes nothing."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, book["opf"]["source"]))


def _metadata(book: dict) -> list[str]:
    opf = book["opf"]
    flavour = book["flavour"]
    lines = []
    if flavour == "ao3":
        lines.append(_text("dc:title", opf["title"]))
        lines += [_text("dc:creator", c, f' opf:file-as={quoteattr(c)} opf:role="aut"')
                  for c in opf["creators"]]
        lines.append(_text("dc:identifier", _book_uuid(book), ' id="uuid_id" opf:scheme="uuid"'))
        lines.append(_text("dc:identifier", opf["source"], ' opf:scheme="URI"'))
        lines.append(_text("dc:description", opf["description"]))
        lines.append(_text("dc:publisher", opf["publisher"]))
        lines += [_text("dc:subject", s) for s in opf["subjects"]]
        lines.append(_text("dc:language", opf["language"]))
        lines.append(_text("dc:date", f"{opf['date']}T00:00:00+00:00"))
        stamp = f"{opf['modified']}T00:00:00+00:00"
        lines.append(f'    <meta name="calibre:timestamp" content="{stamp}"/>')
    else:
        lines.append(_text("dc:identifier", f"fanficfare-uid:{_book_uuid(book)}",
                           ' id="fanficfare-uid"'))
        lines.append(_text("dc:title", opf["title"], ' id="id"'))
        lines += [_text("dc:creator", c, ' opf:role="aut"') for c in opf["creators"]]
        lines.append(_text("dc:contributor", "FanFicFare [https://github.com/JimmXinu/FanFicFare]",
                           ' opf:role="bkp"'))
        lines.append(_text("dc:language", opf["language"]))
        lines.append(_text("dc:date", opf["date"], ' opf:event="publication"'))
        if "created" in opf:
            lines.append(_text("dc:date", opf["created"], ' opf:event="creation"'))
        lines.append(_text("dc:date", opf["modified"], ' opf:event="modification"'))
        lines.append(_text("dc:description", opf["description"]))
        lines += [_text("dc:subject", s) for s in opf["subjects"]]
        lines.append(_text("dc:publisher", opf["publisher"]))
        lines.append(_text("dc:identifier", opf["source"], ' opf:scheme="URL"'))
        lines.append(_text("dc:source", opf["source"]))
    return lines


def content_opf(book: dict) -> str:
    """The package document: metadata, manifest of every file, spine in reading order."""
    uid = "uuid_id" if book["flavour"] == "ao3" else "fanficfare-uid"
    css = "stylesheet.css" if book["flavour"] == "ao3" else "OEBPS/stylesheet.css"
    items = [("ncx", "toc.ncx", "application/x-dtbncx+xml"), ("style", css, "text/css")]
    items += [(f"html{i}", entry["file"], "application/xhtml+xml")
              for i, entry in enumerate(book["spine"])]
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<package xmlns="http://www.idpf.org/2007/opf" version="2.0" '
           f'unique-identifier="{uid}">',
           '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:opf="http://www.idpf.org/2007/opf">']
    out += _metadata(book)
    out.append("  </metadata>")
    out.append("  <manifest>")
    out += [f'    <item id="{i}" href={quoteattr(h)} media-type="{t}"/>' for i, h, t in items]
    out.append("  </manifest>")
    out.append('  <spine toc="ncx">')
    out += [f'    <itemref idref="html{i}"/>' for i in range(len(book["spine"]))]
    out.append("  </spine>")
    out.append("</package>")
    return "\n".join(out) + "\n"


def toc_ncx(book: dict) -> str:
    """The EPUB 2 navigation file: one navPoint per spine document."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">',
           "  <head>",
           f'    <meta name="dtb:uid" content="{_book_uuid(book)}"/>',
           '    <meta name="dtb:depth" content="1"/>',
           "  </head>",
           f"  <docTitle><text>{escape(book['opf']['title'])}</text></docTitle>",
           "  <navMap>"]
    for i, entry in enumerate(book["spine"]):
        out += [f'    <navPoint id="np{i}" playOrder="{i + 1}">',
                f"      <navLabel><text>{escape(entry['title'])}</text></navLabel>",
                f"      <content src={quoteattr(entry['file'])}/>",
                "    </navPoint>"]
    out += ["  </navMap>", "</ncx>"]
    return "\n".join(out) + "\n"


def load_book(folder: Path) -> dict:
    """Read and check one source folder's book.toml."""
    toml_path = folder / "book.toml"
    if not toml_path.is_file():
        raise SourceError(f"{folder.name}: no book.toml")
    book = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    for key in ("output", "flavour", "opf", "spine"):
        if key not in book:
            raise SourceError(f"{folder.name}/book.toml: missing '{key}'")
    if book["flavour"] not in FLAVOURS:
        raise SourceError(f"{folder.name}/book.toml: flavour must be one of {FLAVOURS}")
    for key in ("title", "creators", "description", "subjects", "language", "publisher",
                "source", "date", "modified"):
        if key not in book["opf"]:
            raise SourceError(f"{folder.name}/book.toml: [opf] is missing '{key}'")
    for entry in book["spine"]:
        if not (folder / entry["file"]).is_file():
            raise SourceError(f"{folder.name}: spine file {entry['file']} not found")
    return book


def _write(zf: zipfile.ZipFile, name: str, data: bytes, compress: int) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def build_epub(folder: Path) -> tuple[str, bytes]:
    """Pack one source folder; returns (output file name, EPUB bytes)."""
    book = load_book(folder)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        # mimetype must be the first entry and stored uncompressed (OCF container rule).
        _write(zf, "mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        _write(zf, "META-INF/container.xml", CONTAINER_XML.encode(), zipfile.ZIP_DEFLATED)
        _write(zf, "content.opf", content_opf(book).encode("utf-8"), zipfile.ZIP_DEFLATED)
        _write(zf, "toc.ncx", toc_ncx(book).encode("utf-8"), zipfile.ZIP_DEFLATED)
        css = "stylesheet.css" if book["flavour"] == "ao3" else "OEBPS/stylesheet.css"
        _write(zf, css, STYLESHEET.encode(), zipfile.ZIP_DEFLATED)
        for entry in book["spine"]:
            data = (folder / entry["file"]).read_bytes()
            _write(zf, entry["file"], data, zipfile.ZIP_DEFLATED)
    return book["output"], buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a committed EPUB differs from its sources")
    args = parser.parse_args(argv)
    folders = sorted(p for p in args.sources.iterdir() if p.is_dir())
    stale = []
    try:
        for folder in folders:
            name, data = build_epub(folder)
            target = args.out / name
            if args.check:
                if not target.is_file() or target.read_bytes() != data:
                    stale.append(name)
                continue
            args.out.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}")
    except (SourceError, tomllib.TOMLDecodeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
