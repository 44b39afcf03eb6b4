"""AO3's PDF download, read with pypdf through the AO3 text reader; broken PDFs are refused."""

from pathlib import Path

import pytest

from bot.parsers import ParseError, parse_bytes

BOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "blind" / "books"


def test_ao3_pdf_reads_its_preface_and_chapters():
    s = parse_bytes((BOOKS / "d09-ao3-pdf-multi.pdf").read_bytes(), "d09.pdf")
    assert s.format == "ao3-pdf"
    assert (s.title, s.authors) == ("The Ordinary Magic of Tuesdays", ["glindaandred"])
    assert s.url == "https://archiveofourown.org/works/33910442"
    assert (s.rating, s.status, s.chapters_posted, s.chapters_total) == (
        "general", "in-progress", 2, 3)
    assert [r.key.label for r in s.relationships] == ["Tara Maclay/Willow Rosenberg"]
    assert s.body.startswith("Tara wrote grocery lists in pencil")
    assert "Chapter Notes" not in s.body and "Please drop by the Archive" not in s.body
    assert "Dawn is about thirteen" in s.notes


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.4\n%garbage that is not a PDF at all", "damaged or unreadable PDF"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
     "PDF"),
])
def test_broken_pdf_is_a_clear_error(data, reason):
    with pytest.raises(ParseError, match=reason):
        parse_bytes(data, "broken.pdf")
