"""Two-factor authentication: set-up with a QR and a code, recovery codes, the two-step sign-in,
and the staff requirement (on here; the rest of the suite turns it off so `force_login` works)."""

import re
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from helix.accounts import two_factor
from helix.accounts.models import RecoveryCode
from helix.core.audit import Action, AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def code_for(device, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.fixture
def require_staff_2fa(settings):
    settings.HELIX_STAFF_2FA_REQUIRED = True


def _sign_in(client, user, next_url=""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_setting_up_shows_a_qr_then_recovery_codes_once(client):
    user = UserFactory()
    client.force_login(user)
    page = client.post(reverse("accounts:security"), {"action": "start"}).content.decode()
    assert "<svg" in page and "Escanea este código" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("accounts:security"), {"action": "confirm", "code": "000000"}).content.decode()
    assert "Ese código no es correcto" in wrong
    page = client.post(reverse("accounts:security"), {"action": "confirm", "code": code_for(device)}).content.decode()
    codes = re.findall(r"\b[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}\b", page)
    assert len(set(codes)) == 10 and RecoveryCode.objects.filter(device__user=user).count() == 10
    assert "Se muestran solo ahora" in page
    again = client.get(reverse("accounts:security")).content.decode()
    assert "La verificación en dos pasos está activada" in again and codes[0] not in again
    assert AuditEvent.objects.filter(actor=user, action=Action.TWO_FACTOR_ENABLED).count() == 1


def test_sign_in_asks_for_the_code_after_the_password(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code would otherwise pause the device for a second
    user = UserFactory()
    device, _codes = two_factor.give_device(user=user)
    response = _sign_in(client, user, next_url="/events/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login_code"))
    assert "_auth_user_id" not in client.session  # not signed in yet
    assert client.get(reverse("accounts:profile")).status_code == 302
    refused = client.post(response["Location"], {"code": "123456"})
    assert "Ese código no es correcto." in refused.content.decode() and "_auth_user_id" not in client.session
    done = client.post(response["Location"], {"code": code_for(device), "next": "/events/"})
    assert done.status_code == 302 and done["Location"] == "/events/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_recovery_code_signs_in_once(client):
    user = UserFactory()
    _device, codes = two_factor.give_device(user=user)
    location = _sign_in(client, user)["Location"]
    response = client.post(location, {"code": codes[0].upper()}, follow=True)
    assert "Usaste un código de recuperación; quedan 9." in response.content.decode()
    client.logout()
    location = _sign_in(client, user)["Location"]
    assert "Ese código no es correcto." in client.post(location, {"code": codes[0]}).content.decode()
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires(client):
    user = UserFactory()
    device, _codes = two_factor.give_device(user=user)
    location = _sign_in(client, user)["Location"]
    session = client.session
    session["helix_2fa_pending"]["at"] = int(time.time()) - 301
    session.save()
    response = client.post(location, {"code": code_for(device)}, follow=True)
    assert "Vuelve a iniciar sesión" in response.content.decode() and "_auth_user_id" not in client.session


def test_repeated_wrong_codes_are_throttled(client):
    user = UserFactory()
    device, _codes = two_factor.give_device(user=user)
    location = _sign_in(client, user)["Location"]
    client.post(location, {"code": "111111"})
    page = client.post(location, {"code": code_for(device)}).content.decode()
    assert "Demasiados códigos incorrectos" in page and "_auth_user_id" not in client.session


def test_turning_it_off_needs_a_code_and_is_recorded(client):
    user = UserFactory()
    device, _codes = two_factor.give_device(user=user)
    client.force_login(user)
    client.post(reverse("accounts:security"), {"action": "disable", "code": "999999"})
    assert two_factor.is_enabled(user)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    client.post(reverse("accounts:security"), {"action": "disable", "code": code_for(device)})
    assert not two_factor.is_enabled(user) and not RecoveryCode.objects.filter(device__user=user).exists()
    assert AuditEvent.objects.filter(actor=user, action=Action.TWO_FACTOR_DISABLED).exists()


def test_staff_without_a_device_are_sent_to_set_it_up(client, require_staff_2fa):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.get("/audit/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:security")
    assert "Las cuentas del equipo necesitan verificación en dos pasos" in response.content.decode()
    api = client.get("/api/events/")
    assert api.status_code == 403
    assert client.get("/admin/").status_code == 302


def test_staff_signed_in_without_the_code_are_asked_for_it(client, require_staff_2fa):
    staff = UserFactory(is_staff=True)
    device, _codes = two_factor.give_device(user=staff)
    client.force_login(staff)  # like a sign-in at /admin/login/, which has no code step
    response = client.get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login_code"))
    done = client.post(response["Location"], {"code": code_for(device), "next": "/audit/"})
    assert done["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200


def test_staff_cannot_turn_it_off_while_required(client, require_staff_2fa):
    staff = UserFactory(is_staff=True)
    device, _codes = two_factor.give_device(user=staff)
    location = _sign_in(client, staff)["Location"]
    client.post(location, {"code": code_for(device)})
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Las cuentas del equipo deben mantener activada la verificación en dos pasos." in page
    client.post(reverse("accounts:security"), {"action": "disable", "code": code_for(device)})
    assert two_factor.is_enabled(staff)


def test_citizens_are_not_required_to_use_it(client, require_staff_2fa):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_demo_admin_prints_how_to_sign_in(client, capsys, require_staff_2fa):
    call_command("demo_admin")
    out = capsys.readouterr().out
    assert "admin@helix.demo / helix-demo-2026" in out and "otpauth://totp/Helix" in out
    recovery = out.split("instead of the app's code): ")[1].split()[0]
    client.post(reverse("accounts:login"), {"username": "admin@helix.demo", "password": "helix-demo-2026"})
    assert client.post(reverse("accounts:login_code"), {"code": recovery}).status_code == 302
    assert client.get("/audit/").status_code == 200
