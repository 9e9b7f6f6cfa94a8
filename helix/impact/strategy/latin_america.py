"""Latin America's countries as expansion candidates: each capital's position (for the distance from the
network's presence) and the population, rounded to the hundred thousand (UN World Population
Prospects, 2023 estimates). Plain data, no Django."""

from __future__ import annotations

# ISO 3166-1 alpha-2 → ((capital latitude, longitude), population)
COUNTRIES: dict[str, tuple[tuple[float, float], int]] = {
    "AR": ((-34.60, -58.38), 45_800_000),
    "BO": ((-16.50, -68.15), 12_400_000),
    "BR": ((-15.79, -47.88), 216_400_000),
    "CL": ((-33.45, -70.67), 19_600_000),
    "CO": ((4.71, -74.07), 52_100_000),
    "CR": ((9.93, -84.08), 5_200_000),
    "CU": ((23.11, -82.37), 11_200_000),
    "DO": ((18.49, -69.93), 11_300_000),
    "EC": ((-0.18, -78.47), 18_200_000),
    "GT": ((14.63, -90.51), 18_100_000),
    "HN": ((14.07, -87.19), 10_600_000),
    "MX": ((19.43, -99.13), 128_500_000),
    "NI": ((12.11, -86.24), 7_000_000),
    "PA": ((8.98, -79.52), 4_500_000),
    "PE": ((-12.05, -77.04), 34_400_000),
    "PY": ((-25.26, -57.58), 6_900_000),
    "SV": ((13.69, -89.22), 6_400_000),
    "UY": ((-34.90, -56.16), 3_400_000),
    "VE": ((10.48, -66.90), 28_800_000),
}


def capital(code: str) -> tuple[float, float] | None:
    entry = COUNTRIES.get(code)
    return entry[0] if entry else None


def population(code: str) -> int:
    entry = COUNTRIES.get(code)
    return entry[1] if entry else 0
