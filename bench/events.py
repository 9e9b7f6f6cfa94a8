"""Events benchmark: registering 10,000 people to one event and sending a 50,000-recipient newsletter.

Each half runs in its own process (each sets up Django on a fresh SQLite database), so their peak
memory figures are separate. Prints one JSON line:
{"register_10k_s": x, "register_peak_mb": x, "newsletter_50k_s": x, "newsletter_peak_mb": x}
"""

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_half(script: str) -> dict:
    out = subprocess.run([sys.executable, str(HERE / script)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    figures = {**run_half("_events_register.py"), **run_half("_newsletter_send.py")}
    print(json.dumps(figures))
