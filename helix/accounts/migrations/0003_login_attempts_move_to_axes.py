# Failed sign-ins move from accounts.LoginAttempt to django-axes' AccessAttempt.

import datetime as dt

from django.db import migrations
from django.db.models import Count, Max
from django.utils import timezone


def carry_recent_failures(apps, schema_editor):
    """Carry the failures still inside the 15-minute window, so a lock in force stays in force."""
    LoginAttempt = apps.get_model("accounts", "LoginAttempt")
    AccessAttempt = apps.get_model("axes", "AccessAttempt")
    since = timezone.now() - dt.timedelta(minutes=15)
    groups = (
        LoginAttempt.objects.filter(created_at__gt=since)
        .values("email", "ip_address")
        .annotate(failures=Count("id"), last=Max("created_at"))
    )
    for g in groups:
        attempt = AccessAttempt.objects.create(
            username=g["email"],
            ip_address=g["ip_address"],
            user_agent="",
            get_data="",
            post_data="",
            http_accept="",
            path_info="",
            failures_since_start=g["failures"],
        )
        # attempt_time is auto_now_add: set the real time afterwards.
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=g["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_login_attempt"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.RunPython(carry_recent_failures, migrations.RunPython.noop),
        migrations.DeleteModel(name="LoginAttempt"),
    ]
