"""Carry existing recovery codes over: django-otp's static tokens (stored in clear) become hashed
RecoveryCode rows of a RecoveryCodes device, and the clear ones are deleted."""

from django.db import migrations

from helix.accounts import recovery_codes


def hash_static_tokens(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodes = apps.get_model("accounts", "RecoveryCodes")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    for old in StaticDevice.objects.all().order_by("pk"):
        device = RecoveryCodes.objects.create(user_id=old.user_id, name=old.name, confirmed=old.confirmed)
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, lookup=recovery_codes.lookup(t.token), code_hash=recovery_codes.digest(t.token))
            for t in old.token_set.all()
        )
        old.delete()  # its tokens (in clear) go with it


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_recovery_codes_hashed"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_static_tokens, migrations.RunPython.noop)]
