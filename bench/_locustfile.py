"""The traffic of ``bench/load.py`` (run by locust in its own process): directory search, event page,
registration, agenda (calendar), API reads with a personal API token.

Arrival rate is fixed: every simulated visitor starts its tasks at a constant pace
(``constant_throughput``), so ``HELIX_BENCH_RATE`` requests/s arrive in total whatever the server's
speed (as long as a visitor's request takes less than its pace). Each confirmed registration's
e-mail is appended to ``HELIX_BENCH_REGISTERED`` so the driver can check it against the database.
API calls send one of the set-up's tokens (``HELIX_BENCH_TOKENS``, comma-separated) as
``Authorization: Bearer hx_…`` (docs/api.md) and fail on anything but 200.
"""

import os
import re
import uuid

from locust import HttpUser, constant_throughput, task

SLUG = os.environ["HELIX_BENCH_EVENT"]
REGISTERED = os.environ["HELIX_BENCH_REGISTERED"]
# "session-key e-mail" per line: signed-in people, each registering once (bench/load.py's set-up)
with open(os.environ["HELIX_BENCH_REGISTRANTS"]) as pool:
    REGISTRANTS = iter([line.split() for line in pool if line.strip()])
TOKENS = [t for t in os.environ.get("HELIX_BENCH_TOKENS", "").split(",") if t]
RATE = float(os.environ.get("HELIX_BENCH_RATE", "100"))  # requests/s, all visitors together
USERS = int(os.environ.get("HELIX_BENCH_USERS", "20"))
WORDS = ["muni", "valpara", "energ", "agua", "residuos", "movilidad", "salud", "datos"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# task weight → requests per task (registration is a form GET and a POST)
WEIGHTS = {"directory_search": 4, "event_page": 4, "agenda": 2, "api_events": 2, "api_organisations": 2, "register": 1}
REQUESTS_PER_TASK = (sum(WEIGHTS.values()) + WEIGHTS["register"]) / sum(WEIGHTS.values())


class Visitor(HttpUser):
    wait_time = constant_throughput(RATE / USERS / REQUESTS_PER_TASK)

    def on_start(self):
        self.token = TOKENS[uuid.uuid4().int % len(TOKENS)] if TOKENS else None

    def _api(self, path: str, name: str):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        with self.client.get(path, headers=headers, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"API answered {response.status_code}")

    @task(WEIGHTS["directory_search"])
    def directory_search(self):
        word = WORDS[uuid.uuid4().int % len(WORDS)]
        self.client.get(f"/directory/?q={word}", name="/directory/?q=")

    @task(WEIGHTS["event_page"])
    def event_page(self):
        self.client.get(f"/events/{SLUG}/", name="/events/<slug>/")

    @task(WEIGHTS["agenda"])
    def agenda(self):
        self.client.get("/events/calendar/", name="/events/calendar/")

    @task(WEIGHTS["api_events"])
    def api_events(self):
        self._api("/api/events/", "/api/events/ (token)")

    @task(WEIGHTS["api_organisations"])
    def api_organisations(self):
        self._api("/api/directory/organisations?q=muni", "/api/directory/organisations (token)")

    @task(WEIGHTS["register"])
    def register(self):
        """A signed-in person opens the event page and registers (an anonymous visitor would have to
        confirm from the mailbox first); the answer is the ticket page's redirect."""
        session_key, email = next(REGISTRANTS, (None, None))
        if session_key is None:
            return
        cookies = {"sessionid": session_key}
        page = self.client.get(f"/events/{SLUG}/", name="/events/<slug>/ (signed in)", cookies=cookies)
        token = CSRF.search(page.text or "")
        if token is None:
            return
        data = {"csrfmiddlewaretoken": token.group(1), "name": "Persona de carga"}
        headers = {"Referer": f"{self.host}/events/{SLUG}/"}
        with self.client.post(
            f"/events/{SLUG}/",
            data=data,
            headers=headers,
            cookies=cookies,
            name="register",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "/events/r/" in response.headers.get("Location", ""):
                with open(REGISTERED, "a") as out:
                    out.write(email + "\n")
                response.success()
            else:
                response.failure(f"registration answered {response.status_code}")
