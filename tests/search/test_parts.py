"""What a story meets of a request: each part checked against the story's facts."""

from __future__ import annotations

from bot.search.parts import Facts, Part, categories_of, meets, reasons

GENDER = {"Buffy Summers": "f", "Spike": "m", "Willow Rosenberg": "f", "Tara Maclay": "f",
          "Dean Winchester": "m", "Castiel": "m"}


def story(**fields) -> Facts:
    facts = Facts(**fields)
    facts.categories = categories_of(facts, GENDER)
    return facts


def test_categories_from_tags_else_from_pairings_and_genders():
    assert categories_of(Facts(tags={"f/m"}), GENDER) == {"f/m"}
    assert story(relationships={"Tara Maclay/Willow Rosenberg": (False, 0.74, None)}
                 ).categories == {"f/f"}
    # a passing mention is no pairing: the story is gen
    assert story(relationships={"Buffy Summers/Spike": (False, 0.5, "mentioned")}
                 ).categories == {"gen"}
    assert story(relationships={"Buffy Summers/Spike": (True, 1.0, None),
                                "Castiel/Dean Winchester": (True, 1.0, None)}
                 ).categories == {"f/m", "m/m", "multi"}


def test_negated_parts_and_caps():
    angsty = story(moods={"angst": 0.87, "dark": 0.9})
    assert not meets(Part("mood", "angst", "zero angst", True), angsty)
    assert meets(Part("mood", "angst", "zero angst", True), story(moods={"angst": 0.4}))
    assert not meets(Part("mood-cap", "dark", "not too dark", True), angsty)
    assert meets(Part("mood-cap", "dark", "not too dark", True), story(moods={"dark": 0.5}))


def test_status_length_rating_and_order():
    oneshot = story(status="complete", chapters_posted=1, chapters_total=1, words=600,
                    rating="teen")
    assert meets(Part("status", "one-shot", "oneshot"), oneshot)
    assert not meets(Part("status", "multi-chapter", "multi-chapter"), oneshot)
    assert meets(Part("length", ":1000", "under 1,000 words"), oneshot)
    assert not meets(Part("length", "3000:", "3k+"), oneshot)
    assert not meets(Part("rating", "explicit", "smut"), oneshot)
    assert not meets(Part("rating", "teen", "teen"), story(rating="not-rated"))
    assert meets(Part("order", "longest", "the longest"), oneshot)


def test_a_body_only_word_is_a_mention_never_the_headline():
    facts = story(characters={"Spike": 0.9}, words_found={"word:lift": "body"})
    parts = [Part("word", "lift", "lift"), Part("character", "Spike", "spike")]
    met = [p for p in parts if meets(p, facts)]
    assert reasons(parts, facts, met) == ["spike", "mentions “lift”"]


def test_either_names_and_not_rated():
    either = Part("fandom", "Sherlock or Star Trek", "sherlock or star trek", forms=(
        "Sherlock", "Star Trek: The Original Series"))
    assert meets(either, story(fandoms={"Star Trek: The Original Series"}))
    assert not meets(either, story(fandoms={"Supernatural"}))
    unrated = Part("rating", "not-rated", "unrated")
    assert meets(unrated, story(rating="not-rated"))
    assert not meets(unrated, story(rating="general"))
    assert not meets(Part("rating", "mature", "mature"), story(rating="not-rated"))
    assert meets(Part("rating", "mature", "mature"), story(rating="explicit"))


def test_a_negated_word_or_name_keeps_its_negation_when_checked():
    """ "not the sewing one": the story that holds the word fails it (the either-check once
    rebuilt every part without its negation)."""
    sewing = Part("word", "sewing", "not sewing", True, ("sewing",))
    assert not meets(sewing, story(words_found={sewing.key: "meta"}))
    assert meets(sewing, story())
    buffy = Part("character", "Buffy Summers", "not buffy", True)
    assert not meets(buffy, story(characters={"Buffy Summers": 0.9}))


def test_a_softened_mood_is_shown_in_its_own_words():
    assert Part("mood-cap", "angst", "low angst", True).shown() == "low angst"
    assert Part("fandom", "Sherlock", "sherlock", True).shown() == "not sherlock"


def test_a_wholly_absent_name_fails_any_appearance():
    passing = story(characters={"Buffy Summers": 0.25})
    assert meets(Part("character", "Buffy Summers", "not buffy", True), passing)
    assert not meets(Part("character", "Buffy Summers", "buffy isn't in it", True,
                          wholly=True), passing)
    assert meets(Part("character", "Buffy Summers", "buffy isn't in it", True, wholly=True),
                 story(characters={"Spike": 1.0}))


def test_one_chapter_posted_so_far_whatever_the_status():
    asked = Part("status", "one-chapter", "one chapter up so far")
    assert meets(asked, story(status="in-progress", chapters_posted=1))
    assert meets(asked, story(status="in-progress"))  # one part, no chapter count stated
    assert not meets(asked, story(status="in-progress", chapters_posted=2, chapters_total=5))


def test_a_word_for_a_kind_of_being_is_met_by_one_in_the_story():
    """ "no vampires": a story Spike is in has a vampire, whether or not its text says so."""
    vampires = Part("word", "vampires", "no vampires", True, ("vampires",),
                    beings=("Spike", "Drusilla"))
    assert not meets(vampires, story(characters={"Spike": 0.1}))
    assert meets(vampires, story(characters={"Willow Rosenberg": 1.0}))
    assert not meets(vampires, story(words_found={vampires.key: "body"}))


def test_a_pairing_asked_with_a_modifier_and_a_modifiers_word_as_a_tag():
    past = Part("pairing", "Buffy Summers/Spike", "past spuffy", modifier="past")
    assert meets(past, story(relationships={"Buffy Summers/Spike": (True, 1.0, "past")}))
    assert not meets(past, story(relationships={"Buffy Summers/Spike": (True, 1.0, None)}))
    unrequited = Part("tag", "unrequited", "unrequited")
    assert meets(unrequited, story(relationships={"Buffy Summers/Spike": (True, 1.0,
                                                                           "one-sided")}))
    assert meets(unrequited, story(tags={"unrequited love"}))
    assert not meets(unrequited, story(relationships={"Buffy Summers/Spike": (True, 1.0,
                                                                               None)}))


def test_one_pairing_only_counts_the_romances_beyond_a_mention():
    otp = Part("otp", "one pairing", "no other ships")
    one = {"Buffy Summers/Spike": (True, 1.0, None)}
    assert meets(otp, story(relationships=one))
    assert meets(otp, story(relationships={**one, "Angel/Buffy Summers": (True, 1.0, "past")}))
    assert not meets(otp, story(relationships={**one, "Tara Maclay/Willow Rosenberg": (
        True, 1.0, None)}))


def test_a_lead_is_more_than_in_the_story():
    lead = Part("character", "Spike", "spike (lead)", lead=True)
    assert meets(lead, story(characters={"Spike": 1.0}))
    assert not meets(lead, story(characters={"Spike": 0.3, "Buffy Summers": 1.0}))


def test_a_mood_asked_is_met_by_its_family_a_mood_left_out_is_not(engine):
    """ "dark vibes": a horror story is dark (the blind sets' labels agree); "scary" is not met
    by a story that is only dark, and "no dark" leaves out the dark ones alone."""
    horror, dark = Facts(moods={"horror": 0.9}), Facts(moods={"dark": 0.9})
    (asked,) = engine.parts_of("dark vibes")
    assert meets(asked, horror) and meets(asked, dark)
    (scary,) = engine.parts_of("scary")
    assert not meets(scary, dark) and meets(scary, horror)
    (left_out,) = engine.parts_of("no dark")
    assert meets(left_out, horror) and not meets(left_out, dark)


def test_a_story_tagged_with_what_follows_a_death_does_not_meet_nobody_dies():
    """ "nobody dies" leaves out a story its author tagged Grief or Mourning (it turns on a
    death the tags need not name), as it does one tagged Major Character Death."""
    nobody_dies = Part("tag", "death", "nobody dies", negated=True)
    for tags in ({"grief"}, {"mourning", "angst"}, {"major character death"}):
        assert not meets(nobody_dies, story(tags=frozenset(tags))), tags
    assert meets(nobody_dies, story(tags=frozenset({"fluff", "hurt/comfort"})))


def test_a_parts_test_made_once_answers_as_meets_for_every_story(engine):
    """`meeting` (a part's test, made once per request) and `meets` agree for every part of
    varied requests, negated or not, on every story of the sample catalog, found by each
    request's words in the meta, the body or not at all."""
    from dataclasses import replace

    from bot.search.facts import load_facts
    from bot.search.parts import meeting

    conn = engine.conn()
    numbers = [n for n, in conn.execute("SELECT n FROM stories")]
    stories = load_facts(conn, numbers, engine.vocab.gender)
    requests = ["spike/buffy fluff", "willow or tara, complete", "sad dean and castiel",
                "gay vampires in sunnydale", "m/m or f/f under 5000 words, no smut",
                "the one where they wrote her name on her hand", "crossover, not explicit",
                "buffy the vampire slayer or supernatural, the longest", "no other ships",
                "not too dark spike pov", "fix-it angst wip", "hurt/comfort one-shot",
                "something dark or funny", "quiet and cozy"]
    parts = [part for text in requests for part in engine.parts_of(text)]
    parts += [replace(part, negated=not part.negated) for part in parts]
    parts += [Part("word", "vampire", "vampires", beings=("Spike",)),
              Part("unknown-kind", "x", "x"), Part("unknown-kind", "x", "x", negated=True)]
    kinds = {part.kind for part in parts}
    assert {"word", "pairing", "character", "mood", "category", "length"} <= kinds
    assert any(part.kind == "mood" and len(part.forms) > 1 for part in parts)
    checked = 0
    for part in parts:
        met_by = meeting(part)
        for n, facts in stories.items():
            for where in ({}, {part.key: "meta"}, {part.key: "body"}):
                found = replace(facts, words_found=where)
                assert met_by(found) == meets(part, found), (part, n, where)
                checked += 1
    assert checked > 900
