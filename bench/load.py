"""Load and fault benchmark: gunicorn on a throw-away PostgreSQL, loaded by locust from a second process.

1. Load: gunicorn (``HELIX_BENCH_WORKERS``, default 3; ``HELIX_BENCH_THREADS`` > 1 for gthread workers)
   on loopback, persistent database connections (``CONN_MAX_AGE``), and locust for ``HELIX_BENCH_SECONDS``
   (default 60) at a fixed arrival rate of ``HELIX_BENCH_RATE`` requests/s (default 100, spread over
   ``HELIX_BENCH_USERS`` simulated visitors, default 20) with the mix of ``bench/_locustfile.py``: directory search,
   event page, registration, agenda (calendar), API reads with a personal API token (the set-up creates
   an integration account with 10 read tokens, sent as ``Authorization: Bearer hx_…``). Registrations are
   made by signed-in people (the set-up creates them and their sessions); afterwards every registration
   that was answered "registered" is looked up in the database (lost / duplicated). The figures per
   request kind are printed on stderr. ``HELIX_BENCH_FAULTS=0`` runs this part only (quick A/B).
2. Fault, database: the same load for half as long; PostgreSQL is restarted (``pg_ctl restart -m
   fast``) in the middle. ``db_restart_lost``: registrations confirmed to the visitor but missing
   afterwards; ``db_restart_errors``: requests that failed while it was down. The app must serve
   again afterwards without a restart (``db_restart_recovered``).
3. Fault, worker: a newsletter to ``HELIX_BENCH_SUBSCRIBERS`` (default 2000) is sent by a task worker
   (``manage.py db_worker``) writing e-mails to files; the worker is killed with SIGKILL mid-issue, a
   new one starts and the periodic resume (``outreach.tasks.resume_stalled_sends``) restarts the
   issue. ``worker_kill_duplicates``: recipients who got it twice (counted in the mail files);
   ``worker_kill_uncertain``: rows marked failed by the resume — the one message each killed batch
   was sending (each row is marked sent as soon as its message left, so at most one per batch is
   unknown; it is not sent again: at most once); ``worker_kill_unsent``: rows still "sending" at the
   end (0: the rest of the killed batch goes back to pending); ``worker_kill_lost``: recipients with
   no e-mail at all in the mail files.

Run: ``python bench/load.py`` — prints one JSON line. Needs Debian's postgresql (``scripts/pg.sh``).
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

import psutil  # installed with locust

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
SECONDS = int(os.environ.get("HELIX_BENCH_SECONDS", "60"))
RATE = float(os.environ.get("HELIX_BENCH_RATE", "100"))  # requests/s offered (fixed arrival rate)
# Locust's simulated visitors are closed loops in one gevent process: each one adds client-side latency to
# every response time it reports. Measured on the same server and the same cached page at 100 requests/s
# (load average ~4): 100 visitors p50 140 ms / p95 480 ms, 20 visitors p50 30 / p95 42, an open-loop
# Poisson client with a thread per request p50 1.9 / p95 6.3. 20 visitors (5 requests/s each) keep the
# offered rate and measure the server, not locust's scheduling.
USERS = int(os.environ.get("HELIX_BENCH_USERS", "20"))
WORKERS = int(os.environ.get("HELIX_BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("HELIX_BENCH_THREADS", "1"))  # >1: gunicorn's gthread workers
FAULTS = os.environ.get("HELIX_BENCH_FAULTS", "1") != "0"  # 0: the load part only (quick A/B while tuning)
SUBSCRIBERS = int(os.environ.get("HELIX_BENCH_SUBSCRIBERS", "2000"))


def log(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """scripts/pg.sh's cluster, started and stopped from Python."""

    def __enter__(self):
        out = subprocess.run(
            ["bash", "-c", '. scripts/pg.sh && pg_up >&2 && echo "$DATABASE_URL|$PG_TMP|$PG_BIN"'],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        self.url, self.tmp, self.bin = out.splitlines()[-1].split("|")
        return self

    def _ctl(self, *args: str) -> None:
        command = [f"{self.bin}/pg_ctl", "-D", f"{self.tmp}/data", *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        # Not captured: the restarted server would hold the pipe open and this call would never return.
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def restart(self) -> None:
        self._ctl("-m", "fast", "-w", "restart")

    def __exit__(self, *exc):
        env = {**os.environ, "PG_TMP": self.tmp, "PG_BIN": self.bin}
        subprocess.run(["bash", "-c", ". scripts/pg.sh && pg_down"], cwd=ROOT, env=env, check=False)


def django_env(db_url: str, mail_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "helix.settings",
        "DEBUG": "0",
        "SECRET_KEY": "helix-load-bench-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CONN_MAX_AGE": "60",
        "HELIX_STAFF_2FA_REQUIRED": "1",
        "HTTPS": "0",  # plain HTTP on loopback: cookies without the Secure flag (else the CSRF cookie is not sent back)
    }


def run(command: list[str], env) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{command[:3]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def manage(env, *args: str) -> str:
    return run([PY, "manage.py", *args], env)


SETUP = """
import random
from django.utils import timezone
from helix.accounts.models import User
from helix.apitokens import domain as apitokens
from helix.demo import events, network
from helix.events.models import Event
network.seed(rng=random.Random("2026:helix.network.demo"), scale=1)
events.seed(rng=random.Random("2026:helix.events.demo"), scale=1)
event = Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=timezone.now()).order_by("starts_at").first()
Event.objects.filter(pk=event.pk).update(capacity=None, registration_closes_at=None)
event.questions.update(required=False)
# API reads with personal tokens (docs/api.md): one integration's account, its maximum of 10 tokens.
client = User.objects.create(email="integracion-carga@example.cl", full_name="Integración de carga", is_active=True)
tokens = [apitokens.create_token(actor=client, name=f"carga {i}", scope="read", days=30)[1] for i in range(10)]
print(event.slug + "|" + ",".join(tokens))
"""

# Registrants: signed-in people (an anonymous visitor's registration waits for the mailbox, issue 11 row 4,
# so the seats checked afterwards are the signed-in ones). Each gets a session, as after signing in.
REGISTRANTS = """
import sys
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from helix.accounts.models import User
n, tag, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
users = User.objects.bulk_create(
    User(email=f"carga-{tag}-{i}@example.cl", full_name=f"Persona de carga {i}", is_active=True,
         password=make_password(None)) for i in range(n))
with open(path, "w") as out:
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        out.write(f"{session.session_key} {user.email}\\n")
print(n)
"""


def setup_database(env) -> tuple[str, str]:
    manage(env, "migrate", "--noinput", "-v", "0")
    out = run([PY, "-c", "import django; django.setup()\n" + SETUP], env).strip().splitlines()[-1]
    slug, tokens = out.split("|")
    return slug, tokens


def make_registrants(env, seconds: int, tag: str, path: Path) -> None:
    """Enough signed-in registrants for `seconds` of traffic (about one request in 16 is a registration)."""
    n = int(RATE * seconds / 16 * 2) + 50
    run([PY, "-c", "import django; django.setup()\n" + REGISTRANTS, str(n), tag, str(path)], env)


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:  # exited meanwhile
            continue
        total += times.user + times.system
    return total


def server_processes(gunicorn_pid: int, pg_tmp: str) -> list[psutil.Process]:
    """gunicorn's master and workers, and this benchmark's PostgreSQL (postmaster and its backends)."""
    processes = [psutil.Process(gunicorn_pid), *psutil.Process(gunicorn_pid).children(recursive=True)]
    for process in psutil.process_iter(["cmdline"]):
        if any(pg_tmp in part for part in process.info["cmdline"] or []):
            processes += [process, *process.children(recursive=True)]
    return processes


def run_locust(
    env, host: str, seconds: int, prefix: Path, phase: str, slug: str, tokens: str, during=None, servers=None
) -> dict:
    """Locust for `seconds` at RATE requests/s; `prefix`-registrants.txt holds its signed-in registrants,
    `prefix`-registered.txt receives the e-mails answered "registered". With `servers` (a callable
    listing the server processes), the CPU time they and locust used per request is measured too: a
    figure that a loaded machine distorts far less than latencies do."""
    make_registrants(env, seconds, phase, Path(f"{prefix}-registrants.txt"))
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "_locustfile.py"),
        "--headless",
        "-u",
        str(USERS),
        "-r",
        str(USERS),  # all visitors start in the first second: the rate is fixed from the start
        "-t",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "ERROR",
    ]
    locust_env = {
        **env,
        "HELIX_BENCH_EVENT": slug,
        "HELIX_BENCH_TOKENS": tokens,
        "HELIX_BENCH_RATE": str(RATE),
        "HELIX_BENCH_USERS": str(USERS),
        "HELIX_BENCH_REGISTRANTS": f"{prefix}-registrants.txt",
        "HELIX_BENCH_REGISTERED": f"{prefix}-registered.txt",
    }
    watched = servers() if servers else []
    cpu_before = cpu_seconds(watched)
    process = subprocess.Popen(command, cwd=ROOT, env=locust_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if during is not None:
        time.sleep(seconds / 2)
        during()
    if servers:
        watched += [p for p in servers() if p not in watched]  # backends opened during the run
    _pid, _status, usage = os.wait4(process.pid, 0)  # the child's own CPU time, once it has ended
    process.returncode = _status
    server_cpu = cpu_seconds(watched) - cpu_before
    with open(f"{prefix}_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    for row in rows:  # per request kind, for profiling (stderr; the JSON line has the totals)
        log(
            f"  {row['Name']:<45} n={row['Request Count']:>5} fail={row['Failure Count']:>3} "
            f"p50={row['50%']:>5} p95={row['95%']:>5} p99={row['99%']:>5}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    count = max(int(total["Request Count"]), 1)
    cpu = {}
    if servers:
        per_request = {
            "server_cpu_ms_per_request": round(server_cpu * 1000 / count, 2),
            "locust_cpu_ms_per_request": round((usage.ru_utime + usage.ru_stime) * 1000 / count, 2),
        }
        # What two cores could serve if nothing else ran and CPU were the only limit (servers and locust).
        cpu = {**per_request, "cpu_bound_rps_2_cores": round(2000 / max(sum(per_request.values()), 0.01))}
    return {
        **cpu,
        "rps": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "errors": int(total["Failure Count"]),
        "requests": int(total["Request Count"]),
    }


COUNT_REGISTRATIONS = """
import json, sys
from django.db.models import Count
from helix.events.models import Registration
emails = [line.strip() for line in open(sys.argv[1]) if line.strip()]
rows = Registration.objects.filter(email__in=emails).values("email").annotate(n=Count("pk"))
found = {r["email"]: r["n"] for r in rows}
print(json.dumps({"expected": len(emails), "found": sum(1 for e in set(emails) if e in found),
                  "duplicates": sum(n - 1 for n in found.values())}))
"""


def check_registrations(env, prefix: Path) -> dict:
    registered = Path(f"{prefix}-registered.txt")
    registered.touch()
    code = "import django; django.setup()\n" + COUNT_REGISTRATIONS
    return json.loads(run([PY, "-c", code, str(registered)], env).strip().splitlines()[-1])


NEWSLETTER = """
import sys
from django.utils import timezone
from helix.accounts.models import User
from helix.core.enqueue import enqueue
from helix.outreach.consent import CONSENT_TEXT, CONSENT_VERSION
from helix.outreach.domain import sending
from helix.outreach.models import Subscriber
n = int(sys.argv[1]); now = timezone.now()
Subscriber.objects.bulk_create(Subscriber(email=f"lector{i}@example.cl", status=Subscriber.Status.CONFIRMED,
    consent_version=CONSENT_VERSION, consent_text=str(CONSENT_TEXT), consent_requested_at=now, confirmed_at=now)
    for i in range(n))
editor = User.objects.create(email="editora@example.cl", is_staff=True)
issue = sending.create_issue(actor=editor, subject="Boletín de carga", body_markdown="# Hola\\n\\nNovedades.")
sending.prepare_issue(issue_id=issue.pk)
enqueue("helix.outreach.tasks.send_issue", issue.pk, 10)
print(issue.pk)
"""

ISSUE_STATE = """
import json, sys
from helix.outreach.models import Delivery, Issue
issue = Issue.objects.get(pk=int(sys.argv[1]))
counts = {s: Delivery.objects.filter(issue=issue, status=s).count() for s in ("pending", "sending", "sent", "failed")}
print(json.dumps({"status": issue.status, **counts}))
"""

RESUME = """
import datetime as dt
from helix.outreach.domain import sending
print(sending.resume_stalled(stall_after=dt.timedelta(0)))
"""


def django_run(env, code: str, *args: str) -> str:
    return run([PY, "-c", "import django; django.setup()\n" + code, *args], env).strip().splitlines()[-1]


def start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [PY, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def delivered(mail_dir: Path) -> Counter:
    """Newsletter e-mails per recipient, read from the file-based backend's files."""
    recipients = Counter()
    for file in mail_dir.glob("*.log"):
        for line in file.read_text(errors="replace").splitlines():
            if line.startswith("To: lector"):
                recipients[line[4:].strip()] += 1
    return recipients


def newsletter_fault(env, mail_dir: Path) -> dict:
    issue_id = django_run(env, NEWSLETTER, str(SUBSCRIBERS))
    worker = start_worker(env)
    deadline = time.time() + 300
    while time.time() < deadline and sum(delivered(mail_dir).values()) < SUBSCRIBERS // 4:
        time.sleep(0.05)  # the mail files, not the database: fast enough to kill mid-issue
    worker.send_signal(signal.SIGKILL)  # mid-issue, without any chance to clean up
    worker.wait()
    killed_at = json.loads(django_run(env, ISSUE_STATE, issue_id))
    log(f"worker killed at {killed_at}")
    worker = start_worker(env)
    try:
        django_run(env, RESUME)  # what the periodic task does once the issue has stalled
        while time.time() < deadline:
            state = json.loads(django_run(env, ISSUE_STATE, issue_id))
            if state["pending"] == 0 and state["status"] == "sent":
                break
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    recipients = delivered(mail_dir)
    return {
        "worker_kill_duplicates": sum(n - 1 for n in recipients.values() if n > 1),
        "worker_kill_uncertain": state["failed"],
        "worker_kill_unsent": state["sending"],
        "worker_kill_finished": state["status"] == "sent" and state["pending"] == 0,
        "worker_kill_delivered": len(recipients),
        "worker_kill_lost": SUBSCRIBERS - len(recipients),
        "newsletter_recipients": SUBSCRIBERS,
    }


def gunicorn_command(port: int, work: Path) -> list[str]:
    command = [str(BIN / "gunicorn"), "helix.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    if THREADS > 1:
        command += ["--worker-class", "gthread", "--threads", str(THREADS)]
    # The access log holds each request's time inside the worker (%(M)s, ms): with locust's times it tells
    # the work from the wait (in the listen queue, or for a CPU the machine shares).
    access = ["--access-logfile", str(work / "access.log"), "--access-logformat", "%(M)s"]
    return command + access + ["--error-logfile", str(work / "gunicorn.log")]


def server_times(work: Path, skip: int = 0) -> tuple[dict, int]:
    """Percentiles of the time spent inside gunicorn's workers, from the access log's lines after `skip`."""
    path = work / "access.log"
    lines = path.read_text().split() if path.exists() else []
    times = sorted(float(x) for x in lines[skip:] if x.replace(".", "", 1).isdigit())
    if not times:
        return {}, len(lines)

    def pick(q: float) -> float:
        return round(times[min(int(q * len(times)), len(times) - 1)], 1)

    return {"in_worker_p50_ms": pick(0.5), "in_worker_p95_ms": pick(0.95), "in_worker_p99_ms": pick(0.99)}, len(lines)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="helix-load-"))
    mail_dir = work / "mail"
    mail_dir.mkdir()
    result = {}
    with Postgres() as pg:
        env = django_env(pg.url, mail_dir)
        log("seeding")
        slug, tokens = setup_database(env)
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(gunicorn_command(port, work), cwd=ROOT, env=env)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{host}/events/{slug}/", timeout=5)
                    break
                except OSError:
                    time.sleep(0.3)
            log(f"load for {SECONDS}s at {RATE:g} requests/s")
            servers = lambda: server_processes(gunicorn.pid, pg.tmp)  # noqa: E731
            _none, warm_up = server_times(work)
            figures = run_locust(env, host, SECONDS, work / "load", "load", slug, tokens, servers=servers)
            figures.update(server_times(work, skip=warm_up)[0])
            found = check_registrations(env, work / "load")
            result = {
                **figures,
                "registrations_expected": found["expected"],
                "registrations_found": found["found"],
                "duplicates": found["duplicates"],
            }
            if FAULTS:
                log("fault: PostgreSQL restarted mid-load")
                seconds = max(SECONDS // 2, 10)
                fault = run_locust(env, host, seconds, work / "fault", "fault", slug, tokens, during=pg.restart)
                after = check_registrations(env, work / "fault")
                recovered = urllib.request.urlopen(f"{host}/events/{slug}/", timeout=10).status == 200
                result.update(
                    {
                        "db_restart_lost": after["expected"] - after["found"],
                        "db_restart_duplicates": after["duplicates"],
                        "db_restart_errors": fault["errors"],
                        "db_restart_recovered": recovered,
                    }
                )
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
        if FAULTS:
            log("fault: task worker killed mid-newsletter")
            result.update(newsletter_fault(env, mail_dir))
    load = os.getloadavg()[0]
    result.update(
        {
            "seconds": SECONDS,
            "rate": RATE,
            "users": USERS,
            "gunicorn_workers": WORKERS,
            "gunicorn_threads": THREADS,
            "loadavg_1m_after": round(load, 2),
        }
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
