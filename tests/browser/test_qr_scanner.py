"""The one camera scanner (helix/core/static/core/qr-scanner.js) on both check-in pages.

Chromium has no camera here, so the page gets a canvas stream as its camera and a BarcodeDetector
that "sees" the code we give it: what is tested is our script wiring the code into each page's form.
Without BarcodeDetector (Safari, Firefox) the camera shows a real QR code and the qr-scanner library,
served from our own static files, decodes it.
"""

import datetime as dt

import pytest
from django.utils import timezone

from helix.core.qr import qr_png
from helix.events.domain.tickets import ticket_code
from helix.events.models import Attendance
from helix.wheel.domain.dayof import checkin_token

pytestmark = pytest.mark.browser

FAKE_CAMERA = """
window.BarcodeDetector = class { async detect() { return window.__scanned ? [{rawValue: window.__scanned}] : []; } };
Object.defineProperty(navigator, "mediaDevices", {value: {getUserMedia: async () => {
  const canvas = document.createElement("canvas"); canvas.getContext("2d").fillRect(0, 0, 10, 10);
  return canvas.captureStream();
}}});
"""

# No BarcodeDetector; the camera films a QR code (window.__qr, a data: URI) on white paper.
CAMERA_FILMING_A_CODE = """
delete window.BarcodeDetector;
Object.defineProperty(navigator, "mediaDevices", {value: {
  enumerateDevices: async () => [],
  getUserMedia: async () => {
    const canvas = document.createElement("canvas"); canvas.width = 480; canvas.height = 480;
    const context = canvas.getContext("2d");
    const image = new Image(); image.src = window.__qr; await image.decode();
    const draw = () => {
      context.fillStyle = "#fff"; context.fillRect(0, 0, 480, 480); context.drawImage(image, 60, 60, 360, 360);
    };
    draw(); setInterval(draw, 100);
    return canvas.captureStream(10);
  },
}});
"""


def _sign_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form.card button[type=submit]")


def test_scanned_ticket_checks_in_at_an_event(page, live_server, staff_user):
    from tests.factories import EventFactory
    from tests.factories.events_extra import RegistrationFactory

    start = timezone.now() + dt.timedelta(hours=1)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=4))
    registration = RegistrationFactory(event=event, name="Ana Pérez", status="confirmed")
    page.add_init_script(FAKE_CAMERA)
    _sign_in(page, live_server, staff_user, f"/events/{event.slug}/checkin/")
    page.click("#scan-start")
    page.evaluate(f"window.__scanned = {ticket_code(registration.pk)!r}")
    page.wait_for_selector("#checkin-message.checkin-ok")
    assert "Ana Pérez" in page.inner_text("#checkin-message")
    attendance = Attendance.objects.get(registration=registration, session=None)
    assert attendance.method == Attendance.Method.QR


def test_scanned_agenda_checks_in_at_a_wheel(page, live_server, staff_user):
    from tests.factories.wheel import ParticipantFactory, WheelFactory

    wheel = WheelFactory()
    participant = ParticipantFactory(wheel=wheel, organisation__name="Empresa Escaneada")
    page.add_init_script(FAKE_CAMERA)
    _sign_in(page, live_server, staff_user, f"/wheels/{wheel.pk}/manage/checkin/")
    page.click("#camera-button")
    page.evaluate(f"window.__scanned = {checkin_token(participant)!r}")
    page.wait_for_selector("text=Empresa Escaneada")
    participant.refresh_from_db()
    assert participant.checked_in_at is not None


def test_without_barcode_detector_the_local_library_reads_the_ticket(page, live_server, staff_user):
    import base64

    from tests.factories import EventFactory
    from tests.factories.events_extra import RegistrationFactory

    start = timezone.now() + dt.timedelta(hours=1)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=4))
    registration = RegistrationFactory(event=event, name="Javiera Soto", status="confirmed")
    code = ticket_code(registration.pk)
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(CAMERA_FILMING_A_CODE)
    _sign_in(page, live_server, staff_user, f"/events/{event.slug}/checkin/")
    page.wait_for_selector("#scan-start")
    png = base64.b64encode(qr_png(code, scale=8, border=4)).decode()
    page.evaluate(f"window.__qr = 'data:image/png;base64,{png}'")
    page.click("#scan-start")
    page.wait_for_selector("#checkin-message.checkin-ok", timeout=20000)
    assert "Javiera Soto" in page.inner_text("#checkin-message")
    assert Attendance.objects.get(registration=registration, session=None).method == Attendance.Method.QR
    library = f"{live_server.url}/static/vendor/qr-scanner/qr-scanner.umd.min.js"
    assert library in requests
    assert f"{live_server.url}/static/vendor/qr-scanner/qr-scanner-worker.min.js" in requests
    assert [url for url in requests if url.startswith("http") and not url.startswith(live_server.url)] == []
    assert errors == []
