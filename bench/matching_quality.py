"""Matching quality on a labelled set: runs `manage.py match` (the real command) and prints one JSON line

    {"baseline": {"ndcg10": x, "p5": x, "mrr": x}, "matcher": {...}}

Usage: python bench/matching_quality.py [DATA_DIR] [--ablation]
DATA_DIR defaults to bench/data/matching-dev (a copy of the shared development set) and must hold
challenges.csv, solutions.csv and qrels.csv. `--ablation` adds in-process figures for each signal
removed or alone, a thesaurus-blind check (every word of the set's challenges removed from the
thesaurus) and a halves split, to show what each part contributes and how much is overfitting.
"""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "bench" / "data" / "matching-dev"


def load_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            qrels[row["challenge_id"]][row["solution_id"]] = int(row["relevance"])
    return qrels


def evaluate(ranked: dict[str, list[str]], qrels: dict[str, dict[str, int]], only=None) -> dict[str, float]:
    """nDCG@10 (gain 2^rel − 1, log2 discount, ideal from the judged), P@5 and MRR@10, averaged."""
    ndcg = p5 = mrr = 0.0
    ids = [c for c in qrels if only is None or c in only]
    for cid in ids:
        judged = qrels[cid]
        ranking = ranked.get(cid, [])[:10]
        dcg = sum((2 ** judged.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranking))
        ideal = sorted(judged.values(), reverse=True)[:10]
        idcg = sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
        ndcg += dcg / idcg if idcg else 0.0
        p5 += sum(1 for s in ranking[:5] if judged.get(s, 0) >= 1) / 5
        mrr += next((1 / (i + 1) for i, s in enumerate(ranking) if judged.get(s, 0) >= 1), 0.0)
    n = max(len(ids), 1)
    return {"ndcg10": round(ndcg / n, 3), "p5": round(p5 / n, 3), "mrr": round(mrr / n, 3)}


def english_recall(ranked: dict[str, list[str]], qrels, english: set[str]) -> float:
    """Share of the relevant (≥1) English offers that appear in the top 10 of their challenge."""
    wanted = [(c, s) for c, judged in qrels.items() for s, r in judged.items() if r >= 1 and s in english]
    found = sum(1 for c, s in wanted if s in ranked.get(c, [])[:10])
    return round(found / len(wanted), 3) if wanted else 0.0


def english_solutions(data: Path) -> set[str]:
    sys.path.insert(0, str(ROOT))
    from helix.matching.engine.text import guess_language, words

    with open(data / "solutions.csv", encoding="utf-8", newline="") as fh:
        return {
            row["id"]
            for row in csv.DictReader(fh)
            if guess_language(words(f"{row['title']} {row['description']}")) == "en"
        }


def run_command(data: Path, engine: str) -> dict[str, list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "matches.json"
        cmd = [
            sys.executable,
            str(ROOT / "manage.py"),
            "match",
            "--challenges",
            str(data / "challenges.csv"),
            "--solutions",
            str(data / "solutions.csv"),
            "--top",
            "10",
            "--out",
            str(out),
            "--engine",
            engine,
        ]
        subprocess.run(cmd, check=True, cwd=ROOT, stderr=subprocess.DEVNULL, env={**os.environ})
        result = json.loads(out.read_text(encoding="utf-8"))
    assert result["format"] == "helix-matches/1"
    return {cid: [m["solution"] for m in ms] for cid, ms in result["matches"].items()}


def ablation(data: Path, qrels) -> dict:
    sys.path.insert(0, str(ROOT))
    from helix.matching.engine import Matcher, Thesaurus, Weights, read_challenges, read_solutions
    from helix.matching.engine import embeddings as emb
    from helix.matching.engine.text import words

    challenges = read_challenges(data / "challenges.csv").docs
    solutions = read_solutions(data / "solutions.csv").docs

    cache = emb.MemoryCache()  # one model pass per text across all variants

    def run(**kwargs) -> dict[str, list[str]]:
        m = Matcher(**kwargs, cache=cache) if kwargs.get("embeddings") else Matcher(**kwargs)
        m.build(solutions)
        return {c.id: [x.id for x in m.query(c, top=10)] for c in challenges}

    base = Weights()
    variants = {
        "lexical_only": dict(embeddings=False, thesaurus=False, use_tags=False, use_regions=False),
        "lexical+regions": dict(embeddings=False, thesaurus=False, use_tags=False),
        "lexical+tags+regions": dict(embeddings=False, thesaurus=False),
        "thesaurus (no embeddings)": dict(embeddings=False),
        "- lexical channel": dict(embeddings=False, weights=Weights(**{**base.__dict__, "lexical": 0.0})),
        "- concepts channel": dict(embeddings=False, weights=Weights(**{**base.__dict__, "concepts": 0.0})),
        "- topics channel": dict(embeddings=False, weights=Weights(**{**base.__dict__, "topics": 0.0})),
        "- regions": dict(embeddings=False, use_regions=False),
        "- tags": dict(embeddings=False, use_tags=False),
    }
    out = {}
    for name, kwargs in variants.items():
        out[name] = evaluate(run(**kwargs), qrels)
    if emb.available():
        out["full (+embeddings)"] = evaluate(run(embeddings=True), qrels)
        out["embeddings only"] = evaluate(
            run(
                embeddings=True,
                thesaurus=False,
                use_tags=False,
                use_regions=False,
                weights=Weights(lexical=0.0, concepts=0.0, topics=0.0, embeddings=1.0),
            ),
            qrels,
        )
        out["lexical+embeddings (no thesaurus)"] = evaluate(run(embeddings=True, thesaurus=False), qrels)
    # Overfitting check: strip from the thesaurus every term sharing a word with the dev challenges.
    challenge_words = {w for c in challenges for w in words(f"{c.title} {c.description}") if len(w) > 2}
    blind = Thesaurus.load(exclude_terms=challenge_words)
    out["thesaurus blind to challenge words"] = evaluate(run(embeddings=False, thesaurus=blind), qrels)
    if emb.available():
        out["thesaurus blind + embeddings"] = evaluate(run(embeddings=True, thesaurus=blind), qrels)
    ranked = run(embeddings=False)
    ids = sorted(qrels)
    out["first half (no embeddings)"] = evaluate(ranked, qrels, only=set(ids[::2]))
    out["second half (no embeddings)"] = evaluate(ranked, qrels, only=set(ids[1::2]))
    return out


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    data = Path(args[0]).resolve() if args else DEFAULT_DATA
    qrels = load_qrels(data / "qrels.csv")
    baseline, matcher = run_command(data, "baseline"), run_command(data, "full")
    english = english_solutions(data)
    figures = {
        "baseline": evaluate(baseline, qrels),
        "matcher": evaluate(matcher, qrels),
        "english_offers_recall10": {
            "baseline": english_recall(baseline, qrels, english),
            "matcher": english_recall(matcher, qrels, english),
            "english_solutions": len(english),
        },
    }
    if "--ablation" in argv:
        figures["ablation"] = ablation(data, qrels)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
