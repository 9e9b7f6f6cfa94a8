"""scripts/demo.sh, the README's first command: it runs on another port when 8000 is taken, and the
links it prints (tour, e-mails) follow that port."""

import subprocess
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "demo.sh"


def test_the_demo_script_is_valid_bash_and_follows_port():
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)
    text = SCRIPT.read_text()
    assert 'PORT="${PORT:-8000}"' in text
    assert 'export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"' in text
    assert 'runserver "127.0.0.1:$PORT"' in text and "runserver 127.0.0.1:8000" not in text
    assert text.index("export SITE_URL") < text.index("seed_demo")  # the tour prints the right address


def test_the_tour_prints_the_configured_address(db, settings):
    from helix.demo import tour

    settings.SITE_URL = "http://127.0.0.1:8001"
    assert "    http://127.0.0.1:8001/mi-helix/  (as representante@helix.demo" in "\n".join(tour.lines())
