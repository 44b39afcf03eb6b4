"""Understanding measured against the labelled sample set (tests/data/expected/*.toml [truth]).

Every sample story is parsed, normalised with the fandom knowledge and understood, then
compared with what a careful reader sees:
- inferred relationships: precision and recall over pairings the file does not state
  (a pairing the file states is not something to infer), matched on key and kind, for
  romantic pairings and friendships apart (and together);
- characters: recall of truth.characters among story.characters;
- moods: top-1 accuracy, the highest-scoring mood being one of truth.moods.
The figures are printed; the thresholds fail the build on a regression.

Two sets of long stories (each longer than READ_WHOLE_CHARS, so read through the bounded
sample, which the sample catalog's short stories never are):
- tests/data/long_dev/: written after the lexicon and cues were tuned, then used to improve the
  inference on long, many-character text (a development set now);
- tests/data/long_heldout/: written later and never tuned on. Do not change the code to fit
  it: its figures say what the understanding does on text nobody fitted it to. New stories to
  learn from go to long_dev.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.knowledge import Knowledge
from bot.parsers import parse_bytes
from bot.story import Relationship
from bot.understanding import understand
from bot.understanding.blocks import READ_WHOLE_CHARS

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "data" / "stories"
EXPECTED = ROOT / "tests" / "data" / "expected"
FULL_SET = 30  # the sample catalog's size once complete

# Romance precision, characters and moods: targets. Romance recall and friendship precision:
# regression guards at the measured figures (2 of the 3 unstated romances: Jessica Moore/Sam
# Winchester, a dead girlfriend remembered without a romantic word, was missed before too;
# 5 of 6 friendships: Lorne & Gary is a client the labels do not call a friend).
THRESHOLDS = {"romance_precision": 0.9, "romance_recall": 0.65, "friendship_precision": 0.8,
              "character_recall": 0.9, "mood_top1": 0.85}
# Regression guards a notch under the measured figures (see the printout), not targets.
LONG_SETS = {
    # recall 0.500 -> 0.429 with task 13h: Buffy/Spike was a 'mentioned' couple only because
    # the knowledge ships them (Spike's narrated scenes are outside the sample read, and the
    # sampled ones speaking of him hold no word of love); ship lists are not the text's word.
    "long_dev": {"relationship_precision": 0.85, "relationship_recall": 0.42,
                 "character_recall": 0.8, "middle_character_recall": 0.5, "mood_top1": 0.65},
    # recall 0.364 -> 0.273 with task 13g: two leads narrated together in one or two of the
    # blocks narrating either are no longer friends for that alone (Harry & Sirius share 1 of
    # 4 sampled blocks, like the crossover meetings and rivals it stopped calling friends;
    # precision 0.571 -> 0.600).
    "long_heldout": {"relationship_precision": 0.5, "relationship_recall": 0.25,
                     "character_recall": 0.75, "middle_character_recall": 0.4,
                     "mood_top1": 0.6},
}


def _key(members: list[str], kind: str) -> str:
    return Relationship(tuple(members), kind).key


def _cases() -> list[tuple[Path, dict]]:
    cases = []
    for expected in sorted(EXPECTED.glob("*.toml")):
        data = tomllib.loads(expected.read_text(encoding="utf-8"))
        story_file = STORIES / data.get("file", "")
        if "truth" in data and story_file.is_file():
            cases.append((story_file, data))
    return cases


def evaluate(cases, knowledge) -> tuple[dict[str, float], list[str]]:
    """Figures over the cases and one line per miss, for the printout."""
    counts = {kind: [0, 0, 0] for kind in ("romantic", "platonic")}  # tp, fp, fn
    found_chars = total_chars = 0
    found_middle = total_middle = 0
    top_hits = 0
    misses = []
    for path, data in cases:
        story = parse_bytes(path.read_bytes(), path.name)
        knowledge.normalize_story(story)
        understand(story, knowledge)
        truth = data["truth"]
        stated = {_key(r["members"], r["kind"]) for r in data.get("relationships", [])}
        stated |= {r.key for r in story.relationships if r.stated}
        to_infer = {_key(r["members"], r["kind"]) for r in truth.get("relationships", [])}
        to_infer -= stated
        inferred = {r.key for r in story.relationships if not r.stated} - stated
        for kind, tally in counts.items():
            want = {k for k in to_infer if k.kind == kind}
            got = {k for k in inferred if k.kind == kind}
            tally[0] += len(got & want)
            tally[1] += len(got - want)
            tally[2] += len(want - got)
        for key in sorted(inferred - to_infer):
            misses.append(f"{path.name}: inferred {key!r}, not in truth")
        for key in sorted(to_infer - inferred):
            misses.append(f"{path.name}: missed {key!r}")
        names = set(story.character_names)
        for name in truth.get("characters", []):
            total_chars += 1
            if name in names:
                found_chars += 1
            else:
                misses.append(f"{path.name}: character {name!r} not found")
        for name in truth.get("middle_only", []):  # seen only in the middle of a long story
            total_middle += 1
            found_middle += name in names
        top = max(story.moods, key=story.moods.get) if story.moods else None
        if top in truth.get("moods", []):
            top_hits += 1
        else:
            misses.append(f"{path.name}: top mood {top!r}, truth {truth.get('moods')}")
    tp, fp, fn = (sum(t[i] for t in counts.values()) for i in range(3))
    (rtp, rfp, rfn), (ftp, ffp, _ffn) = counts["romantic"], counts["platonic"]
    figures = {
        "stories": len(cases),
        "relationship_precision": tp / (tp + fp) if tp + fp else 1.0,
        "relationship_recall": tp / (tp + fn) if tp + fn else 1.0,
        "romance_precision": rtp / (rtp + rfp) if rtp + rfp else 1.0,
        "romance_recall": rtp / (rtp + rfn) if rtp + rfn else 1.0,
        "friendship_precision": ftp / (ftp + ffp) if ftp + ffp else 1.0,
        "character_recall": found_chars / total_chars if total_chars else 1.0,
        "middle_character_recall": found_middle / total_middle if total_middle else 1.0,
        "mood_top1": top_hits / len(cases) if cases else 1.0,
    }
    return figures, misses


def test_understanding_meets_the_thresholds_on_the_sample_set():
    cases = _cases()
    if not cases:
        pytest.skip("no labelled sample stories yet")
    figures, misses = evaluate(cases, Knowledge.default())
    print("\nunderstanding evaluation over", figures["stories"], "stories:")
    for name in THRESHOLDS:
        print(f"  {name:24} {figures[name]:.3f}  (threshold {THRESHOLDS[name]})")
    for line in misses:
        print("  -", line)
    if len(list(STORIES.glob("*.*"))) >= FULL_SET:
        assert figures["stories"] >= FULL_SET
    failing = {n: round(figures[n], 3) for n, t in THRESHOLDS.items() if figures[n] < t}
    assert not failing, f"below threshold: {failing}"


def _long_cases(folder: Path) -> list[tuple[Path, dict]]:
    cases = []
    for expected in sorted(folder.glob("*.toml")):
        data = tomllib.loads(expected.read_text(encoding="utf-8"))
        cases.append((folder / data["file"], data))
    return cases


@pytest.mark.parametrize("name", sorted(LONG_SETS))
def test_long_stories_are_read_through_the_sample_and_measured(name):
    cases = _long_cases(ROOT / "tests" / "data" / name)
    assert len(cases) >= 5
    for path, data in cases:  # real long files of their family, which the sample must read
        story = parse_bytes(path.read_bytes(), path.name)
        assert story.format == data["format"], path.name
        assert len(story.body.split()) == data["words"], path.name
        assert len(story.body) > READ_WHOLE_CHARS, path.name
    figures, misses = evaluate(cases, Knowledge.default())
    guards = LONG_SETS[name]
    print(f"\n{name}: {figures['stories']} long stories, read through the sample")
    for figure, guard in guards.items():
        print(f"  {figure:24} {figures[figure]:.3f}  (guard {guard})")
    for line in misses:
        print("  -", line)
    failing = {n: round(figures[n], 3) for n, t in guards.items() if figures[n] < t}
    assert not failing, f"below the guard: {failing}"


# The blind development set and the real files (tests/understanding/evaluate.py). Where the
# issue's targets hold they are asserted; elsewhere a guard a notch under the measured figure
# (printed), so a regression fails the build and an improvement shows.
BLIND_SETS = {
    # After this round's merge (13g relationships, 13kb 163 fandoms, 13m moods), every folder
    # development data: dev romance 0.818 / 0.643 (13g alone 0.917 / 0.786: fandoms the
    # knowledge now holds give the relationship reading new people to misplace cues on, and one
    # wrong fandom guess, The Expanse as The Sentinel), friendship 0.591, characters 0.962 / 0.909,
    # mood 0.875. Task 13h (similes, owners, 'mentioned' couples): romance 0.900 / 0.643. Task
    # 13n (narrators, small moments): 0.909 / 0.714. Task 13fandom (no fandom from given names
    # any cast shares: The Expanse is no longer The Sentinel): romance 1.000 / 0.786,
    # characters unknown 0.955.
    "understanding_dev": {"unstated_romance_precision": 0.9, "unstated_romance_recall": 0.72,
                          "friendship_precision": 0.55, "character_recall_known": 0.9,
                          "character_recall_unknown": 0.93, "mood_top1": 0.84},
    # The final held-out set (34 stories by a helper who never read this code), measured once
    # at the end of issue 13's second round: romance 0.667 / 0.222, friendship 0.526,
    # characters 0.811 / 0.826, mood 0.735 — far under the issue's targets (see the README).
    # Development data since (issue 13's third round read its misses): 0.900 / 0.500, 0.579,
    # 0.865 / 0.870, 0.794; after this round's merge 0.917 / 0.611, 0.812, 0.892 / 0.899, 0.824.
    # Task 13k (fandom from the people a text names): characters 0.892 / 0.913.
    "understanding_final": {"unstated_romance_precision": 0.85, "unstated_romance_recall": 0.4,
                            "friendship_precision": 0.55, "character_recall_known": 0.85,
                            "character_recall_unknown": 0.9, "mood_top1": 0.79},
    # The second final set (30 stories by another helper who never read this code), measured
    # once at the end of issue 13's fourth round (after the misses of the first final set were
    # read): romance 1.000 / 0.462, friendship 0.650, characters 1.000 / 0.941, mood 0.667,
    # fandom of a file that states none 3/18. Guarded a notch under; the targets are not met.
    # After this round's merge: 0.900 / 0.692, 0.800, 1.000 / 0.956, 0.700, fandom 11/18.
    "understanding_final2": {"unstated_romance_precision": 0.85, "unstated_romance_recall": 0.45,
                             "friendship_precision": 0.6, "character_recall_known": 0.95,
                             "character_recall_unknown": 0.9, "mood_top1": 0.65},
    # The third final set (30 stories by two more helpers who never read this code), measured
    # once at the end of issue 13's sixth round (13e, 13cpu, 13f): romance 0.400 / 0.154 (2 of 5
    # inferred right, 2 of 13 found), friendship 0.400, characters 1.000 / 0.819, mood 0.767,
    # fandom of a file that states none 1/16. Guarded a notch under; far from the targets.
    # Development data since; after this round's merge (13g, 13kb, 13m read its misses): 0.800 /
    # 0.308, 0.714, 1.000 / 0.904, 0.867, fandom 8/16. Task 13n: romance 0.857 / 0.462. Task
    # 13r (a spouse noun's surname): 1.000 / 0.538. Task 13names (a title alone that acts is
    # a name: Duchess the goldfish): characters unknown 0.916.
    "understanding_final3": {"unstated_romance_precision": 0.9, "unstated_romance_recall": 0.5,
                             "friendship_precision": 0.65, "character_recall_known": 0.95,
                             "character_recall_unknown": 0.9, "mood_top1": 0.83},
    # The fourth final set (30 stories by two more helpers who never read this code, with
    # families, long marriages and characters named by a title), measured once on the merged
    # tree of the seventh round (13g, 13kb, 13m): romance 0.455 / 0.333 (5 of 11, 5 of 15),
    # friendship 0.579, characters 0.905 / 0.871, mood 0.700, fandom of a file that states none
    # 9/16 (main before the round: 0.571 / 0.267, 0.579, 0.905 / 0.855, 0.567, 3/16). Guarded a
    # notch under; far from the targets. Development data since; task 13h read its wrong
    # couples: romance 0.833 / 0.333 (5 of 6), friendship 0.524, mood 0.667: two pairs that were
    # wrong couples are now wrong friends (Geralt & Marta, the two leads; Percy & Vax, made
    # family by a "Brother," read as said to Percy, which also hides the right Percy/Vex and
    # with it the story's romance mood). Task 13r (a lead's "love him" past a side character;
    # no family from a guessed addressee, so Percy/Vex is found): romance 1.000 / 0.467,
    # friendship 0.579. Task 13k: characters 0.929 / 0.903 (Ginny, of a story led by a Weasley
    # the cast lacks).
    "understanding_final4": {"unstated_romance_precision": 0.9, "unstated_romance_recall": 0.43,
                             "friendship_precision": 0.5, "character_recall_known": 0.9,
                             "character_recall_unknown": 0.85, "mood_top1": 0.65},
    # The fifth final set (30 stories by two more helpers who never read this code), measured
    # once after 13h: romance 0.750 / 0.250 (3 of 4, 3 of 12), friendship 0.364, characters
    # 0.914 / 0.862, mood 0.633, fandom of a file that states none 8/17 (the tree before 13h:
    # romance 0.667 / 0.333, the rest the same). Guarded a notch under; far from the targets.
    # Task 13n (first-person narrators, small moments): romance 0.875 / 0.583.
    # Task 13k: characters 0.943 / 0.914. Task 13tok (names written only in CamelCase:
    # Murderbot's "SecUnit"): characters unknown 0.948.
    "understanding_final5": {"unstated_romance_precision": 0.8, "unstated_romance_recall": 0.5,
                             "friendship_precision": 0.3, "character_recall_known": 0.9,
                             "character_recall_unknown": 0.94, "mood_top1": 0.6},
    # The sixth final set (30 stories by two more helpers who never read this code: narrators in
    # couples, pronoun-heavy stories, romance in small moments, moods shown not named), measured
    # once after 13n, 13ch and 13c: romance 0.400 / 0.118 (2 of 5, 2 of 17), friendship 0.571,
    # characters 0.720 / 0.667, mood 0.667, fandom of a file that states none 2/16 (the tree
    # before them: romance 0.250 / 0.059, the rest the same). Guarded a notch under. A
    # development set since: task 13r (no romance without a sentence, no act written on an
    # apron) and task 13k (fandom from the people a text names, places and kin are nobody):
    # romance 0.600 / 0.176, characters 0.760 / 0.710, fandom 5/16 (most of the rest are fandoms the
    # knowledge lacks, or stories that name no one: "he", "she", "the boy"). Task 13rel (a
    # narrator the cast lacks says "I love you" to no one of it): romance 0.750 / 0.176.
    # Task 13rom (a narrator's own call is not theirs; a present-tense story's memories hold no
    # "he" of the scene): romance 0.800 / 0.235. Task 13chars (a name given in an
    # introduction, "Name of Petr", "I'm Auntie Wickthorn"; an owner's gasp): characters
    # unknown 0.739.
    "understanding_final6": {"unstated_romance_precision": 0.75, "unstated_romance_recall": 0.2,
                             "friendship_precision": 0.5, "character_recall_known": 0.74,
                             "character_recall_unknown": 0.71, "mood_top1": 0.63},
    # The seventh final set (30 stories by two more helpers who never read this code: fandoms
    # clear only from who is in them, narrators named in others' dialogue, long marriages, love
    # never said, close friendships, several couples, moods shown by events), measured once on
    # the merged tree of the seventh round (37bc668): romance 0.333 / 0.056 (1 of 3, 1 of 18),
    # friendship 0.538, characters 0.895 / 0.736, mood 0.433, fandom of a file that states none
    # 8/18 (main before the round, 855f36c: the same but characters known 0.921, fandom 7/18).
    # Task 13rel (acts told by pronouns in a scene of two, a kiss going on to the mouth, no
    # "late husband" on the one there): romance 0.800 / 0.222 (4 of 5, 4 of 18), friendship
    # 0.615, mood 0.533 (two couples found give their stories romance, a widow's talk none);
    # with task 13chars (names with an honorific, "Tanaka-senpai"; present-tense narration)
    # characters unknown 0.806. Task 13rom (a narrator called by two names; "my father" makes
    # no one family): romance 0.875 / 0.389, friendship 0.615. Task 13mood2 (a romance the
    # text shows between people the story is not about is a hint of romance): mood 0.600.
    "understanding_final7": {"unstated_romance_precision": 0.85, "unstated_romance_recall": 0.35,
                             "friendship_precision": 0.6, "character_recall_known": 0.86,
                             "character_recall_unknown": 0.78, "mood_top1": 0.56},
    # The eighth final set (30 stories by two more helpers who never read this code, fandoms of
    # no earlier set), measured once at the end of the eighth round on its merged tree 0e09e18:
    # romance 0.400 / 0.111 (2 of 5, 2 of 18), friendship 0.429, characters 0.890 / 0.722, mood
    # 0.700, fandom of a file that states none 14/19 (before the round, f4768ee: the same but
    # characters known 0.878). Task 13act (acts read in the present, "my wife" spoken of, the
    # leads as the first pronouns' people, files stating only friendships read for romance):
    # romance 0.833 / 0.278 (5 of 6, 5 of 18). Task 13names (a one-word alias is its owner's,
    # not a relative's first name-word; the evaluation matches each side of "Kageyama Shigeo |
    # Mob"): characters known 0.915.
    "understanding_final8": {"unstated_romance_precision": 0.8, "unstated_romance_recall": 0.25,
                             "friendship_precision": 0.45, "character_recall_known": 0.9,
                             "character_recall_unknown": 0.7, "mood_top1": 0.67},
    # The ninth final set (30 stories by two more helpers who never read this code, fandoms of
    # no earlier set), measured once at the end of the ninth round on its merged tree 882045e:
    # romance 0.800 / 0.364 (8 of 10, 8 of 22), friendship 0.500, characters 0.914 / 0.848, mood
    # 0.467, fandom of a file that states none 4/20, inferred-name precision 0.845 (before the
    # round, 366a337: the same but name precision 0.812). Task 13act: romance 1.000 / 0.409 (9
    # of 9, 9 of 22). Task 13names ("Dad" as a name): characters unknown 0.861, name precision
    # 0.865. Task 13tok (names written only in CamelCase, with an honorific, as the owner of a
    # voice; the evaluation takes "Kita-chan" as Kita): characters unknown 0.899, name
    # precision 0.870.
    "understanding_final9": {"unstated_romance_precision": 0.95, "unstated_romance_recall": 0.4,
                             "friendship_precision": 0.45, "character_recall_known": 0.88,
                             "character_recall_unknown": 0.89, "mood_top1": 0.43},
    # The tenth final set (30 stories by two more helpers who never read this code; fandoms of
    # no earlier set, 17 of them ones the knowledge lacks), measured once at the end of the
    # tenth round on its merged tree bebc62c: romance 0.500 / 0.200 (4 of 8, 4 of 20),
    # friendship 0.364, characters 0.911 / 0.768, mood 0.567, fandom of a file that states none
    # 5/19, name precision 0.705 (before the round, ef93631: romance 0.333 / 0.150, friendship
    # 0.333, characters 0.889 / 0.768, mood 0.533, name precision 0.682). Task 13fandom (no
    # fandom from given names any cast shares): characters unknown 0.826, name precision 0.750.
    "understanding_final10": {"unstated_romance_precision": 0.45, "unstated_romance_recall": 0.18,
                              "friendship_precision": 0.33, "character_recall_known": 0.88,
                              "character_recall_unknown": 0.8, "mood_top1": 0.53},
    # The eleventh final set (30 stories by two more helpers who never read this code; fandoms
    # of no earlier set, 20 of them ones the knowledge lacks), measured once in the eleventh
    # round on its merged tree and on main as the round found it (6430a22), the same on both:
    # romance 0.286 / 0.083 (2 of 7, 2 of 24), friendship 0.857 / 0.500, characters 0.803 /
    # 0.720, mood 0.767, fandom of a file that states none 5/20, name precision 0.861.
    "understanding_final11": {"unstated_romance_precision": 0.25, "unstated_romance_recall": 0.07,
                              "friendship_precision": 0.8, "character_recall_known": 0.78,
                              "character_recall_unknown": 0.7, "mood_top1": 0.73},
    # The twelfth final set (30 stories by two more helpers who never read this code; fandoms
    # of no earlier set, 20 of them ones the knowledge lacks), measured once in the twelfth
    # round on its merged tree 61283a4 (13chars, 13fandom, 13rom2) and on main as the round
    # found it (e3eb541), the same on both but name precision 0.917 -> 0.919: romance 0.286 /
    # 0.100 (2 of 7, 2 of 20), friendship 0.667 / 0.526, characters 0.800 / 0.769, mood 0.667,
    # fandom of a file that states none 4/20 (3 guessed wrong). Task 13rom3 (a kiss someone
    # saw is the kisser's, a kiss between two leads of untold genders, a marriage beside "her
    # husband" is to him, "I asked her to marry me" is about her): romance 0.667 / 0.200 (4 of
    # 6, 4 of 20), friendship 0.688 / 0.579, mood 0.733. Task 13chars3 (names joined by "and"
    # to a person, titled owners, Ser / Monsieur / Principal as titles, a sentence-opening
    # subject of "would" taken up by "he"): characters 0.843 / 0.833, name precision 0.941.
    "understanding_final12": {"unstated_romance_precision": 0.6, "unstated_romance_recall": 0.18,
                              "friendship_precision": 0.65, "character_recall_known": 0.82,
                              "character_recall_unknown": 0.81, "mood_top1": 0.7},
    # The thirteenth final set (30 stories by two more helpers who never read this code;
    # fandoms of no earlier set, 20 of them ones the knowledge lacks), measured once in the
    # thirteenth round on its merged tree d1d9dbd (13rom3, 13chars3, 13mood, 13cpu, 13past,
    # 16aa) and on main as the round found it (e852169): romance 0.600 / 0.143 (3 of 5, 3 of
    # 21; before 0.500 / 0.095), friendship 0.533 / 0.500, characters 0.929 / 0.786, mood
    # 0.633, fandom of a file that states none 3/20 (1 guessed wrong), name precision 0.891
    # (before 0.900); the rest the same on both.
    "understanding_final13": {"unstated_romance_precision": 0.55, "unstated_romance_recall": 0.13,
                              "friendship_precision": 0.5, "character_recall_known": 0.9,
                              "character_recall_unknown": 0.76, "mood_top1": 0.6},
    # The fourteenth final set (30 stories by two more helpers who never read this code;
    # fandoms of no earlier set, 20 of them ones the knowledge lacks; 24 unstated romances, 16
    # of them past, one-sided or implied), measured once in the fourteenth round on its merged
    # tree 1643a50 (14couple, 14pining, 14mood, 14past, 14chars, 14told, 14gender, 14pov,
    # 14cpu2, 14kin, 14cast) and on main as the round found it (c9df07c): romance 0.333 /
    # 0.083 (2 of 6, 2 of 24) both, friendship 0.615 / 0.258 both, characters 0.946 / 0.664
    # (before 0.636), name precision 0.815 (0.810), mood 0.667 (0.633), fandom of a file that
    # states none 5/20 (1 guessed wrong) both. Task 14plain2 (three false couples gone: a
    # Mrs's husband is no Mr of another name, a verb's own subject is not a far "he", a name
    # only said aloud takes no gender from the other of two): romance 0.667 / 0.083 (2 of 3);
    # friendship 0.562 / 0.290 (9 of 16: the cadets' story, its false couple gone, shows its
    # three leads' friendships, one labelled).
    "understanding_final14": {"unstated_romance_precision": 0.6, "unstated_romance_recall": 0.08,
                              "friendship_precision": 0.55, "character_recall_known": 0.92,
                              "character_recall_unknown": 0.64, "mood_top1": 0.63},
    # The fifteenth final set (30 stories by two more helpers who never read this code;
    # fandoms of no earlier set, 20 of them ones the knowledge lacks; 20 unstated romances, 12
    # of them past, one-sided or implied), measured once in the fifteenth round on its merged
    # tree 98e187f and on main as the round found it (cfb96da): romance 0.429 / 0.150 (3 of
    # 7, 3 of 20; before 0.286 / 0.100), friendship 0.500 / 0.370 both, characters 0.935 /
    # 0.692 (before 0.683), name precision 0.849 both, mood 0.767 (0.733), fandom of a file
    # that states none 3/20 (1 guessed wrong) both. As dev data (task 15final): romance
    # 0.800 / 0.200 (4 of 5, 4 of 20: three false couples read away, Okabe/Kurisu found),
    # characters unknown 0.750, mood 0.800.
    "understanding_final15": {"unstated_romance_precision": 0.78, "unstated_romance_recall": 0.19,
                              "friendship_precision": 0.48, "character_recall_known": 0.92,
                              "character_recall_unknown": 0.73, "mood_top1": 0.78},
    # The sixteenth final set (30 stories by two more helpers who never read this code;
    # fandoms of no earlier set, 21 of them ones the knowledge lacks; 20 unstated romances, 16
    # of them past, one-sided or implied), measured once in the sixteenth round on its merged
    # tree d875782 (16plain, 16implied, 16past, 16mood, 16onesided, 16chars, 16said) and on
    # main as the round found it (4c186d9), the same on both: romance 0.571 / 0.200 (4 of 7,
    # 4 of 20), friendship 0.846 / 0.333, characters 0.950 / 0.808, name precision 0.868,
    # mood 0.700, fandom of a file that states none 2/20 (2 guessed wrong). As dev data
    # (16final, 16fcast, 16myth): romance 0.750 / 0.300 (6 of 8, 6 of 20: a false couple read
    # away, Clarissa/Michael and Charles/Erik found), characters unknown 0.827, fandom 3/20
    # (none wrong).
    "understanding_final16": {"unstated_romance_precision": 0.73, "unstated_romance_recall": 0.29,
                              "friendship_precision": 0.8, "character_recall_known": 0.93,
                              "character_recall_unknown": 0.8, "mood_top1": 0.68},
    # The seventeenth final set (30 stories by two more helpers who never read this code;
    # fandoms of no earlier set, 23 of them ones the knowledge lacks; 19 unstated romances, 11
    # of them past, one-sided or implied), measured once in the seventeenth round on its merged
    # tree 6ead2f1 (17onesided, 17past, 17place, 17implied, 17mood, 17names) and on main as the
    # round found it (e954a34): romance 0.400 / 0.211 (4 of 10, 4 of 19) both, friendship
    # 0.750 / 0.400, characters 0.906 / 0.849, name precision 0.928, fandom of a file that
    # states none 5/20 (none wrong) both; mood 0.567 (0.533 before).
    "understanding_final17": {"unstated_romance_precision": 0.38, "unstated_romance_recall": 0.2,
                              "friendship_precision": 0.7, "character_recall_known": 0.88,
                              "character_recall_unknown": 0.82, "mood_top1": 0.55},
    # The eighteenth final set (30 stories by two more helpers who never read this code;
    # fandoms of no earlier set but four, 26 of them ones the knowledge lacks; 20 unstated
    # romances, 12 of them past, one-sided or implied, and 5 more beside them), measured once
    # in the eighteenth round on its merged tree 83d62ae (18false, 18mood, 18chars, 18split,
    # 18cast) and on main as the round found it (b94c796), the same on both but two names:
    # romance 0.167 / 0.040 (1 of 6, 1 of 25), friendship 0.583 / 0.269, characters 0.857 /
    # 0.894, name precision 0.793 (0.798), fandom of a file that states none 1/20 (1 wrong),
    # mood 0.667.
    "understanding_final18": {"unstated_romance_precision": 0.15, "unstated_romance_recall": 0.04,
                              "friendship_precision": 0.55, "character_recall_known": 0.85,
                              "character_recall_unknown": 0.88, "mood_top1": 0.65},
    # The nineteenth final set (30 stories by two more helpers who never read this code; 27 in
    # fandoms the knowledge lacks; 20 unstated romances, 8 of them past, one-sided or implied,
    # and 5 more beside them), measured once in the nineteenth round on its merged tree 0e59e1c
    # and on main as the round found it (047038d), the same on both but two names: romance
    # 0 of 2 given, 0 of 25 found (no romance guard: at zero it would hold nothing),
    # friendship 0.571 / 0.286, characters 0.889 / 0.684 (0.663 before), name precision
    # 0.758 (0.750), fandom of a file that states none 1/20 (2 wrong), mood 0.733.
    "understanding_final19": {"friendship_precision": 0.55, "character_recall_known": 0.88,
                              "character_recall_unknown": 0.68, "mood_top1": 0.7},
    # The twentieth final set (30 stories by two more helpers who never read this code; 26 in
    # fandoms the knowledge lacks; 25 unstated couples: 9 plain, 7 past, 5 one-sided, 4
    # implied; 7 friendship-only main pairs), measured once in the twentieth
    # round on its merged tree d784255 and on main as the round found it (83b487d), the same
    # on both but three names: romance 1.000 / 0.080 (2 of 2, 2 of 25; the guard allows one
    # false couple), friendship 0.571 / 0.444, characters 0.875 / 0.851, name precision 0.734
    # (0.711), fandom of a file that states none 2/20 (none wrong), mood 0.800.
    "understanding_final20": {"unstated_romance_precision": 0.6, "unstated_romance_recall": 0.07,
                              "friendship_precision": 0.55, "character_recall_known": 0.85,
                              "character_recall_unknown": 0.83, "mood_top1": 0.76},
    "real-stories": {"unstated_romance_precision": 0.9, "unstated_romance_recall": 0.8,
                     "character_recall_known": 0.9, "character_recall_unknown": 0.9,
                     "mood_top1": 0.79},
}

# The fandom of files that state none (fandom_accuracy_unstated), guarded a notch under the
# figures after task 13k, which reads it from the people and places a text names as well as
# the names its opening repeats: dev 13/19, final 10/20, final2 11/18, final3 8/16, final4
# 12/16 (9 before), final5 12/17 (8), final6 5/16 (2), real-stories 2/3; final7 (blind, measured
# once after 13k) 8/18. Task 13chars (a crossover whose two casts tie; present-tense
# narration): final 11/20, final7 9/18.
FANDOM_ACCURACY = {"understanding_dev": 0.65, "understanding_final": 0.52,
                   "understanding_final2": 0.58, "understanding_final3": 0.47,
                   "understanding_final4": 0.72, "understanding_final5": 0.67,
                   "understanding_final6": 0.3, "understanding_final7": 0.47,
                   "understanding_final8": 0.7, "understanding_final9": 0.17,
                   "understanding_final10": 0.24, "understanding_final11": 0.24,
                   "understanding_final12": 0.18, "understanding_final13": 0.13,
                   "understanding_final14": 0.24, "understanding_final15": 0.14,
                   "understanding_final16": 0.13, "understanding_final17": 0.23,
                   "understanding_final18": 0.04, "understanding_final19": 0.04,
                   "understanding_final20": 0.09, "real-stories": 0.6}

# Precision of the characters the understanding adds (the share of listed, unstated names the
# labels name), guarded a notch under the figures after 13ch: dev 0.661, final 0.617, final2
# 0.621, final3 0.609, final4 0.734, final5 0.664, final6 (blind) 0.549, real-stories 0.148
# (their labels list only the leads): finding more people must not come from listing every
# capitalised word. Task 13k (places, things and kin are nobody; a crossover's second cast by
# its canonical names): dev 0.713, final 0.637, final2 0.656, final3 0.657, final4 0.727,
# final5 0.652, final6 0.615, real-stories 0.152; final7 (blind, once after 13k) 0.680.
# Task 13chars (large places and bodies of people are nobody): dev 0.719, final 0.648, final2
# 0.695, final3 0.662, final4 0.734, final5 0.673, final6 0.636, final7 0.695, real 0.154.
# Task 13cast ("called X" names a thing, "on X" a place, a comma list is no vocative, a name
# alone in italics is a ship's or a book's): dev 0.726, final 0.669, final2 0.713, final3
# 0.714, final6 0.645, final7 0.727, final8 0.673 (0.655 before), real 0.157; none right lost.
# Task 13names (kin words and titles used as names; possessive pronouns and a silent "the
# Tube" nobody): final2 0.719, final3 0.719, final4 0.755, final5 0.676, final6 0.636
# ("Daddy", a father the labels name otherwise), final7 0.747, final8 0.682, final9 0.865,
# real 0.158; the ten folders 0.712 -> 0.719. Task 13tok (names written only in CamelCase,
# with an honorific or as the owner of a body): final5 0.679, final9 0.870; the ten folders
# 0.719 -> 0.721 (772/1073 -> 777/1078). Task 13fandom (no cast brought in by given names it
# shares with the story's people): dev 0.752, final10 0.750, final11 0.881. Task 18prompt
# (tumblr's lower-case prompt and tag pairings read as stated): right names move from added to
# stated, none false added: final5 0.675 -> 0.661 (77/114 -> 72/109), final6 0.642 -> 0.613
# (52/81 -> 46/75), so their guards go a notch lower.
NAME_PRECISION = {"understanding_dev": 0.74, "understanding_final": 0.66,
                  "understanding_final2": 0.7, "understanding_final3": 0.7,
                  "understanding_final4": 0.74, "understanding_final5": 0.65,
                  "understanding_final6": 0.6, "understanding_final7": 0.73,
                  "understanding_final8": 0.67, "understanding_final9": 0.86,
                  "understanding_final10": 0.73, "understanding_final11": 0.86,
                  "understanding_final12": 0.92, "understanding_final13": 0.87,
                  "understanding_final14": 0.8, "understanding_final15": 0.83,
                  "understanding_final16": 0.85, "understanding_final17": 0.9,
                  "understanding_final18": 0.78, "understanding_final19": 0.74,
                  "understanding_final20": 0.7, "real-stories": 0.15}

# Fandoms guessed wrong (a guessed fandom that is not the story's), at most, after task
# 13fandom (a fandom borne out by the story's people, not by given names any cast shares):
# before it dev 1 (The Expanse as The Sentinel), final10 3, final11 3. Left: final6's
# Mandalorian story read as Star Wars (its label names the series), two of final11, and a
# real story's stated "Idol RPF" that its label calls "American Idol RPF".
# final12 (blind, measured once after 13fandom): 3 (Lockwood & Co. and Saiki K. read as Mob
# Psycho 100, whose owner "ONE" every disclaimer's "one" named; Lockwood's fanfiction.net genre
# "Supernatural" as the show; Sherlock Holmes books as Sherlock). A one-word owner counts only
# as written, a fanfiction.net genre is no fandom: final11 2 -> 1 (its Natsume story's genre),
# final12 3 -> 1. final13 (blind, measured once in the thirteenth round): 1 (a Reservation
# Dogs story read as Stargate SG-1, borne out by "General" of the "Dollar General", a word of
# Jack O'Neill's alias "General O'Neill"); a rank before a name in an alias is no name word of
# the character: final13 1 -> 0.
# final14 (blind, measured once in the fourteenth round): 1 (a Queen's Gambit story read as
# Star Trek: Voyager; none since 15fandom: a surname that is a city tells no fandom).
# final15 (blind, measured once in the fifteenth round): 1 (a Silent Hill 2 story read as
# Little Women). final16 (blind, measured once in the sixteenth round): 2 (Smallville read as
# DCU, whose guests Clark and Lex it names: a related fandom's own people now tell it, 16fcast;
# Lore Olympus as the Hades game, from two figures of myth: 16myth). final18 (blind, measured
# once in the eighteenth round): 1 (an Inscryption story read as Gilmore Girls). final19 (blind,
# measured once in the nineteenth round): 2 (Brief Encounter read as Leverage; a Conan Doyle
# story of Mrs. Hudson read as BBC Sherlock).
WRONG_FANDOMS = {"understanding_final6": 1, "understanding_final11": 1,
                 "understanding_final12": 1, "understanding_final15": 1, "understanding_final18": 1,
                 "understanding_final19": 2, "real-stories": 1}


@pytest.mark.parametrize("name", sorted(BLIND_SETS))
def test_blind_and_real_sets_are_measured(name):
    from tests.understanding import evaluate as blind

    knowledge = Knowledge.default()
    if name == "real-stories":
        if not blind.REAL.is_dir():
            pytest.skip("../shared/real-stories is not here")
        cases = blind.load_real(blind.REAL, knowledge)
    else:
        cases = blind.load_folder(blind.FINAL.parent / name)
    figures = blind.measure(cases, knowledge)
    print("\n" + blind.report(name, figures))
    values = figures.as_dict()
    guards = {**BLIND_SETS[name], "character_precision_inferred": NAME_PRECISION[name],
              "fandom_accuracy_unstated": FANDOM_ACCURACY[name]}
    failing = {n: round(values[n], 3) for n, t in guards.items() if values[n] < t}
    if figures.fandom_wrong > WRONG_FANDOMS.get(name, 0):
        failing["fandoms guessed wrong"] = figures.fandom_wrong
    assert not failing, f"below the guard: {failing}"


def test_a_pairing_member_not_among_the_labelled_characters_is_matched_by_its_own_words():
    """A dead wife named once is in the labelled pairing but not the character list: the
    understanding's "Karen" is her, as real-stories labels are matched by their words."""
    from bot.story import Story
    from tests.understanding import evaluate as blind

    case = blind.Case(Path("x.txt"), [], False, False, [blind.Person("Bobby Singer")],
                      [blind.Pairing(("Bobby Singer", "Karen Singer"), "romantic")], [])
    story = Story(format="plain", relationships=[
        Relationship(("Bobby Singer", "Karen"), "romantic", stated=False),
        Relationship(("Bobby Singer", "Ellen"), "romantic", stated=False)])
    figures = blind.Figures()
    blind._score_pairings(case, story, figures, "romantic", Knowledge.default())
    assert (figures.romance_tp, figures.romance_fp, figures.romance_fn) == (1, 1, 0)


def test_a_name_matches_its_label_whatever_its_quote_style():
    from tests.understanding.evaluate import Person, found_forms

    label = Person('Jeff "Joker" Moreau', ("Joker",))
    assert found_forms("Jeff 'Joker' Moreau") & label.forms()
    assert found_forms("Jeff \u2018Joker\u2019 Moreau") & label.forms()
    assert not found_forms("Jeff Moreau") & label.forms()


def test_mood_table_counts_wrong_winners_and_the_moods_they_beat():
    from tests.understanding.evaluate import mood_table

    table = mood_table([(("humor", "fluff"), "romance"), (("humor",), "humor"),
                        (("angst",), "romance")])
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines()[2:12]}
    assert table.startswith("moods over 3 stories: top-1 0.333")
    # top, right, wrong, labelled, missed
    assert rows["romance"] == ["2", "0", "2", "0", "0"]
    assert rows["humor"] == ["1", "1", "0", "2", "1"]
    assert rows["fluff"] == ["0", "0", "0", "1", "1"]
    assert "    angst -> romance: 1" in table and "    humor -> romance: 1" in table


def test_evaluate_measures_several_folders_and_tables_their_moods_together(capsys):
    from tests.understanding import evaluate as blind

    assert blind.main([str(blind.DEV), str(blind.FINAL5), "--moods"]) == 0
    out = capsys.readouterr().out
    assert f"{blind.DEV}: 32 stories" in out and f"{blind.FINAL5}: 30 stories" in out
    assert "moods over 62 stories: top-1" in out
    # then the folders together: each count the sum of the two folders' counts
    each, together = out.split("the 2 folders together: 62 stories\n")
    for line in together.splitlines()[:4]:  # romance and friendship, precision and recall
        key, counts = line.split()[0], line.split()[-1]
        own = [row.split()[-1] for row in each.splitlines() if row.split()[:1] == [key]]
        sums = [sum(int(c.strip("()").split("/")[k]) for c in own) for k in (0, 1)]
        assert counts == f"({sums[0]}/{sums[1]})", (key, own)


def test_evaluate_names_a_folder_that_is_not_there(tmp_path, capsys):
    from tests.understanding import evaluate as blind

    with pytest.raises(SystemExit) as stopped:
        blind.main([str(tmp_path / "missing"), "--moods"])
    assert stopped.value.code == 2
    assert f"{tmp_path / 'missing'} is not a folder" in capsys.readouterr().err


def test_romance_recall_is_counted_by_the_labels_modifier():
    """Implied, one-sided and past romances are the ones missed: recall is kept per modifier
    so a round can see which kind it moved."""
    from bot.story import Story
    from tests.understanding import evaluate as blind

    people = [blind.Person(n) for n in ("Ann", "Bea", "Cal", "Dot")]
    case = blind.Case(Path("x.txt"), [], False, False, people,
                      [blind.Pairing(("Ann", "Bea"), "romantic"),
                       blind.Pairing(("Cal", "Dot"), "romantic", modifier="past"),
                       blind.Pairing(("Ann", "Cal"), "romantic", modifier="one-sided")], [])
    story = Story(format="plain", relationships=[
        Relationship(("Ann", "Bea"), "romantic", stated=False),
        Relationship(("Cal", "Dot"), "romantic", stated=False)])
    figures, other = blind.Figures(), blind.Figures()
    blind._score_pairings(case, story, figures, "romantic", Knowledge.default())
    blind._score_pairings(case, story, other, "romantic", Knowledge.default())
    figures.add(other)
    assert figures.romance_by_modifier == {"none": [2, 2], "past": [2, 2], "one-sided": [0, 2]}
    table = blind.modifier_table(figures)
    assert "  one-sided      0.000  (0/2)" in table and "  none           1.000  (2/2)" in table
    # found is found whatever its modifier; how many found were given the labelled one apart
    assert figures.modifier_right == {"none": [2, 2], "past": [0, 2]}
    assert "  past           1.000  (2/2), modifier right 0/2" in table


def test_a_labelled_story_reads_the_same_under_a_file_name_that_says_nothing():
    """The writers' file names carry the fandom ("a05-lockwood-co-…"): the figures must not
    lean on them. Each story of the last two sets is read under its own name and a neutral one."""
    from tests.understanding import evaluate as blind

    knowledge = Knowledge.default()
    for path in sorted(p for folder in blind.LABELLED[-2:] for p in folder.glob("*.txt")):
        data, read = path.read_bytes(), []
        for name in (path.name, "story.txt"):
            story = parse_bytes(data, name)
            knowledge.normalize_story(story)
            understand(story, knowledge)
            read.append((story.fandoms, sorted(c.name for c in story.characters),
                         sorted(r.key.label for r in story.relationships)))
        assert read[0] == read[1], path.name


def test_mood_confusion_tables_first_labelled_mood_against_top_mood():
    from tests.understanding.evaluate import mood_confusion

    table = mood_confusion([(("bittersweet", "angst"), "angst"),
                            (("bittersweet",), "humor"), (("fluff",), "fluff"), ((), "fluff")])
    lines = table.splitlines()
    header = lines[1].split()
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert lines[0].startswith("confusion over 3 labelled stories")
    assert header[:3] == ["angst", "fluff", "hurt-"]  # columns: the top mood, cut to 5
    assert rows["bittersweet"][header.index("angst")] == "1"  # a right second label
    assert rows["bittersweet"][header.index("humor")] == "1"
    assert rows["fluff"][header.index("fluff")] == "1"
    assert rows["horror"] == ["."] * 10


def test_a_missed_mood_is_sorted_by_why():
    from tests.understanding.evaluate import miss_reason

    # the top mood not labelled: why the labelled ones lost
    assert miss_reason(["horror"], {"fluff": 0.3, "horror": 0.0}, "fluff", []) == "no evidence"
    assert miss_reason(["horror", "dark"], {"fluff": 0.3, "horror": 0.28, "dark": 0.1},
                       "fluff", []) == "near tie"
    assert miss_reason(["horror"], {"fluff": 0.3, "horror": 0.1}, "fluff", []) == "outweighed"
    assert miss_reason(["horror"], {"fluff": 0.8, "horror": 0.1}, "fluff",
                       ["fluff"]) == "stated tags"
    assert miss_reason(["fluff"], {"fluff": 0.3}, "fluff", []) is None  # not a miss
