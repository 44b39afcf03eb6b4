"""Build small, valid EPUB files for tests and sample catalogs.

`build_epub(path_or_None, opf={...}, files={...})` writes `mimetype` first and stored,
META-INF/container.xml, the OPF, and the given files (paths relative to the OPF's folder).
OPF keys (all optional): title, creators, description, subjects, source, identifier,
language, publisher, contributors, dates ({event: "YYYY-MM-DD"}), meta ({name: content}),
spine (file paths in reading order; default: the XHTML/HTML files in `files` order),
opf_path (default "content.opf"), container (False leaves container.xml out).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

_MEDIA = {".xhtml": "application/xhtml+xml", ".html": "application/xhtml+xml",
          ".htm": "application/xhtml+xml", ".css": "text/css", ".ncx": "application/x-dtbncx+xml",
          ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def build_epub(path_or_none: str | Path | None, *, opf: dict,
               files: dict[str, str | bytes]) -> bytes:
    """Return the EPUB's bytes, also writing them to `path_or_none` when given."""
    opf_path = opf.get("opf_path", "content.opf")
    base = posixpath.dirname(opf_path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip",
                         compress_type=zipfile.ZIP_STORED)
        if opf.get("container", True):
            archive.writestr("META-INF/container.xml", container_xml(opf_path))
        archive.writestr(opf_path, opf_xml(opf, files))
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            archive.writestr(posixpath.join(base, name) if base else name, data)
    data = buffer.getvalue()
    if path_or_none is not None:
        Path(path_or_none).write_bytes(data)
    return data


def container_xml(opf_path: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
            f'  <rootfiles><rootfile full-path={quoteattr(opf_path)} '
            'media-type="application/oebps-package+xml"/></rootfiles>\n</container>\n')


def opf_xml(opf: dict, files: dict[str, str | bytes]) -> str:
    """An OPF 2.0 package document for `files`, with Dublin Core metadata from `opf`."""
    meta: list[str] = []

    def dc(tag: str, value: str, attrs: str = "") -> None:
        meta.append(f"    <dc:{tag}{attrs}>{escape(value)}</dc:{tag}>")

    dc("identifier", opf.get("identifier", "urn:uuid:00000000-0000-4000-8000-000000000000"),
       ' id="bookid"')
    if "title" in opf:
        dc("title", opf["title"])
    for creator in opf.get("creators", []):
        dc("creator", creator, ' opf:role="aut"')
    for contributor in opf.get("contributors", []):
        dc("contributor", contributor)
    for key in ("description", "source", "language", "publisher"):
        if key in opf:
            dc(key, opf[key])
    for subject in opf.get("subjects", []):
        dc("subject", subject)
    for event, value in opf.get("dates", {}).items():
        dc("date", value, f" opf:event={quoteattr(event)}")
    for name, content in opf.get("meta", {}).items():
        meta.append(f"    <meta name={quoteattr(name)} content={quoteattr(content)}/>")
    pages = [n for n in files if posixpath.splitext(n)[1].lower() in (".xhtml", ".html", ".htm")]
    spine = opf.get("spine", pages)
    ids = {name: f"item{i}" for i, name in enumerate(files)}
    media = {n: _MEDIA.get(posixpath.splitext(n)[1].lower(), "application/octet-stream")
             for n in files}
    manifest = [f"    <item id={quoteattr(ids[n])} href={quoteattr(n)} "
                f"media-type={quoteattr(media[n])}/>" for n in files]
    itemrefs = [f"    <itemref idref={quoteattr(ids[n])}/>" for n in spine]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<package xmlns="http://www.idpf.org/2007/opf" version="2.0" '
            'unique-identifier="bookid">\n'
            '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:opf="http://www.idpf.org/2007/opf">\n'
            + "\n".join(meta) + "\n  </metadata>\n  <manifest>\n"
            + "\n".join(manifest) + "\n  </manifest>\n  <spine>\n"
            + "\n".join(itemrefs) + "\n  </spine>\n</package>\n")


def xhtml(body: str, title: str = "", body_class: str = "") -> str:
    """Wrap body markup in a minimal XHTML document."""
    cls = f" class={quoteattr(body_class)}" if body_class else ""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml">\n'
            f"<head><title>{escape(title)}</title></head>\n<body{cls}>\n{body}\n</body>\n</html>\n")


def ao3_epub_files(html: str) -> dict[str, str]:
    """Split an AO3 HTML download the way calibre does for AO3's EPUBs.

    The preface, each chapter and the afterword become their own XHTML file; the chapters
    wrapper is repeated in every chapter file (its id only in the first) and class names get
    calibre's numbered form ("userstuff" -> "userstuff1").
    """
    import re  # local: only this helper needs it

    body = html.split("<body>", 1)[-1].split("</body>", 1)[0]
    preface, rest = body.split('<div id="chapters"', 1)
    chapters, afterword = rest.rsplit('<div id="afterword"', 1)
    chapters = chapters.split(">", 1)[1].rsplit("</div>", 1)[0]  # inside the wrapper
    parts = re.split(r'(?=<div class="meta group">)', chapters)
    parts = [p for p in parts if p.strip()] or [chapters]
    files = {"index_split_000.xhtml": xhtml(preface)}
    for i, part in enumerate(parts, 1):
        wrapper_id = ' id="chapters"' if i == 1 else ""
        files[f"index_split_{i:03d}.xhtml"] = xhtml(
            f'<div{wrapper_id} class="userstuff">{part}</div>')
    files[f"index_split_{len(parts) + 1:03d}.xhtml"] = xhtml('<div id="afterword"' + afterword)

    counter: dict[str, int] = {}

    def renumber(m: re.Match) -> str:
        first = m.group(1).split()[0]
        counter.setdefault(first, len(counter) + 1)
        return f'class="{first}{counter[first]}"'

    return {name: re.sub(r'class="([^"]+)"', renumber, text) for name, text in files.items()}
