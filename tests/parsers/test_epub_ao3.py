"""AO3 EPUBs (calibre-made from the HTML download): same fields as the HTML, OPF as fallback."""

from pathlib import Path

from bot.parsers import parse_bytes
from tests.parsers.test_ao3_html import check_multi_old, check_single_new
from tests.support.epub import ao3_epub_files, build_epub, xhtml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "html"


def _opf(**extra) -> dict:
    opf = {"publisher": "Archive of Our Own", "language": "en", "creators": ["quietink"],
           "title": "Salt and Streetlights (OPF)",
           "description": "<p>The OPF summary.</p>",  # calibre stores HTML
           "subjects": ["Fanworks", "Teen And Up Audiences", "Buffy Summers/Spike", "Rain"]}
    opf.update(extra)
    return opf


def test_single_chapter_epub_matches_the_html(tmp_path):
    html = (FIXTURES / "ao3_single_new.html").read_text(encoding="utf-8")
    path = tmp_path / "salt.epub"
    build_epub(path, opf=_opf(), files=ao3_epub_files(html))
    story = parse_bytes(path.read_bytes(), "salt.epub")
    assert story.format == "ao3-epub"
    check_single_new(story)  # the preface wins over the OPF


def test_multi_chapter_epub_matches_the_html():
    html = (FIXTURES / "ao3_multi_old.html").read_text(encoding="utf-8")
    opf = _opf(title="The Watcher's Ledger", creators=["hollowquill"])
    del opf["language"]  # with it, the OPF's "en" would fill the old preface's missing Language
    data = build_epub(None, opf=opf, files=ao3_epub_files(html))
    story = parse_bytes(data, "ledger.epub")
    assert story.format == "ao3-epub"
    check_multi_old(story)


def test_opf_fills_what_the_preface_lacks():
    html = (FIXTURES / "ao3_single_new.html").read_text(encoding="utf-8")
    start = html.index("<p>Summary</p>")
    html = html[:start] + html[html.index("<p>Notes</p>"):]
    html = html.replace("<h1>Salt and Streetlights</h1>", "")
    html = html.replace("<b>Salt and Streetlights</b>", "")
    html = html.replace("<dt>Language:</dt>\n        <dd>English</dd>", "")
    series = {"calibre:series": "Porch Light Nights", "calibre:series_index": "2"}
    data = build_epub(None, opf=_opf(meta=series), files=ao3_epub_files(html))
    story = parse_bytes(data, "salt.epub")
    assert story.format == "ao3-epub"
    assert story.title == "Salt and Streetlights (OPF)"
    assert story.summary == "The OPF summary."
    assert story.language == "en"
    assert story.authors == ["quietink", "nightjar_writes"]  # the byline still wins
    assert story.series == "Porch Light Nights"
    assert story.fandoms == ["Buffy the Vampire Slayer (TV)", "Angel: the Series"]


def test_flat_subject_list_is_sorted_out_without_a_preface():
    pages = {"c1.xhtml": xhtml('<div id="chapters" class="userstuff1">'
                               "<p>Buffy counted the stakes twice.</p></div>")}
    opf = _opf(subjects=["Fanworks", "Explicit", "No Archive Warnings Apply",
                         "Major Character Death", "F/M", "Buffy the Vampire Slayer (TV)",
                         "Buffy Summers/Spike", "Dawn Summers & Spike", "Angst"])
    story = parse_bytes(build_epub(None, opf=opf, files=pages), "bare.epub")
    assert story.format == "ao3-epub"
    assert story.title == "Salt and Streetlights (OPF)"
    assert story.authors == ["quietink"]
    assert story.summary == "The OPF summary."
    assert story.rating == "explicit"
    assert story.warnings == ["Major Character Death"]
    assert [r.key.label for r in story.relationships] == ["Buffy Summers/Spike",
                                                          "Dawn Summers & Spike"]
    assert story.tags == ["F/M", "Buffy the Vampire Slayer (TV)", "Angst"]
    assert story.body == "Buffy counted the stakes twice."
