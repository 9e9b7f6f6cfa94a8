from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_EMAIL = "admin@helix.demo"
DEMO_PASSWORD = "helix-demo-2026"


class Command(BaseCommand):
    help = "Create (or reset) the demo staff account and print its credentials. For the local demo only."

    def handle(self, *args, **options):
        user, _ = get_user_model().objects.get_or_create(
            email=DEMO_EMAIL, defaults={"full_name": "Equipo Helix", "is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        self.stdout.write(f"Demo admin: {DEMO_EMAIL} / {DEMO_PASSWORD}  (sign in at /accounts/login/)")
