"""Shared set-up for the benchmark scripts: Django on a throw-away SQLite file, and memory sampling."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    """Resident set size of this process, in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def setup_django(**env_defaults: str) -> None:
    """Configure Django on a throw-away SQLite file unless the caller already configured it, then
    migrate. Never the demo database. `env_defaults` are environment settings applied if unset.

    The schema is migrated by `manage.py migrate` in its own process, as a deployment does before it
    starts web and worker processes: the measured process then holds only what the measured work
    needs, not the migration framework's high-water mark (which grows with every app's history)."""
    from django.conf import settings

    configured_by_caller = settings.configured
    if not configured_by_caller:
        if "DATABASE_URL" not in os.environ:
            tmp = tempfile.mkdtemp(prefix="helix-bench-")
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    for key, value in env_defaults.items():
        os.environ.setdefault(key, value)
    sys.path.insert(0, str(ROOT))
    if not configured_by_caller:
        import subprocess

        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"], check=True)
    import django

    django.setup()
    if configured_by_caller:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
