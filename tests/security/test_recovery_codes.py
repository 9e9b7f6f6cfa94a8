"""Two-factor recovery codes are stored hashed (issue 11 follow-up): shown once when issued, each
accepted once, never readable from the database; codes stored in clear before are carried over hashed."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from helix.accounts import recovery_codes, two_factor
from helix.accounts.models import RecoveryCode, RecoveryCodes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})["Location"]


def test_only_hashes_are_stored():
    user = UserFactory()
    _device, codes = two_factor.give_device(user=user)
    assert len(set(codes)) == 10 and all(len(code) == 14 and code.count("-") == 2 for code in codes)
    stored = list(RecoveryCode.objects.filter(device__user=user).values_list("lookup", "code_hash"))
    assert len(stored) == 10
    for code in codes:
        clean = recovery_codes.clean(code)
        assert not any(clean in code_hash or code in code_hash for _lookup, code_hash in stored)
        assert (clean[:4], clean) not in stored
    assert all(code_hash.startswith("pbkdf2_sha256$120000$") for _lookup, code_hash in stored)
    assert not StaticToken.objects.exists()  # nothing in django-otp's clear-text table


def test_a_code_is_accepted_once_however_it_is_typed(client):
    user = UserFactory()
    _device, codes = two_factor.give_device(user=user)
    typed = codes[3].replace("-", " ").upper()
    response = client.post(_sign_in(client, user), {"code": typed}, follow=True)
    assert "Usaste un código de recuperación; quedan 9." in response.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert two_factor.recovery_codes_left(user) == 9
    client.logout()
    refused = client.post(_sign_in(client, user), {"code": codes[3]})
    assert "Ese código no es correcto." in refused.content.decode() and "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_and_throttles(client, settings):
    user = UserFactory()
    _device, codes = two_factor.give_device(user=user)
    assert two_factor.verify_code(user=user, code="aaaa-bbbb-cccc") is None
    device = RecoveryCodes.objects.get(user=user)
    assert device.throttling_failure_count == 1
    with pytest.raises(two_factor.HelixError):  # the growing delay after a wrong code
        two_factor.verify_code(user=user, code=codes[0])
    assert two_factor.recovery_codes_left(user) == 10  # the refused attempt spent nothing


def test_new_codes_replace_the_old_ones():
    user = UserFactory()
    _device, old = two_factor.give_device(user=user)
    _device, new = two_factor.give_device(user=user)
    assert RecoveryCodes.objects.filter(user=user).count() == 1 and two_factor.recovery_codes_left(user) == 10
    assert two_factor.verify_code(user=user, code=old[0]) is None
    RecoveryCodes.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert isinstance(two_factor.verify_code(user=user, code=new[0]), RecoveryCodes)


def test_codes_stored_in_clear_before_are_carried_over_hashed():
    user = UserFactory()
    old = StaticDevice.objects.create(user=user, name="Helix", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=old, token=t) for t in ("abcd2345", "efgh6723"))
    migration = importlib.import_module("helix.accounts.migrations.0005_recovery_codes_from_static_tokens")
    migration.hash_static_tokens(apps, None)
    assert not StaticDevice.objects.exists() and not StaticToken.objects.exists()
    assert two_factor.recovery_codes_left(user) == 2
    assert not RecoveryCode.objects.filter(code_hash__contains="abcd2345").exists()
    assert isinstance(two_factor.verify_code(user=user, code="ABCD 2345"), RecoveryCodes)
    assert two_factor.recovery_codes_left(user) == 1


def test_the_download_lists_the_codes_device_and_deleting_the_account_deletes_the_codes():
    from helix.core.personal_data import collect_personal_data, erase_personal_data

    user = UserFactory()
    _device, codes = two_factor.give_device(user=user)
    data = collect_personal_data(user=user)
    assert [d["kind"] for d in data["two_factor"]] == ["authenticator app", "recovery codes"]
    assert not any(recovery_codes.clean(code) in str(data) for code in codes)
    erase_personal_data(user=user)
    assert not RecoveryCodes.objects.exists() and not RecoveryCode.objects.exists()


def test_new_codes_are_issued_after_an_app_code_and_shown_once(client):
    from django_otp.oath import totp

    user = UserFactory()
    device, old = two_factor.give_device(user=user)
    two_factor.verify_code(user=user, code=old[0])  # one spent
    client.force_login(user)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Te quedan 9 códigos de recuperación." in page and "Nuevos códigos de recuperación" in page
    refused = client.post(reverse("accounts:security"), {"action": "renew", "renew-code": old[1]}).content.decode()
    assert "Ese código no es correcto." in refused  # a recovery code does not renew the codes
    assert two_factor.recovery_codes_left(user) == 9
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page = client.post(reverse("accounts:security"), {"action": "renew", "renew-code": code}).content.decode()
    new = re.findall(r"\b[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}\b", page)
    assert len(set(new)) == 10 and "Se muestran solo ahora" in page
    assert two_factor.recovery_codes_left(user) == 10
    assert not any(code in client.get(reverse("accounts:security")).content.decode() for code in new)
    RecoveryCodes.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert two_factor.verify_code(user=user, code=old[2]) is None  # the old ones stopped working


def test_staff_see_who_has_recovery_codes_in_the_back_office_but_never_the_codes(admin_client):
    user = UserFactory(email="rosa@example.cl", full_name="Rosa Díaz")
    two_factor.give_device(user=user)
    device = RecoveryCodes.objects.get(user=user)
    listing = admin_client.get(reverse("admin:accounts_recoverycodes_changelist")).content.decode()
    assert str(user) in listing
    detail = admin_client.get(reverse("admin:accounts_recoverycodes_change", args=[device.pk])).content.decode()
    assert "pbkdf2" not in detail
    admin_client.post(reverse("admin:accounts_recoverycodes_delete", args=[device.pk]), {"post": "yes"})
    assert not RecoveryCodes.objects.filter(user=user).exists() and not RecoveryCode.objects.exists()
