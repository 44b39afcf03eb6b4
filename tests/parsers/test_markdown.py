"""Authors' Markdown archives: every URL key, tag prefixes, "gen" as no pairing."""

from bot.parsers import parse_bytes

BODY = "Giles pulled off his glasses.\n\n\"What?\" he said.\n"


def parse(front: str):
    return parse_bytes(f"---\n{front}---\n{BODY}".encode(), "story.md")


def test_tag_prefixes_and_alternate_link():
    s = parse("title: Cold Snap\nauthor: quillfeather\nrating: general\n"
              "altlink: 'http://quillfeather.livejournal.com/4410.html#comments'\n"
              "tags:\n  - c:buffy\n  - c:rupert-giles\n  - c:hurt!buffy\n  - genre:fluff\n"
              "  - f:btvs\n  - p:giles/buffy\n  - season:03\n")
    assert s.url == "http://quillfeather.livejournal.com/4410.html"  # fragment dropped
    assert s.fandoms == ["Btvs"]
    assert s.character_names == ["Buffy", "Rupert Giles"]
    # "giles" is the stated character Rupert Giles; the knowledge names the rest later
    assert [r.key.label for r in s.relationships] == ["Buffy/Rupert Giles"]
    assert s.tags == ["c:hurt!buffy", "fluff", "season:03"]


def test_gen_is_no_pairing_and_the_story_url_wins_over_a_source():
    s = parse("title: Likely Stories\npairing: gen\ntags: [p:gen]\n"
              "source: https://example.tumblr.com/post/1\n"
              "ao3_url: https://archiveofourown.org/works/316512\n")
    assert s.relationships == [] and s.character_names == []
    assert s.url == "https://archiveofourown.org/works/316512"
    assert s.status == "complete"  # one piece
