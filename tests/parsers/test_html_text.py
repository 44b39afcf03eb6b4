"""Unknown HTML is read as a plain story; HTML without text is refused."""

import pytest

from bot.parsers import ParseError, html_text, parse_bytes

PAGE = """<!DOCTYPE html><html><head><title>Nightlight</title>
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<h1>Nightlight</h1>
<p>Willow left the lamp on for Tara every night that winter&hellip;</p>
<p>Tara never said she noticed.<br>She always did.</p>
<footer>Comments welcome</footer>
</body></html>"""


def test_unknown_html_becomes_plain():
    story = html_text.parse_html(PAGE, "nightlight.html")
    assert story.format == "plain"
    assert story.title == "Nightlight"
    assert story.body == ("Nightlight\n\nWillow left the lamp on for Tara every night that "
                          "winter…\n\nTara never said she noticed.\nShe always did.")
    assert story.words == len(story.body.split())


def test_dispatch_falls_back_to_html_text():
    story = parse_bytes(PAGE.encode("utf-8"), "nightlight.html")
    assert story.format == "plain"
    assert "She always did." in story.body


@pytest.mark.parametrize("html", [
    "<html><head><title>Empty</title></head><body></body></html>",
    "<html><body><script>alert(1)</script><!-- nothing --></body></html>",
    "<html><body><nav>Home</nav><p>&nbsp;</p></body></html>",
])
def test_html_with_no_story_is_an_error(html):
    with pytest.raises(ParseError, match="no story text"):
        parse_bytes(html.encode("utf-8"), "empty.html")


def test_empty_html_file_is_an_error():
    with pytest.raises(ParseError, match="empty"):
        parse_bytes(b"", "empty.html")
