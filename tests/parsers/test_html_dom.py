"""The HTML tree (an HTML5 parser underneath): implied end tags, broken markup, XHTML."""


from bot.parsers import html_dom as dom
from tests.support.cost import calls


def text(html: str) -> str:
    return dom.block_text(dom.parse(html))


def test_paragraphs_breaks_and_entities():
    assert text("<p>One<br/>two &amp; &ldquo;three&rdquo;<p>Four") == "One\ntwo & “three”\n\nFour"
    assert text("<div>a <b>bold</b>\n  move</div><div>next</div>") == "a bold move\n\nnext"


def test_implied_end_tags_for_lists_and_tables():
    root = dom.parse("<dl><dt>Rating:<dd>Mature<dt>Fandom:<dd>Buffy</dl>")
    dl = root.find(lambda e: e.tag == "dl")
    assert [(e.tag, e.text()) for e in dl.child_elements()] == [
        ("dt", "Rating:"), ("dd", "Mature"), ("dt", "Fandom:"), ("dd", "Buffy")]
    root = dom.parse("<table><tr><td>a<td>b<tr><td>c</table>")
    rows = root.find_all(lambda e: e.tag == "tr")
    assert [[c.text() for c in r.child_elements()] for r in rows] == [["a", "b"], ["c"]]


def test_broken_markup_is_read_as_text():
    assert text("x < y and <3 hearts") == "x < y and <3 hearts"
    assert text("<p>kept</p><!-- an unclosed comment <p>lost") == "kept"
    assert text("<p>a</span></div>b</p>") == "ab"  # end tags of nothing open are ignored
    assert text("<style>p{}</style><script>if (a<b) {}</script>seen") == "seen"
    # in HTML a CDATA section is a bogus comment ending at the first ">", as browsers read it
    assert text("<p>a<![CDATA[ <raw> ]]>b</p>") == "a ]]>b"


def test_attributes_and_calibre_class_stems():
    root = dom.parse("""<div id='x' class="userstuff2 Module" title="a &amp; b" hidden>t</div>""")
    div = root.find(lambda e: e.tag == "div")
    assert div.id == "x"
    assert div.get("title") == "a & b"
    assert div.class_stems == {"userstuff", "module"}
    assert "hidden" in div.attrs


def test_cost_stays_linear_on_hostile_input():
    # unclosed tags, stray "<" and unclosed quotes must not go quadratic: ten times the input
    # costs about ten times the calls (counted, not timed)
    for unit in ("<div>", "< a", "<a title=\"", "</span>", "<!--x", "<p><li>"):
        small, big = calls(text, unit * 2000), calls(text, unit * 20000)
        assert big <= 12 * small + 50, (unit, small, big)


def test_entities_decode_once():
    decoded = dom.decode_entities("&amp;lt; &lt; &rsquo;&#8217;&#x2019; &eacute; AT&T")
    assert decoded == "&lt; < ’’’ é AT&T"
    assert text("<p>Tom &amp; Jerry&nbsp;&hellip;</p>") == "Tom & Jerry\xa0…"


def test_xhtml_self_closed_elements_stay_empty():
    page = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            '<head><title>T</title><script src="x.js"/></head><body><p/><div/><p>Story'
            '<a id="note"/> text.</p></body></html>')
    root = dom.parse(page)
    assert dom.block_text(root) == "Story text."
    assert [e.tag for e in dom.body_of(root).child_elements()] == ["p", "div", "p"]


def test_comments_are_kept_apart():
    root = dom.parse("<p>a</p><!-- title: Huddling --><p>b</p>")
    assert [c.strip() for c in root.comments] == ["title: Huddling"]
    assert dom.block_text(root) == "a\n\nb"
