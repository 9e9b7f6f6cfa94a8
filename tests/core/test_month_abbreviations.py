"""“mié 9 dic”, never “mié 9 Dic” (issue 12 §7): templates abbreviate months with ``b`` (lower case),
not ``M`` (which Django capitalises)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from helix.notifications import domain
from helix.notifications.models import Kind, Notification
from tests.factories import UserFactory

DATE_FILTER = re.compile(r'date:"([^"]*)"')


def test_no_template_capitalises_a_month_abbreviation():
    offenders = []
    for template in Path(settings.BASE_DIR, "helix").rglob("templates/**/*.*"):
        for fmt in DATE_FILTER.findall(template.read_text(encoding="utf-8")):
            if "FORMAT" not in fmt and re.search(r"(?<!\\)M", fmt):
                offenders.append(f"{template}: {fmt}")
    assert offenders == []


@pytest.mark.django_db
def test_notifications_show_lower_case_months(client):
    user = UserFactory()
    domain.notify(user, Kind.MATCH, None, message="challenge_matches", url="/matching/", params={"title": "Agua"})
    Notification.objects.update(created_at=dt.datetime(2026, 12, 9, 13, 30, tzinfo=dt.UTC))  # 10:30 in Santiago
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "9 dic 2026 10:30" in page and "Dic" not in page
