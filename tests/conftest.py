import os
import subprocess
import sys
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """Tests assert the exact Spanish text, so the compiled catalogues must match the .po files (.mo files
    are not committed). scripts/test.sh compiles them; this covers a bare `pytest` after a .po change."""
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has compiled them
        return
    catalogues = [po for folder in ("helix", "locale") for po in (ROOT / folder).rglob("*.po")]
    if any(
        not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
        for po in catalogues
    ):
        command = [sys.executable, "manage.py", "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0"]
        subprocess.run(command, cwd=ROOT, check=True)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Staff two-factor (ops): off so `force_login(staff)` keeps working; tests/accounts/test_two_factor.py turns it on.
    settings.HELIX_STAFF_2FA_REQUIRED = False
    # Load (issue 11): no anonymous page cache, so pages show what the test just wrote (tests/core/test_page_cache.py)
    settings.HELIX_PAGE_CACHE = {}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language (es-CL), as a request without the switcher's cookie
    would: a request made in English by an earlier test must not leave English active in this thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_indexes(settings):
    """Each test database starts over; so must this process's matcher indexes (every app's tests may
    write challenges or solutions: wheel outcomes and agreements move challenges, for one)."""
    from helix.matching.domain.index import reset_indexes

    settings.HELIX_MATCHING_EMBEDDINGS = False
    reset_indexes()
    yield
    reset_indexes()


@pytest.fixture
def staff_user(db):
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True, email="staff@helix.cl")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


# Browser tests: Playwright on Debian's chromium (playwright cannot download browsers here).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="es-CL")
        yield context.new_page()
        context.close()
        browser.close()


# apisec: API rate-limit counters in memory, emptied for each test, so query counts measure the app's
# own queries and no test is throttled by an earlier one (tests/api/test_throttling.py uses the database).
@pytest.fixture(autouse=True)
def _api_throttle_in_memory(settings):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-throttle"},
    }
    caches["throttle"].clear()
