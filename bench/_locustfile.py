"""The traffic of ``bench/load.py`` (run by locust in its own process): directory search, event page,
registration, agenda (calendar), API reads. Each confirmed registration's e-mail is appended to
``HELIX_BENCH_REGISTERED`` so the driver can check it against the database afterwards."""

import os
import re
import uuid

from locust import HttpUser, between, task

SLUG = os.environ["HELIX_BENCH_EVENT"]
REGISTERED = os.environ["HELIX_BENCH_REGISTERED"]
WORDS = ["muni", "valpara", "energ", "agua", "residuos", "movilidad", "salud", "datos"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor(HttpUser):
    wait_time = between(0.2, 0.6)

    @task(4)
    def directory_search(self):
        word = WORDS[uuid.uuid4().int % len(WORDS)]
        self.client.get(f"/directory/?q={word}", name="/directory/?q=")

    @task(4)
    def event_page(self):
        self.client.get(f"/events/{SLUG}/", name="/events/<slug>/")

    @task(2)
    def agenda(self):
        self.client.get("/events/calendar/", name="/events/calendar/")

    @task(3)
    def api_reads(self):
        self.client.get("/api/events/", name="/api/events/")
        self.client.get("/api/directory/organisations?q=muni", name="/api/directory/organisations")

    @task(1)
    def register(self):
        page = self.client.get(f"/events/{SLUG}/", name="/events/<slug>/ (form)")
        token = CSRF.search(page.text or "")
        if token is None:
            return
        email = f"carga-{uuid.uuid4().hex[:16]}@example.cl"
        data = {"csrfmiddlewaretoken": token.group(1), "name": "Persona de carga", "email": email}
        headers = {"Referer": f"{self.host}/events/{SLUG}/"}
        with self.client.post(
            f"/events/{SLUG}/", data=data, headers=headers, name="register", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302 and "/events/r/" in response.headers.get("Location", ""):
                with open(REGISTERED, "a") as out:
                    out.write(email + "\n")
                response.success()
            else:
                response.failure(f"registration answered {response.status_code}")
