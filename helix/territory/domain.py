"""Loading Chile's regions and communes from the CSV files shipped in territory/data."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Commune, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value.strip() else None


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _known(fields: set[str], values: dict) -> dict:
    return {key: value for key, value in values.items() if key in fields}


@transaction.atomic
def load_territory(*, data_dir: Path = DATA_DIR, region_model=Region, commune_model=Commune) -> dict[str, int]:
    """Create or update the 16 regions and 346 communes. Idempotent: running it twice changes nothing.

    The models are parameters so the data migration can pass its historical versions.
    """
    Region, Commune = region_model, commune_model  # noqa: N806
    regions: dict[int, Region] = {}
    # The 0002 data migration's historical Region predates `country` and `subdivision_type`.
    region_fields = {field.name for field in Region._meta.get_fields()}
    with open(data_dir / "chile_regions.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            region, _ = Region.objects.update_or_create(
                code=int(row["region_code"]),
                defaults=_known(
                    region_fields,
                    {
                        "name": row["region_name"],
                        "country": "CL",
                        "subdivision_type": "Region",
                        "roman_numeral": row["roman_numeral"],
                        "iso_code": row["iso_3166_2"],
                        "abbreviation": row["subdere_abbrev"],
                        "capital": row["capital"],
                        "population": int(row["population"]),
                        "area_km2": _decimal(row["area_km2"]),
                        "north_south_order": int(row["north_south_order"]),
                    },
                ),
            )
            regions[region.code] = region
    existing = {c.cut: c for c in Commune.objects.all()}
    to_create, to_update = [], []
    fields = ["name", "province", "province_code", "region", "population", "area_km2", "electoral_district"]
    with open(data_dir / "chile_communes.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            values = {
                "name": row["commune"],
                "province": row["province"],
                "province_code": _int(row["province_code"]),
                "region": regions[int(row["region_code"])],
                "population": int(row["population"] or 0),
                "area_km2": _decimal(row["area_km2"]),
                "electoral_district": _int(row["electoral_district"]),
            }
            commune = existing.get(int(row["cut"]))
            if commune is None:
                to_create.append(Commune(cut=int(row["cut"]), **values))
            else:
                for key, value in values.items():
                    setattr(commune, key, value)
                to_update.append(commune)
    Commune.objects.bulk_create(to_create)
    Commune.objects.bulk_update(to_update, fields)
    return {"regions": len(regions), "communes": len(to_create) + len(to_update), "created": len(to_create)}
