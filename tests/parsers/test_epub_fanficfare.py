"""FanFicFare EPUBs: the `<b>Label:</b> value<br />` title page, fff_chapter pages, OPF fallback."""

from datetime import date
from pathlib import Path

from bot.parsers import parse_bytes
from tests.support.epub import build_epub

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "epub" / "fanficfare"
ORDER = ("title_page.xhtml", "toc_page.xhtml", "file0001.xhtml", "file0002.xhtml")
OPF = {"title": "Ink on the Impala", "creators": ["cassowary_rain"],
       "identifier": "fanficfare-uid:archiveofourown.org-ucassowary_rain-s3310987",
       "contributors": ["FanFicFare [https://github.com/JimmXinu/FanFicFare]"],
       "source": "https://archiveofourown.org/works/3310987",
       "description": "<p>Dean writes on the car.</p>",
       "subjects": ["FanFiction", "Supernatural", "Angst", "Completed"],
       "dates": {"publication": "2015-03-08", "modification": "2015-04-19"},
       "language": "en", "opf_path": "OEBPS/content.opf"}


def _pages(**replace: str) -> dict[str, str]:
    pages = {name: (PAGES / name).read_text(encoding="utf-8") for name in ORDER}
    for old, new in replace.items():
        pages["title_page.xhtml"] = pages["title_page.xhtml"].replace(old, new)
    return pages


def test_every_field():
    story = parse_bytes(build_epub(None, opf=OPF, files=_pages()), "ink.epub")
    assert story.format == "fanficfare-epub"
    assert story.title == "Ink on the Impala"
    assert story.authors == ["cassowary_rain"]
    assert story.url == "https://archiveofourown.org/works/3310987"
    assert story.fandoms == ["Supernatural"]
    assert story.tags == ["Angst", "Road Trips", "M/M"]
    assert story.language == "English"
    assert story.character_names == ["Dean Winchester", "Castiel (Supernatural)", "Sam Winchester"]
    assert [r.key.label for r in story.relationships] == ["Castiel/Dean Winchester",
                                                    "Dean Winchester & Sam Winchester"]
    assert story.status == "complete"
    assert story.published == date(2015, 3, 8)
    assert story.updated == date(2015, 4, 19)
    assert story.rating == "explicit"
    assert story.warnings == ["Creator Chose Not To Use Archive Warnings"]
    assert (story.chapters_posted, story.chapters_total) == (2, 2)
    assert story.stated_words == 4502
    assert story.summary == ("Dean writes on the car. Castiel reads it.\n\n"
                             "Sam pretends not to notice.")
    assert story.series is None
    assert story.body.split("\n\n") == [  # chapter titles are not story text
        "Dean wrote the first one in the dust on the dashboard: a mile marker and a date, "
        "nothing else.",
        "Castiel asked what it meant. Dean said it meant they’d been somewhere.",
        "By April the glovebox was full of receipts with numbers on the back, and Sam had "
        "stopped asking.",
        "“Keep them,” Castiel said, when Dean threatened to burn the lot. “They’re ours.”"]


def test_opf_fills_a_thin_title_page():
    thin = _pages()
    thin["title_page.xhtml"] = ('<html><body class="fff_titlepage"><div>'
                                "<b>Status:</b> In-Progress<br /></div></body></html>")
    story = parse_bytes(build_epub(None, opf=OPF, files=thin), "ink.epub")
    assert story.format == "fanficfare-epub"
    assert story.title == "Ink on the Impala"
    assert story.authors == ["cassowary_rain"]
    assert story.url == "https://archiveofourown.org/works/3310987"
    assert story.summary == "Dean writes on the car."
    assert story.tags == ["Supernatural", "Angst"]
    assert story.language == "en"
    assert story.status == "in-progress"
    assert story.published == date(2015, 3, 8)
    assert story.updated == date(2015, 4, 19)
    assert story.body.startswith("Dean wrote")


def test_table_title_page_variant():
    table = ("<table class='full'><tr><td><b>Rating:</b></td><td>Teen And Up Audiences</td></tr>"
             "<tr><td colspan='2'><b>Summary:</b> A wide row.</td></tr></table>")
    pages = _pages()
    page = pages["title_page.xhtml"]
    pages["title_page.xhtml"] = page[: page.index("<div>")] + table + "</body></html>"
    story = parse_bytes(build_epub(None, opf=OPF, files=pages), "ink.epub")
    assert story.rating == "teen"
    assert story.summary == "A wide row."
