"""Saved story pages: the story block found, the site around it read for what it states."""

import pytest

from bot.parsers import ParseError, parse_bytes

JOURNAL = """<!DOCTYPE html><html><head><title>moonjournal: Fic: Ashes (Buffy/Spike, PG-13)</title>
<meta property="og:url" content="https://moonjournal.livejournal.com/1234.html"></head>
<body><nav><a href="/">Home</a> <a href="/login">Log in</a></nav>
<div class="sidebar"><p>Tags: ship: giles/joyce, fluff</p></div>
<article class="b-singlepost"><dl class="b-singlepost-author"><dd>
<span class="ljuser" lj:user="moonjournal"><b>moonjournal</b></span> wrote</dd></dl>
<h1>Fic: Ashes (Buffy/Spike, PG-13)</h1>
<article class="b-singlepost-body"><strong>Title:</strong> Ashes<br /><strong>Pairing:</strong>
Buffy/Spike<br /><strong>Rating:</strong> PG-13<br /><strong>Warnings:</strong> none<br /><br />
<center><b>Ashes</b></center><br /><br />She swept the crypt floor twice before she admitted why.
<br /><br />He had always kept it tidy, which was the joke of it.<br /><br />The End</article>
</article>
<div id="comments"><p>Rating: 10/10 would read again! Giles/Joyce next please?</p></div>
<footer>Powered by a journal site</footer></body></html>"""

FFNET = """<html><head><title>Cold Tea, a Sherlock fanfic | FanFiction</title>
<link rel="canonical" href="//www.fanfiction.net/s/123456/1/Cold-Tea"></head><body>
<div id="pre_story_links"><a href="/tv/">TV Shows</a> &#187;
<a href="/tv/Sherlock/">Sherlock</a></div>
<div id="profile_top"><b>Cold Tea</b> By: <a href="/u/99/quietpen">quietpen</a>
<div>Molly brings tea.</div><span>Rated: Fiction K+ - English - Friendship - Molly H., Sherlock H. -
Words: 40 - Published: 3/4/2015 - Status: Complete - id: 123456</span></div>
<div id="storytext"><p><b>A/N:</b> My first fic! Please review.</p>
<p>Disclaimer: I don't own Sherlock.</p><p>Cold Tea</p>
<p>The tea had gone cold an hour ago, and he had not noticed.</p>
<p>Molly noticed. Molly always noticed, and never said so.</p>
<p>Reviews make my day!</p></div></body></html>"""

ARCHIVE = """<html><head><title>The Quiet Archive :: Lanterns by sparrowhand</title></head>
<body><div id="menu"><a href="index.php">Home</a> <a href="search.php">Search</a></div>
<div class="content"><div class="listbox"><span class="label">Summary:</span> Lanterns.<br/>
<span class="label">Rated:</span> PG<br/><span class="label">Pairing:</span> Katara/Zuko<br/>
<span class="label">Chapters:</span> 1 <span class="label">Completed:</span> Yes
<span class="label">Word count:</span> 30</div>
<div id="story"><p>The lanterns went up one by one over the water.</p>
<p>Zuko counted them, and Katara let him.</p></div></div>
<div id="footer"><p>Skin by somebody. Powered by eFiction.</p></div></body></html>"""


def test_journal_post_header_block_and_poster():
    s = parse_bytes(JOURNAL.encode(), "1234.html")
    assert s.format == "web-page"
    assert (s.title, s.authors, s.rating) == ("Ashes", ["moonjournal"], "teen")
    assert s.url == "https://moonjournal.livejournal.com/1234.html"
    assert [r.key.label for r in s.relationships if r.stated] == ["Buffy/Spike"]
    assert s.warnings == [] and s.status == "complete"
    # the story only: no header, repeated title, navigation, sidebar, comments or footer
    assert s.body == ("She swept the crypt floor twice before she admitted why.\n\n"
                      "He had always kept it tidy, which was the joke of it.")
    assert "Giles" not in s.body and not any("Giles" in r.key.label for r in s.relationships)


def test_fanfiction_page_metadata_line_author_and_canonical_url():
    s = parse_bytes(FFNET.encode(), "Cold_Tea.html")
    assert (s.title, s.authors, s.fandoms) == ("Cold Tea", ["quietpen"], ["Sherlock"])
    assert s.rating == "teen" and s.status == "complete"
    assert s.url == "https://www.fanfiction.net/s/123456/1/Cold-Tea"
    assert s.character_names == ["Molly H.", "Sherlock H."]
    assert s.body.startswith("The tea had gone cold")
    assert s.body.endswith("never said so.")
    assert "My first fic" in s.notes and "Disclaimer" in s.notes


def test_archive_page_info_box_several_labels_to_a_line():
    s = parse_bytes(ARCHIVE.encode(), "viewstory.html")
    assert (s.title, s.authors, s.rating) == ("Lanterns", ["sparrowhand"], "teen")
    assert [r.key.label for r in s.relationships] == ["Katara/Zuko"]
    assert s.stated_words == 30 and s.status == "complete"
    assert s.body == ("The lanterns went up one by one over the water.\n\n"
                      "Zuko counted them, and Katara let him.")


def test_personal_page_title_byline_and_end_marker():
    page = ("<html><head><title>Small Hours</title></head><body><p><a href='../'>Index</a></p>"
            "<!-- STORYINFO\ntitle: Small Hours\nfandom: BtVS\nwordcount: 12\n-->"
            "<h2>Small Hours</h2><p>by moth for the ficathon.</p>"
            "<p>Willow could not sleep, so Tara stayed up too.</p><p>They did not mind.</p>"
            "<p>= End =</p><p><a href='../'>Index</a></p></body></html>")
    s = parse_bytes(page.encode(), "smallhours.html")
    assert (s.title, s.authors, s.fandoms) == ("Small Hours", ["moth"], ["BtVS"])
    assert s.status == "complete"
    assert s.body == "Willow could not sleep, so Tara stayed up too.\n\nThey did not mind."


@pytest.mark.parametrize("html", [
    "<html><head><title>Empty</title></head><body></body></html>",
    "<html><body><script>alert(1)</script><!-- nothing --></body></html>",
    "<html><body><nav>Home</nav><p>&nbsp;</p></body></html>",
])
def test_page_with_no_story_is_an_error(html):
    with pytest.raises(ParseError, match="no story text"):
        parse_bytes(html.encode("utf-8"), "empty.html")
