from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from helix.accounts import two_factor

DEMO_EMAIL = "admin@helix.demo"
DEMO_PASSWORD = "helix-demo-2026"


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo staff account and print its credentials, with a new two-factor "
        "secret and recovery codes (staff must use two-factor authentication). For the local demo only."
    )

    def handle(self, *args, **options):
        user, _ = get_user_model().objects.get_or_create(
            email=DEMO_EMAIL, defaults={"full_name": "Equipo Helix", "is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        device, codes = two_factor.give_device(user=user)
        self.stdout.write(f"Demo admin: {DEMO_EMAIL} / {DEMO_PASSWORD}  (sign in at /accounts/login/)")
        self.stdout.write(f"Two-factor secret (add it to an authenticator app): {b32encode(device.bin_key).decode()}")
        self.stdout.write(f"  or scan/open: {device.config_url}")
        self.stdout.write("Recovery codes (each signs in once, instead of the app's code): " + " ".join(codes))
        self.stdout.write("A local demo may run with HELIX_STAFF_2FA_REQUIRED=0 instead (see README).")
