"""The shared topic taxonomy, shipped as data (network/data/taxonomy.csv) and loaded idempotently."""

import csv
from pathlib import Path

TAXONOMY_CSV = Path(__file__).resolve().parent / "data" / "taxonomy.csv"


def taxonomy_rows() -> list[dict]:
    with open(TAXONOMY_CSV, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_taxonomy(topic_model) -> int:
    """Create or update every topic; takes the model so data migrations can pass the historical one."""
    by_code = {}
    for position, row in enumerate(taxonomy_rows()):
        topic, _ = topic_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "parent": by_code.get(row["parent"]) if row["parent"] else None,
                "name_es": row["name_es"],
                "name_en": row["name_en"],
                "sdg_number": int(row["sdg_number"]) if row["sdg_number"] else None,
                "position": position,
            },
        )
        by_code[topic.code] = topic
    return len(by_code)
