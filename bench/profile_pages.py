"""Per-request cost of the load benchmark's pages, in one process (no server, no network): CPU
milliseconds, database queries and the biggest costs by function (cProfile), to see where a request's
time goes and to judge a change A/B without the noise of a loaded machine.

Runs against ``DATABASE_URL`` (``bench/load.py``'s set-up on a throw-away PostgreSQL when
``--postgresql``). Prints one JSON line: per page, ``cpu_ms`` (median of ``--requests``) and ``queries``.
``--profile`` adds, on stderr, the top functions by cumulative time for each page.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pages(slug: str) -> list[tuple[str, str, dict]]:
    return [
        ("directory_search", "/directory/?q=muni", {}),
        ("event_page", f"/events/{slug}/", {}),
        ("agenda", "/events/calendar/", {}),
        ("api_events", "/api/events/", {"token": True}),
        ("api_organisations", "/api/directory/organisations?q=muni", {"token": True}),
        ("event_page_signed_in", f"/events/{slug}/", {"signed_in": True}),
    ]


def measure(requests: int, profile: bool) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from helix.accounts.models import User
    from helix.apitokens import domain as apitokens
    from helix.events.models import Event

    event = Event.objects.filter(status=Event.Status.PUBLISHED).order_by("-starts_at").first()
    owner, _ = User.objects.get_or_create(email="perfil-carga@example.cl", defaults={"full_name": "Perfil"})
    _token, raw = apitokens.create_token(actor=owner, name="perfil", scope="read", days=7)
    person, _ = User.objects.get_or_create(email="perfil-persona@example.cl", defaults={"full_name": "Persona"})
    figures = {}
    for name, url, how in pages(event.slug):
        client = Client()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if how.get("token") else {}
        if how.get("signed_in"):
            client.force_login(person)
        for _ in range(3):  # warm caches, templates, connections
            assert client.get(url, **headers).status_code == 200, url
        times = []
        queries = []  # counted with a wrapper: Django clears connection.queries when a request starts

        def count(execute, sql, params, many, context, seen=queries):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url, **headers)
        for _ in range(requests):
            start = time.process_time()
            client.get(url, **headers)
            times.append((time.process_time() - start) * 1000)
        figures[name] = {"cpu_ms": round(statistics.median(times), 2), "queries": len(queries)}
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(requests):
                client.get(url, **headers)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
            print(f"===== {name} {url}\n{out.getvalue()}", file=sys.stderr)
            for sql in queries:
                print("   SQL", sql[:200], file=sys.stderr)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--postgresql", action="store_true", help="seed a throw-away PostgreSQL as bench/load.py")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings")
    os.environ.update({"DEBUG": "0", "SECRET_KEY": "helix-profile-" + "x" * 40, "HTTPS": "0"})
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    if not args.postgresql:
        print(json.dumps(measure(args.requests, args.profile)))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    import load

    with load.Postgres() as pg:
        env = load.django_env(pg.url, Path("/tmp"))
        env["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
        load.setup_database(env)
        command = [load.PY, __file__, "--requests", str(args.requests)] + (["--profile"] if args.profile else [])
        print(subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=False).returncode, file=sys.stderr)


if __name__ == "__main__":
    main()
