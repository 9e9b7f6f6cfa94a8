"""Issue 11, row 5: with DEBUG off and no SECRET_KEY, Helix refuses to start and says why; production
settings have secure cookies and HSTS."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "HTTPS"}}
    environ.update(env, DJANGO_SETTINGS_MODULE="helix.settings")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True)


@pytest.mark.django_db
def test_check_deploy_fails_on_the_demo_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.HELIX_DEMO_SECRET_KEY
    with pytest.raises(SystemCheckError, match=r"helix.E001.*SECRET_KEY is not set"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


@pytest.mark.django_db
def test_check_deploy_passes_with_a_real_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "x" * 20 + "a-real-random-production-key-0123456789"
    # (the test run itself trips other deploy checks: a locmem mailer, DJANGO_ALLOW_ASYNC_UNSAFE)
    assert "helix.E001" not in {issue.id for issue in checks.run_checks(include_deployment_checks=True)}


def test_the_app_server_refuses_the_demo_key():
    result = run_python("import helix.wsgi", DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_the_app_server_starts_with_a_key_or_in_debug():
    assert run_python("import helix.wsgi", DEBUG="0", SECRET_KEY="k" * 60).returncode == 0
    assert run_python("import helix.wsgi", DEBUG="1").returncode == 0


def test_production_settings_are_secure():
    code = (
        "from django.conf import settings as s; import json;"
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS]))"
    )
    result = run_python(code, DEBUG="0", SECRET_KEY="k" * 60)
    session_secure, csrf_secure, hsts = json.loads(result.stdout.strip().splitlines()[-1])
    assert session_secure and csrf_secure
    assert hsts >= 31536000
