"""Author's notes inside chapters are set aside; prose is never cut for what it says."""

from bot.parsers.chapter_text import clean_chapter, clean_chapters

STORY = [f"Story paragraph {i}, long enough to be prose and to count for words in it." for i in
         range(12)]


def test_head_notes_up_to_the_chapter_heading_go_to_notes():
    notes: list[str] = []
    paras = ["HUNTED", "a/n: my first fic, be nice", "Disclaimer: not mine.", "* * *",
             "Chapter 1: Changes.", *STORY]
    assert clean_chapter(paras, "Hunted", notes) == STORY
    assert notes == ["a/n: my first fic, be nice", "Disclaimer: not mine."]


def test_head_notes_without_heading_end_at_the_story_time_line():
    notes: list[str] = []
    paras = ["Aaaand chapter two is up!", "Neverfall: thanks for the review!",
             "Disclaimer: the world belongs to its author.", "Okay, story time.", *STORY]
    assert clean_chapter(paras, None, notes) == STORY
    assert len(notes) == 4


def test_tail_from_a_marked_note_and_review_requests():
    notes: list[str] = []
    paras = [*STORY, "---", "a/n: How did I do? Be nice please!", "Bex-chan"]
    assert clean_chapter(paras, None, notes) == STORY
    assert clean_chapter([*STORY, "Now. Review!"], None, []) == STORY
    assert clean_chapter([*STORY, "As always, all reviewers are loved."], None, []) == STORY


def test_prose_that_mentions_notes_or_reviews_is_kept():
    paras = ["Note: the door was locked.", *STORY, "She filed the report for review."]
    # a marked note at the head is cut only when the story follows it; prose at the end stays
    assert clean_chapter(paras, None, [])[-1] == "She filed the report for review."
    assert clean_chapter(STORY, None, []) == STORY


def test_cuts_are_bounded_by_a_share_of_the_chapter():
    # a "note" longer than a third of the chapter is not cut: the story keeps its text
    long_note = "A/N: " + "word " * 200
    paras = [long_note, *STORY[:2]]
    assert clean_chapter(paras, None, []) == paras


def test_each_chapter_of_a_text_is_cleaned():
    body = "\n\n".join(["A/N: hello!", "Chapter 1", *STORY[:6], "A/N: see you next time!",
                        "Chapter 2", "A/N: back again.", *STORY[6:]])
    notes: list[str] = []
    assert clean_chapters(body, None, notes).split("\n\n") == STORY
    assert notes == ["A/N: hello!", "A/N: see you next time!", "A/N: back again."]
